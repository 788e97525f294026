"""The demo database, seeded once per test run and copied for each page and browser test.

Seeding is the same as a first start (``prepare_data``), so main.py later finds an already seeded file.
"""

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from model.access.gate import Actor
from model.access.sessions import claim, new_browser_key, open_session
from model.common.clock import clock
from model.jobs.demo import seed_demo
from model.jobs.startup import Settings, open_database, prepare_data
from model.storage.db import close_database, connect_database, db
from model.storage.schema import Person
from tests.database_urls import copy_database_url, fresh_database_url, on_postgresql

ADMIN_EMAIL = 'trainer@example.com'
ADMIN_PASSWORD = 'tests-password'

_seeded: Path | None = None
_seeded_postgresql: str | None = None
_signed_in: tuple[Path, str, str] | None = None  # the demo with its admin signed in: file, session id, browser key
_seeded_at: dict[datetime, tuple[str, Actor]] = {}  # the demo account alone, seeded at a frozen instant: URL, admin
_folder = tempfile.TemporaryDirectory(prefix='workflows-seed-')  # removed when the test run ends


def demo_database_url(folder: Path) -> str:
    """A database of its own holding the seeded demo: a copied SQLite file, or a copy of a seeded PostgreSQL
    database (``CREATE DATABASE … TEMPLATE``) when the tests run on PostgreSQL."""
    if not on_postgresql():
        copy_demo_database(folder / 'pages.db')
        return f'sqlite:///{folder / "pages.db"}'
    global _seeded_postgresql
    if _seeded_postgresql is None:
        url = fresh_database_url(folder, empty=True)
        prepare_data(Settings(database_url=url, demo_data=True, admin_email=ADMIN_EMAIL,
                              admin_password=ADMIN_PASSWORD))
        close_database()
        _seeded_postgresql = url
    return copy_database_url(_seeded_postgresql)


def copy_demo_database(destination: Path) -> None:
    """Put a copy of the seeded demo database at ``destination`` (the first call seeds it)."""
    global _seeded
    if _seeded is None:
        path = Path(_folder.name) / 'demo.db'
        prepare_data(Settings(database_url=f'sqlite:///{path}', demo_data=True, admin_email=ADMIN_EMAIL,
                              admin_password=ADMIN_PASSWORD))
        db.execute_sql('PRAGMA wal_checkpoint(TRUNCATE)')  # everything in the one file that is copied
        close_database()
        _seeded = path
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_seeded, destination)


def copy_signed_in_demo(destination: Path) -> tuple[str, str]:
    """Put a copy of the demo where its admin is already signed in at ``destination``; returns the session id and
    the browser key that a browser's cookie holds once signed in there (browser tests start signed in this way
    instead of filling the form each time; the sign-in form has tests of its own)."""
    global _signed_in
    if _signed_in is None:
        path = Path(_folder.name) / 'signed-in.db'
        copy_demo_database(path)
        connect_database(f'sqlite:///{path}')
        try:
            key = new_browser_key()
            session_id = claim(open_session(Person.get(Person.email == ADMIN_EMAIL).id, key), key)
        finally:
            close_database()
        assert session_id is not None
        _signed_in = (path, session_id, key)
    shutil.copyfile(_signed_in[0], destination)
    return _signed_in[1], _signed_in[2]


def demo_account_copy(folder: Path, now: datetime) -> tuple[str, Actor]:
    """A database of its own holding only the demo account as :func:`seed_demo` makes it with the clock frozen at
    ``now`` (seeded once per run, then copied: 1–2 s saved per test); returns its URL and the demo's admin."""
    if now not in _seeded_at:
        url = fresh_database_url(Path(_folder.name) / f'demo-account-{len(_seeded_at)}')
        open_database(url)
        clock.freeze(now)
        try:
            admin = seed_demo()
            if not on_postgresql():
                db.execute_sql('PRAGMA wal_checkpoint(TRUNCATE)')  # everything in the one file that is copied
        finally:
            clock.reset()
            close_database()
        _seeded_at[now] = (url, admin)
    url, admin = _seeded_at[now]
    if on_postgresql():
        return copy_database_url(url), admin
    destination = folder / 'demo-account.db'
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(url.removeprefix('sqlite:///'), destination)
    return f'sqlite:///{destination}', admin
