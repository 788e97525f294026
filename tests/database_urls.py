"""Where tests put their databases: a SQLite file by default, a new PostgreSQL database per test when
``TEST_POSTGRESQL_URL`` names a server (``scripts/test.sh`` starts one and runs the tests again on it)."""

import os
import uuid
from pathlib import Path

from playhouse.db_url import connect

SERVER_URL = os.environ.get('TEST_POSTGRESQL_URL', '')  # postgresql://user@host:port/postgres
_migrated_template: str | None = None


def on_postgresql() -> bool:
    return bool(SERVER_URL)


def fresh_database_url(folder: Path, empty: bool = False) -> str:
    """The URL of a new database for one test: with the newest schema but no rows, or ``empty`` (no tables).

    On PostgreSQL it is a copy of a template database migrated once per run (much faster than migrating
    each new database).
    """
    if not SERVER_URL:
        folder.mkdir(parents=True, exist_ok=True)
        return f'sqlite:///{folder / "test.db"}'
    if empty:
        return copy_database_url(None)
    global _migrated_template
    if _migrated_template is None:
        from model.jobs.startup import open_database
        from model.storage.db import close_database

        _migrated_template = copy_database_url(None)
        open_database(_migrated_template)
        close_database()
    return copy_database_url(_migrated_template)


def copy_database_url(template_url: str | None) -> str:
    """A new PostgreSQL database holding a copy of ``template_url``'s (None: an empty one)."""
    name = f'wa_test_{uuid.uuid4().hex[:16]}'
    template = f' TEMPLATE {template_url.rsplit("/", 1)[1]}' if template_url else ''
    _on_server(f'CREATE DATABASE {name}{template}')
    return f'{SERVER_URL.rsplit("/", 1)[0]}/{name}'


def drop_database(url: str) -> None:
    if SERVER_URL and url.startswith('postgres'):
        _on_server(f'DROP DATABASE IF EXISTS {url.rsplit("/", 1)[1]} WITH (FORCE)')


def _on_server(statement: str) -> None:
    server = connect(SERVER_URL)
    try:
        server.execute_sql(statement)
    finally:
        server.close()
