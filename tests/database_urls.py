"""Where tests put their databases: a SQLite file by default, a PostgreSQL database of their own when
``TEST_POSTGRESQL_URL`` names a server (``scripts/test.sh`` starts one and runs the tests again on it)."""

import os
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

from peewee import DatabaseError
from playhouse.db_url import connect

SERVER_URL = os.environ.get('TEST_POSTGRESQL_URL', '')  # postgresql://user@host:port/postgres
_migrated_template: str | None = None
_template_shape: str | None = None  # the template's columns, indexes and schema version (``_SHAPE``)
_emptied: list[str] = []  # databases finished tests left with the template's shape, emptied for the next ones

_SHAPE = """SELECT md5(concat(
    (SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(column_default, ''),
                       ',' ORDER BY table_name, column_name)
       FROM information_schema.columns WHERE table_schema = 'public'),
    (SELECT string_agg(indexdef, ',' ORDER BY indexdef) FROM pg_indexes WHERE schemaname = 'public'),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM schema_version t)))"""
_LARGEST_TABLE = """SELECT coalesce(max((xpath('/row/n/text()', query_to_xml(
    format('SELECT count(*) AS n FROM (SELECT 1 FROM %%I LIMIT 1001) AS up_to_1001', tablename),
    false, true, '')))[1]::text::int), 0) FROM pg_tables WHERE schemaname = 'public'"""
_EMPTY_EVERY_TABLE = """DO $$
DECLARE name text;
BEGIN
    SET LOCAL lock_timeout = '2s';
    SET LOCAL session_replication_role = replica;  -- no foreign key checks: every table is emptied
    FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version' LOOP
        EXECUTE format('DELETE FROM %%I', name);  -- %% for psycopg2
    END LOOP;
    FOR name IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
        EXECUTE format('ALTER SEQUENCE %%I RESTART', name);
    END LOOP;
END $$"""


def on_postgresql() -> bool:
    return bool(SERVER_URL)


def fresh_database_url(folder: Path, empty: bool = False) -> str:
    """The URL of a new database for one test: with the newest schema but no rows, or ``empty`` (no tables).

    On PostgreSQL it is a copy of a template database migrated once per run (much faster than migrating
    each new database), or one an earlier test left and ``release_database`` emptied.
    """
    if not SERVER_URL:
        folder.mkdir(parents=True, exist_ok=True)
        return f'sqlite:///{folder / "test.db"}'
    if empty:
        return copy_database_url(None)
    global _migrated_template, _template_shape
    if _migrated_template is None:
        from model.jobs.startup import open_database
        from model.storage.db import close_database

        _migrated_template = copy_database_url(None)
        open_database(_migrated_template)
        close_database()
        _template_shape = _value(_SHAPE, _migrated_template)
    return _emptied.pop() if _emptied else copy_database_url(_migrated_template)


def release_database(url: str) -> None:
    """Done with a database of ``fresh_database_url``. On PostgreSQL it is emptied for the next test when its
    tables are still the template's and hold few rows: deleting a test's few rows takes about 20 ms, a new copy
    of the template about 110 ms (``CREATE DATABASE`` copies every file). A database that held thousands of rows
    (a seeded demo) is dropped instead: the rows it deleted would slow the next test down until vacuumed."""
    if not SERVER_URL:
        return
    try:
        with closing(connect(url)) as database:
            reusable = (database.execute_sql(_SHAPE).fetchone()[0] == _template_shape
                        and database.execute_sql(_LARGEST_TABLE).fetchone()[0] <= 1000)
            if reusable:
                database.execute_sql(_EMPTY_EVERY_TABLE)
    except DatabaseError:  # a lock the test left behind: a new copy serves the next test
        reusable = False
    if reusable:
        _emptied.append(url)
    else:
        drop_database(url)


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
    with closing(connect(SERVER_URL)) as server:
        server.execute_sql(statement)


def _value(query: str, url: str) -> Any:
    with closing(connect(url)) as database:
        return database.execute_sql(query).fetchone()[0]
