"""Page tests with NiceGUI's simulated ``user``: each test gets its own copy of the demo database (seeded once
per run) and starts signed in as the demo admin (``anonymous_user`` starts signed out)."""

import base64
import gc
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from nicegui.testing import User

from model.access.gate import Actor
from model.access.people import first_account_of
from model.access.signin import hash_password
from model.common import events
from model.common.clock import clock
from model.storage.db import close_database
from model.storage.schema import Person
from tests.database_urls import drop_database
from tests.factories import join
from tests.seeded import ADMIN_EMAIL, ADMIN_PASSWORD, demo_database_url
from ui.session import BROWSER_KEY

__all__ = ['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'admin', 'sign_in']
MEMBER_PASSWORD = 'member-tests-password'


@pytest.fixture(autouse=True)
def page_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """main.py reads DATABASE_URL when the ``user`` fixture runs it: point it at a fresh copy of the demo."""
    url = demo_database_url(tmp_path)
    monkeypatch.setenv('DATABASE_URL', url)
    monkeypatch.setenv('DEMO_DATA', '1')
    monkeypatch.setenv('STORAGE_SECRET', 'page-tests-storage-secret')
    monkeypatch.setenv('SIMULATOR', '0')  # deterministic pages; simulator tests drive it themselves
    monkeypatch.setenv('ADMIN_EMAIL', ADMIN_EMAIL)
    monkeypatch.setenv('ADMIN_PASSWORD', ADMIN_PASSWORD)
    yield url
    clock.reset()
    close_database()
    drop_database(url)


@pytest.fixture(autouse=True)
def forget_the_pages() -> Iterator[None]:
    """After a page test, let its pages go. NiceGUI's reset forgets its clients, but the model's announcement
    listeners (the live-update hub, each page's access watch) still hold them, and through them every element.
    Kept, they piled up and NiceGUI's two garbage collections per test scanned them all again: page tests took
    1 s more for every 25 before them (4 s each by the hundredth). The next test imports fresh page modules;
    what survives is frozen, so later collections skip it."""
    listeners = set(events._listeners)
    yield
    with events._lock:
        events._listeners.intersection_update(listeners)
    for name in [name for name in sys.modules if name == 'ui' or name.startswith('ui.')]:
        del sys.modules[name]
    gc.collect()
    gc.freeze()


PATIENCE = 100  # should_see retries every 0.1 s: up to 10 s, what a person waits on a busy machine before giving up


@pytest.fixture(autouse=True)
def patient_user(monkeypatch: pytest.MonkeyPatch) -> None:
    """``should_see`` returns as soon as the thing shows, ``should_not_see`` as soon as it is gone; NiceGUI's
    default gives up after 0.3 s, which a busy machine overruns (a page opened by a click, a live update). One
    patience for every page test instead of a retry count at each call."""
    for name in ('should_see', 'should_not_see'):
        monkeypatch.setattr(User, name, patient(getattr(User, name)))


def patient(wait: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    async def patiently(self: User, *args: Any, retries: int = PATIENCE, **kwargs: Any) -> None:
        await wait(self, *args, retries=retries, **kwargs)
    return patiently


async def sign_in(user: User, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD) -> None:
    await user.open('/signin')
    user.find(marker='signin-email').type(email)
    user.find(marker='signin-password').type(password)
    user.find(marker='signin-submit').click()
    await user.should_see(marker='nav-workflows')


@pytest.fixture
async def user(user: User) -> AsyncIterator[User]:
    """NiceGUI's simulated user, signed in as the demo admin (sign out for the signed-out view)."""
    await sign_in(user)
    yield user


def browser_key_of(user: User) -> str:
    """The key this simulated browser's sign-in form gave it (in NiceGUI's signed session cookie)."""
    signed = user.http_client.cookies.get('session') or ''
    data = json.loads(base64.b64decode(signed.split('.')[0]))
    return str(data[BROWSER_KEY])


def admin() -> Actor:
    """The demo admin, for tests that act behind the pages' back (another person, the clock...)."""
    return first_account_of(Person.get(Person.email == ADMIN_EMAIL).id)


def add_person(email: str, name: str, role: str) -> str:
    """Add a member to the demo account with a password of their own (no temporary one to change first)."""
    join(admin(), email, name, role)
    Person.update(password_hash=hash_password(MEMBER_PASSWORD), temporary_password_at=None) \
        .where(Person.email == email).execute()
    return MEMBER_PASSWORD
