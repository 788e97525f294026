"""Two app processes on one PostgreSQL database, behind nginx (deploy/nginx.conf): they behave as one app.

Needs the PostgreSQL server that ``scripts/test.sh`` starts (``TEST_POSTGRESQL_SERVER``) and Debian's nginx.
"""

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from playwright.sync_api import Error as PlaywrightError

from model.storage.db import close_database, connect_database
from model.storage.schema import Lease
from tests.browser.conftest import ROOT, Server, Site, free_port, signed_in_page
from tests.browser.test_main_journey import EVERYTHING, row

SERVER_URL = os.environ.get('TEST_POSTGRESQL_SERVER') or os.environ.get('TEST_POSTGRESQL_URL', '')
NGINX = shutil.which('nginx') or ('/usr/sbin/nginx' if Path('/usr/sbin/nginx').exists() else '')
ACTIVE_ONE = 'Abandoned cart – 2 hours'  # active in the demo account
A_DRAFT = 'Cart recovery with discount'  # a draft without errors
pytestmark = pytest.mark.skipif(not (SERVER_URL and NGINX), reason='needs the test PostgreSQL server and nginx')


class Nginx:
    """Debian's nginx with the repository's configuration, on a free loopback port, in front of ``servers``."""

    def __init__(self, folder: Path, servers: list[Server]) -> None:
        folder.mkdir()
        self.folder, self.port = folder, free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        upstreams = ' '.join(f'server 127.0.0.1:{server.port};' for server in servers)
        config = ((ROOT / 'deploy' / 'nginx.conf').read_text()
                  .replace('@PREFIX@', str(folder)).replace('@LISTEN@', f'127.0.0.1:{self.port}')
                  .replace('@UPSTREAMS@', upstreams))
        (folder / 'nginx.conf').write_text(config)
        subprocess.run([NGINX, '-c', str(folder / 'nginx.conf'), '-p', str(folder)], check=True)

    def stop(self) -> None:
        subprocess.run([NGINX, '-c', str(self.folder / 'nginx.conf'), '-p', str(self.folder), '-s', 'stop'],
                       check=False)


@pytest.fixture
def two_processes(tmp_path: Path) -> Iterator[tuple[Server, Server, Nginx, str]]:
    database = f'{SERVER_URL.rsplit("/", 1)[0]}/wa_two_{uuid.uuid4().hex[:12]}'
    subprocess.run(['psql', '-q', SERVER_URL, '-c', f'CREATE DATABASE {database.rsplit("/", 1)[1]}'], check=True)
    started: list[Server] = []
    try:
        for name in ('a', 'b'):  # started together: one creates and seeds the database, the other finds it
            (tmp_path / name).mkdir()
            started.append(Server(tmp_path / name, wait=False, DATABASE_URL=database, SIMULATOR='1',
                                  SIMULATOR_SECONDS='0.5', NICEGUI_STORAGE_PATH=str(tmp_path / name / 'storage')))
        for server in started:
            server.wait_until_up()
        proxy = Nginx(tmp_path / 'nginx', started)
        yield started[0], started[1], proxy, database
        proxy.stop()
    finally:
        for server in started:
            server.stop()


def test_a_change_in_one_process_shows_in_the_other_and_through_nginx(
        browser: Browser, two_processes: tuple[Server, Server, Nginx, str]) -> None:
    first, second, proxy, database = two_processes
    sites: tuple[Site, ...] = (first, second, proxy)
    on_first, on_second, through_nginx = pages = [signed_in_page(browser, site) for site in sites]
    for site, page in zip(sites, pages, strict=True):
        page.goto(site.url + EVERYTHING)
        expect(row(page, ACTIVE_ONE)).to_contain_text('Active')

    row(on_first, ACTIVE_ONE).get_by_role('button', name='Finalize').click()
    expect(on_first.get_by_text(f'"{ACTIVE_ONE}" finalized')).to_be_visible()
    expect(row(on_second, ACTIVE_ONE)).to_contain_text('Finalized')
    expect(row(through_nginx, ACTIVE_ONE)).to_contain_text('Finalized')

    row(through_nginx, A_DRAFT).get_by_role('button', name='Start').click()  # over nginx's websocket
    expect(through_nginx.get_by_text(f'"{A_DRAFT}" started')).to_be_visible()
    expect(row(on_first, A_DRAFT)).to_contain_text('Active')
    expect(row(on_second, A_DRAFT)).to_contain_text('Active')
    for page in pages:
        try:
            page.context.close()
        except PlaywrightError:
            pass

    connect_database(database)
    try:  # both processes run the simulator timer; one holds the lease, so nothing is counted twice
        assert Lease.select().where(Lease.name == 'simulator').count() == 1
        assert Lease.select().where(Lease.name.startswith('process:')).count() == 2
    finally:
        close_database()
