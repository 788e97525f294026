"""Shared fixtures: a real temporary SQLite file per test, a frozen clock, and an actor in a seeded account."""

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from model.access import sessions, throttle
from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.access.signin import FAST_HASHING_FOR_TESTS
from model.common.clock import clock
from model.jobs.startup import open_database
from model.storage.db import close_database
from tests.database_urls import drop_database, fresh_database_url, release_database
from tests.seeded import demo_account_copy

FROZEN_NOW = datetime(2026, 11, 24, 12, 0, 0)
os.environ[FAST_HASHING_FOR_TESTS] = '1'  # this process and the servers it starts; never set in production

settings.register_profile('ci', derandomize=True)  # CI explores the same examples every run
settings.register_profile('deep', max_examples=3000)  # HYPOTHESIS_PROFILE=deep for a long hunt
settings.load_profile(os.environ.get('HYPOTHESIS_PROFILE', 'ci' if os.environ.get('CI') else 'default'))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests are marked ``browser`` and run last (``-m "not browser"`` leaves them out): they are the
    slowest, and Playwright's event loop must not be open while the asyncio page tests run."""
    browser_folder = Path(__file__).parent / 'browser'
    for item in items:
        if browser_folder in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker('browser') is not None)  # stable: the rest keep their order


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database (a temporary SQLite file, or a new PostgreSQL database when the tests run
    on PostgreSQL), bound, with the clock frozen at ``FROZEN_NOW``."""
    url = fresh_database_url(tmp_path)
    open_database(url)
    clock.freeze(FROZEN_NOW)
    yield url
    clock.reset()
    close_database()
    release_database(url)


@pytest.fixture
def demo_database(tmp_path: Path) -> Iterator[tuple[str, Actor]]:
    """Like ``database``, holding the demo account as seeded at ``FROZEN_NOW``: its URL and the demo's admin."""
    url, admin = demo_account_copy(tmp_path, FROZEN_NOW)
    open_database(url)
    clock.freeze(FROZEN_NOW)
    yield url, admin
    clock.reset()
    close_database()
    drop_database(url)


@pytest.fixture
def actor(database: str) -> Actor:
    """The admin of a fresh, empty account."""
    return create_account_with_admin('Test account', 'admin@example.com', 'Admin')


class Wall:
    """Real time as the throttle sees it, moved by the test (sign-in limits and sessions)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 12, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> Wall:
    moved = Wall()
    monkeypatch.setattr(throttle, 'real_now', moved)
    monkeypatch.setattr(sessions, 'real_now', moved)
    return moved
