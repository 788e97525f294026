"""The database handle, bound at start-up from a ``DATABASE_URL``.

A ``DatabaseProxy`` rather than ``SqliteDatabase(None)`` so the same models run on PostgreSQL
later: only :func:`connect_database` knows which engine is behind the URL.
"""

from pathlib import Path

from peewee import DatabaseProxy, SqliteDatabase
from playhouse.db_url import connect

from model.common.clock import clock

db = DatabaseProxy()
SQLITE_PREFIX = 'sqlite:///'
ID_CHUNK = 500  # ids per `IN (...)`: a selection may hold more than SQLite's 32,766 variables per statement

SQLITE_PRAGMAS = {
    'journal_mode': 'wal',
    'foreign_keys': 1,
    'synchronous': 'normal',
    'busy_timeout': 5000,
    'cache_size': -32 * 1024,
}


def sqlite_path(url: str) -> Path | None:
    """The file an SQLite ``DATABASE_URL`` names (relative to the working directory); None for another engine."""
    return Path(url.removeprefix(SQLITE_PREFIX)) if url.startswith(SQLITE_PREFIX) else None


def connect_database(url: str) -> None:
    """Bind ``db`` to the database at ``url``; nothing more (start-up migrates: ``model.jobs.startup``)."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # BEGIN IMMEDIATE: a transaction that reads then writes takes the write lock up front, so two
        # concurrent writers queue (busy_timeout) instead of the second failing with "database is locked".
        database = SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type='IMMEDIATE')
    else:
        database = connect(url)
    db.initialize(database)
    clock.forget_stored_offsets()


def close_database() -> None:
    clock.read_stored_offsets = dict
    clock.forget_stored_offsets()
    if db.obj is not None and not db.is_closed():
        db.close()
