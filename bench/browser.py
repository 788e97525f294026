"""Browser and memory figures: the app as a subprocess on the benchmark database, Debian's Chromium driving it."""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.dataset import BENCH_EMAIL, BENCH_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get('CHROME_BINARY_LOCATION', '/usr/bin/chromium')
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run']


@dataclass
class BrowserFigures:
    first_rows_ms: float
    search_ms: float
    rss_one_mb: float
    rss_twenty_mb: float

    @property
    def per_page_mb(self) -> float:
        return (self.rss_twenty_mb - self.rss_one_mb) / 19


def measure_browser(database: Path, runs: int = 5) -> BrowserFigures:
    with running_app(database) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context()
        sign_in(context.new_page(), url)
        first_rows, searches = [], []
        for _ in range(runs):
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            page.locator('.workflow-row').first.wait_for()
            first_rows.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            page.get_by_label('Search').fill('campaign 42')
            page.wait_for_function("document.querySelector('.workflow-row a')?.textContent.includes('campaign 42')")
            searches.append((time.perf_counter() - start) * 1000)
            page.close()
        one = context.new_page()
        one.goto(url)
        one.locator('.workflow-row').first.wait_for()
        time.sleep(2)
        rss_one = _rss_mb(_server_pid)
        pages = [context.new_page() for _ in range(19)]
        for page in pages:
            page.goto(url)
            page.locator('.workflow-row').first.wait_for()
        time.sleep(2)
        rss_twenty = _rss_mb(_server_pid)
        browser.close()
    return BrowserFigures(statistics.median(first_rows), statistics.median(searches), rss_one, rss_twenty)


_server_pid = 0


@contextmanager
def running_app(database: Path, app: Path = ROOT) -> Iterator[str]:
    """``app``'s main.py serving ``database``; yields its URL."""
    global _server_pid
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != 'PYTEST_CURRENT_TEST'}
    env |= {'DATABASE_URL': f'sqlite:///{database}', 'PORT': str(port), 'DEMO_DATA': '0',
            'STORAGE_SECRET': 'bench-storage-secret-for-measuring', 'SWEEP_SECONDS': '3600', 'SIMULATOR': '0'}
    log = tempfile.TemporaryFile()
    server = subprocess.Popen([sys.executable, 'main.py'], cwd=app, env=env, stdout=subprocess.DEVNULL, stderr=log)
    _server_pid = server.pid
    try:
        try:
            _wait_for(port)
        except RuntimeError:
            log.seek(0)
            raise RuntimeError(f'the server did not start: {log.read().decode(errors="replace")[-2000:]}') from None
        yield f'http://127.0.0.1:{port}/'
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def sign_in(page, url: str) -> None:
    page.goto(url + 'signin')
    page.get_by_label('Email').fill(BENCH_EMAIL)
    page.get_by_label('Password').fill(BENCH_PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    page.locator('.workflow-row').first.wait_for()
    page.close()


def _rss_mb(pid: int) -> float:
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return 0.0


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError('the server did not start')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]
