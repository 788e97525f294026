"""The only place with SQL that one engine understands and the other does not (SQLite / PostgreSQL).

Everything else in ``model/`` is portable Peewee. ``tests/test_engine.py`` runs each function on both.
"""

from peewee import Model, PostgresqlDatabase

from model.db import db


def is_postgresql() -> bool:
    return isinstance(db.obj, PostgresqlDatabase)


def reset_sequence(model: type[Model]) -> None:
    """After rows were inserted with explicit ids, make the next generated id follow the highest one.

    SQLite's rowids already do; PostgreSQL's serial sequences do not.
    """
    if not is_postgresql():
        return
    table, key = model._meta.table_name, model._meta.primary_key.column_name  # type: ignore[union-attr]
    db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key}'), "
                   f'COALESCE((SELECT MAX("{key}") FROM "{table}"), 0) + 1, false)')
