"""The only place with SQL that one engine understands and the other does not (SQLite / PostgreSQL).

Everything else in ``model/`` is portable Peewee. ``tests/test_engine.py`` runs each function on both.
"""

import select
from typing import Any

from peewee import AutoField, Model, PostgresqlDatabase

from model.storage.db import db


def is_postgresql() -> bool:
    return isinstance(db.obj, PostgresqlDatabase)


def reset_sequence(model: type[Model]) -> None:
    """After rows were inserted with explicit ids, make the next generated id follow the highest one.

    SQLite's rowids already do; PostgreSQL's serial sequences do not.
    """
    if not is_postgresql() or not isinstance(model._meta.primary_key, AutoField):
        return
    table, key = model._meta.table_name, model._meta.primary_key.column_name  # type: ignore[union-attr]
    db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key}'), "
                   f'COALESCE((SELECT MAX("{key}") FROM "{table}"), 0) + 1, false)')


def notify(channel: str, payload: str) -> None:
    """PostgreSQL ``NOTIFY``: delivered to every listening connection when the current transaction commits."""
    db.execute_sql('SELECT pg_notify(%s, %s)', (channel, payload))


def listening_connection(channel: str) -> Any:
    """A new PostgreSQL connection of its own (psycopg2), in autocommit mode, listening on ``channel``."""
    import psycopg2  # only needed on PostgreSQL

    database = db.obj
    connection = psycopg2.connect(dbname=database.database, **database.connect_params)
    connection.autocommit = True
    connection.cursor().execute(f'LISTEN "{channel}"')
    return connection


def received(connection: Any, wait_seconds: float) -> list[str]:
    """The payloads that arrived on a :func:`listening_connection` within ``wait_seconds``."""
    if select.select([connection], [], [], wait_seconds) == ([], [], []):
        return []
    connection.poll()
    payloads = [message.payload for message in connection.notifies]
    connection.notifies.clear()
    return payloads


def lock_account(account_id: int) -> None:
    """Inside a transaction: make the account's other writers wait until it ends.

    Read-then-write rules (the next execution-order position, the next ``[n]`` badge, a folder name unique
    among siblings) need it on PostgreSQL, whose transactions run side by side; SQLite's ``BEGIN IMMEDIATE``
    transactions are already one at a time (and SQLite has no ``FOR UPDATE``).
    """
    if not is_postgresql():
        return
    from model.storage.schema import Account

    # NO KEY UPDATE: writers of one account queue here, while foreign-key checks of rows that point at the account
    # (an activity entry written by the sweep, say) still go through, so the two cannot deadlock
    Account.select(Account.id).where(Account.id == account_id).for_update('FOR NO KEY UPDATE').execute()  # type: ignore[arg-type]



def serialize(purpose: str) -> None:
    """Inside a transaction: processes doing ``purpose`` (migrating, seeding a new database) take turns.

    A PostgreSQL transaction-level advisory lock; SQLite's write transactions are one at a time already.
    """
    if is_postgresql():
        db.execute_sql('SELECT pg_advisory_xact_lock(hashtext(%s))', (f'workflows_area:{purpose}',))
