"""Real-browser tests: the app runs as a subprocess on a free port, Debian's Chromium drives it (Playwright)."""

import base64
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from uuid import uuid4

import pytest
from itsdangerous import TimestampSigner
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.seeded import ADMIN_EMAIL, ADMIN_PASSWORD, copy_signed_in_demo
from ui.session import BROWSER_KEY, SESSION_KEY

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get('CHROME_BINARY_LOCATION', '/usr/bin/chromium')
PATIENCE_MS = 10_000  # how long a test waits for what a person waits for, on a busy machine
expect.set_options(timeout=PATIENCE_MS)  # one patience for every assertion instead of a timeout at each call
STORAGE_SECRET = 'browser-tests-storage-secret'
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--no-first-run']


class Site(Protocol):
    url: str


class Server:
    """main.py on a copy of the seeded demo database (``DEMO_DATA='0'`` in ``env``: a new, empty one)."""

    def __init__(self, tmp_path: Path, wait: bool = True, **env: str) -> None:
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.log = tmp_path / 'server.log'
        self.database = tmp_path / 'browser.db'
        environment = {key: value for key, value in os.environ.items() if key != 'PYTEST_CURRENT_TEST'}
        environment |= {'DATABASE_URL': f'sqlite:///{self.database}', 'PORT': str(self.port),
                        'HOST': '127.0.0.1', 'STORAGE_SECRET': STORAGE_SECRET, 'DEMO_DATA': '1',
                        'SIMULATOR': '0',
                        'ADMIN_EMAIL': ADMIN_EMAIL, 'ADMIN_PASSWORD': ADMIN_PASSWORD, **env}
        self.admin_session: tuple[str, str] | None = None  # (session id, browser key) of the demo admin
        if environment['DEMO_DATA'] == '1':
            self.admin_session = copy_signed_in_demo(self.database)
        with self.log.open('w') as log:
            self.process = subprocess.Popen([sys.executable, 'main.py'], cwd=ROOT, env=environment,
                                            stdout=log, stderr=subprocess.STDOUT)
        if wait:
            self.wait_until_up()

    def wait_until_up(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f'The server stopped:\n{self.log.read_text()}')
            try:
                with socket.create_connection(('127.0.0.1', self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f'The server did not start:\n{self.log.read_text()}')

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def server(spare_servers: list[Server], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """main.py on its own copy of the signed-in demo. It was started while the test before ran: a server takes
    1–2 s of CPU to start, and the test before mostly waits for its browser."""
    running = spare_servers.pop() if spare_servers else Server(tmp_path_factory.mktemp('server'), wait=False)
    spare_servers.append(Server(tmp_path_factory.mktemp('server'), wait=False))
    running.wait_until_up()
    yield running
    running.stop()


@pytest.fixture(scope='session')
def spare_servers() -> Iterator[list[Server]]:
    """The next test's server (one at most), stopped when the run ends."""
    spares: list[Server] = []
    yield spares
    for spare in spares:
        spare.stop()


@pytest.fixture(scope='module')
def browser() -> Iterator[Browser]:
    """One Chromium per test module: Playwright's sync API keeps an event loop running while it is open,
    which must be closed again before the asyncio page tests run."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    """A page on the list, signed in as the demo admin (``admin_page``)."""
    opened = admin_page(browser, server)
    yield opened
    opened.context.close()


def admin_page(browser: Browser, server: Server, path: str = '/') -> Page:
    """A new browser context on ``path``, signed in as the demo admin: it holds the cookie of a session the seeded
    copy already has, as after the sign-in form (2 s saved per test; other browsers sign in with the form)."""
    assert server.admin_session is not None, 'a server on the demo has the admin signed in'
    context = new_context(browser)
    context.add_cookies([{'name': 'session', 'value': session_cookie(*server.admin_session), 'url': server.url}])
    opened = context.new_page()
    opened.goto(server.url + path)
    opened.get_by_role('link', name='Workflows').first.wait_for()
    return opened


def session_cookie(session_id: str, browser_key: str) -> str:
    """NiceGUI's session cookie (Starlette's: base64 JSON signed with the storage secret) holding a sign-in."""
    data = {'id': str(uuid4()), SESSION_KEY: session_id, BROWSER_KEY: browser_key}
    return TimestampSigner(STORAGE_SECRET).sign(base64.b64encode(json.dumps(data).encode())).decode()


def new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={'width': 1400, 'height': 1000}, accept_downloads=True)
    context.set_default_timeout(PATIENCE_MS)
    return context


def signed_in_page(browser: Browser, server: Site, email: str = ADMIN_EMAIL,
                   password: str = ADMIN_PASSWORD) -> Page:
    """A new browser context (its own cookies), signed in."""
    opened = new_context(browser).new_page()
    opened.goto(server.url + '/signin')
    opened.get_by_label('Email').fill(email)
    opened.get_by_label('Password').fill(password)
    opened.get_by_role('button', name='Sign in').click()
    opened.get_by_role('link', name='Workflows').first.wait_for()
    return opened


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]
