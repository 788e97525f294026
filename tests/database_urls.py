"""Where tests put their databases: a SQLite file by default, a fresh PostgreSQL database when
``TEST_POSTGRESQL_URL`` names a server (``scripts/test.sh`` starts one and runs the tests again on it)."""

import os
import uuid
from pathlib import Path

from peewee import PostgresqlDatabase

SERVER_URL = os.environ.get('TEST_POSTGRESQL_URL', '')  # postgresql://user@host:port/postgres


def on_postgresql() -> bool:
    return bool(SERVER_URL)


def fresh_database_url(folder: Path) -> str:
    """The URL of a new, empty database for one test."""
    if not SERVER_URL:
        folder.mkdir(parents=True, exist_ok=True)
        return f'sqlite:///{folder / "test.db"}'
    name = f'wa_{uuid.uuid4().hex[:16]}'
    _server().execute_sql(f'CREATE DATABASE {name}')
    return f'{SERVER_URL.rsplit("/", 1)[0]}/{name}'


def _server() -> PostgresqlDatabase:
    from playhouse.db_url import connect

    server = connect(SERVER_URL, autocommit=True)
    return server
