"""Schema versions: the version stored in the database and the ordered steps that bring an older one up to date.

Version 1 is the first release's schema (commit 66af114); the steps after it are in ``model/storage/schema_steps.py``.
Every schema change ships with its step and a test that upgrades a database of the previous version
(``docs/operations.md``).

All pending steps run in one transaction (SQLite and PostgreSQL both roll DDL back), before anything
else touches the data: a failing step leaves the database exactly as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass

from peewee import Database, IntegerField, PostgresqlDatabase
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator

from model.storage.db import db
from model.storage.engine import serialize
from model.storage.schema import ALL_MODELS, BaseModel
from model.storage.schema_steps import MIGRATIONS, Step


class SchemaVersion(BaseModel):
    """One row: the version of the schema this database has."""

    version = IntegerField()

    class Meta:
        table_name = 'schema_version'


class MigrationError(Exception):
    """The database cannot be brought to this code's version; nothing was written."""




LATEST_VERSION = 1 + len(MIGRATIONS)
FIRST_RELEASE_TABLES = frozenset({'account', 'workflow', 'node', 'person'})


@dataclass(frozen=True)
class PendingStep:
    version: int  # the version the database has once this step ran
    description: str


def stored_version(database: Database) -> int | None:
    """The database's schema version; 1 for a first-release database without one; None when it has no tables."""
    tables = set(database.get_tables())
    if 'schema_version' in tables:
        row = SchemaVersion.select(SchemaVersion.version).first()
        if row is None:
            raise MigrationError('The schema_version table is empty: this database was not made by Workflows Area')
        return int(row.version)
    if FIRST_RELEASE_TABLES <= tables:
        return 1
    if tables & {model._meta.table_name for model in ALL_MODELS}:
        raise MigrationError(f'This database has some of Workflows Area\'s tables but not all of them '
                             f'({", ".join(sorted(tables))}): it was not made by Workflows Area')
    return None


def pending_steps(version: int) -> list[PendingStep]:
    """The steps a database at ``version`` still needs, after checking it is not newer than this code."""
    if version > LATEST_VERSION:
        raise MigrationError(f'This database has schema version {version}, newer than this code (version '
                             f'{LATEST_VERSION}): upgrade Workflows Area, or restore a backup made by this version. '
                             'Nothing was changed.')
    return [PendingStep(number + 2, _describe(step)) for number, step in enumerate(MIGRATIONS)
            if number + 1 >= version]


def migrate_database(report: Callable[[str], object] = lambda line: None) -> list[PendingStep]:
    """Bring the bound database to :data:`LATEST_VERSION` in one transaction; returns the steps applied.

    A database with no tables gets the newest schema at once.
    """
    database = db.obj
    with db.atomic():
        serialize('migrate')  # processes starting together: the first migrates, the others find it done
        version = stored_version(database)
        if version is None:
            database.create_tables([*ALL_MODELS, SchemaVersion])
            SchemaVersion.create(version=LATEST_VERSION)
            report(f'Created a new database at schema version {LATEST_VERSION}')
            return []
        steps = pending_steps(version)
        migrator = _migrator_for(database)
        for pending in steps:
            report(f'Migrating to version {pending.version}: {pending.description}')
            try:
                MIGRATIONS[pending.version - 2](migrator)
            except Exception as error:
                raise MigrationError(f'Migration to version {pending.version} ({pending.description}) failed: '
                                     f'{error}. The database was rolled back to version {version}; '
                                     'nothing was changed.') from error
        if steps:
            if 'schema_version' not in database.get_tables():
                database.create_tables([SchemaVersion])
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=LATEST_VERSION)
            report(f'The database is now at schema version {LATEST_VERSION}')
    return steps


def _migrator_for(database: Database) -> SchemaMigrator:
    if isinstance(database, PostgresqlDatabase):
        return PostgresqlMigrator(database)
    return SqliteMigrator(database)


def _describe(step: Step) -> str:
    return (step.__doc__ or step.__name__).strip().splitlines()[0]
