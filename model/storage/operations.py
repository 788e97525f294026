"""What an operator runs from the command line: migrate, back up and restore (``python main.py --help``).

Each command returns the lines to print, or raises :class:`OperationError` with one clear message.
SQLite backups use SQLite's online backup API (consistent while the app writes); PostgreSQL backups are
``pg_dump``'s custom format, restored with ``pg_restore``.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from model.storage.db import close_database, connect_database, db, sqlite_path
from model.storage.leases import running_processes
from model.storage.migrations import LATEST_VERSION, MigrationError, migrate_database, pending_steps, stored_version
from model.storage.schema import Account, Lease, Workflow

SQLITE_HEADER = b'SQLite format 3\x00'


class OperationError(Exception):
    """The command could not be done; nothing was changed."""


def migrate(url: str, check_only: bool) -> list[str]:
    lines: list[str] = []
    connect_database(url)
    try:
        version = stored_version(db.obj)
        if version is None:
            if check_only:
                return [f'The database is empty: the next start creates it at schema version {LATEST_VERSION}']
            migrate_database(lines.append)
            return lines
        steps = pending_steps(version)
        lines.append(f'Schema version {version}; this code needs version {LATEST_VERSION}')
        if check_only:
            lines += [f'  pending: version {step.version}: {step.description}' for step in steps] or ['  up to date']
            return lines
        migrate_database(lines.append)
        return lines if steps else [*lines, 'Nothing to do']
    except MigrationError as error:
        raise OperationError(str(error)) from error
    finally:
        close_database()


def backup(url: str, destination: Path) -> list[str]:
    """A consistent copy of the database at ``url``, taken while the app may be writing."""
    source = sqlite_path(url)
    if source is None:
        _run(['pg_dump', '--format=custom', '--no-owner', f'--file={destination}', url], 'pg_dump')
        destination.chmod(0o600)
        return [f'Backed up {_safe(url)} to {destination} (pg_dump custom format; restore with '
                f'python main.py restore {destination})']
    if not source.exists():
        raise OperationError(f'There is no database at {source} to back up')
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + '.partial')
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as reading, sqlite3.connect(partial) as writing:
        reading.backup(writing)  # one read snapshot: everything committed before it began, nothing half-done
    writing.close()
    partial.chmod(0o600)
    os.replace(partial, destination)
    return [f'Backed up {source} to {destination} ({_describe_sqlite(destination)})']


def restore(url: str, backup_file: Path) -> list[str]:
    """Put a backup back in place of the database at ``url`` (the app must be stopped), then migrate it."""
    if not backup_file.is_file():
        raise OperationError(f'{backup_file} does not exist')
    _refuse_if_running(url)
    target = sqlite_path(url)
    if target is None:
        return _restore_postgresql(url, backup_file)
    version = _sqlite_backup_version(backup_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(target.name + '.restoring')
    staged.unlink(missing_ok=True)
    with sqlite3.connect(backup_file) as reading, sqlite3.connect(staged) as writing:
        reading.backup(writing)
    writing.close()
    lines = _finish_restore(f'sqlite:///{staged}')
    for leftover in (Path(f'{target}-wal'), Path(f'{target}-shm')):
        leftover.unlink(missing_ok=True)
    staged.chmod(0o600)
    os.replace(staged, target)
    return [f'Restored {backup_file} (schema version {version}) to {target}', *lines]


def _finish_restore(url: str) -> list[str]:
    """Migrate the restored copy and forget the leases of the processes that ran when it was taken."""
    lines: list[str] = []
    connect_database(url)
    try:
        migrate_database(lines.append)
        Lease.delete().execute()
        lines.append(f'{Account.select().count()} accounts, {Workflow.select().count()} workflows, '
                     f'schema version {LATEST_VERSION}')
    except MigrationError as error:
        raise OperationError(str(error)) from error
    finally:
        close_database()
    return lines


def _refuse_if_running(url: str) -> None:
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return
    connect_database(url)
    try:
        running = running_processes() if 'lease' in db.get_tables() else []
    finally:
        close_database()
    if running:
        raise OperationError(f'The app is running on this database (process {", ".join(running)}): stop it '
                             'first, then restore. Nothing was changed.')


def _sqlite_backup_version(path: Path) -> int:
    with path.open('rb') as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise OperationError(f'{path} is not a backup of Workflows Area (not a SQLite database)')
    connect_database(f'sqlite:///{path}')
    try:
        version = stored_version(db.obj)
    except MigrationError as error:
        raise OperationError(f'{path} is not a backup of Workflows Area: {error}') from error
    finally:
        close_database()
    if version is None:
        raise OperationError(f'{path} is not a backup of Workflows Area (it has none of its tables)')
    _refuse_newer(path, version)
    return version


def _refuse_newer(path: Path, version: int) -> None:
    if version > LATEST_VERSION:
        raise OperationError(f'{path} is a backup of schema version {version}, newer than this code (version '
                             f'{LATEST_VERSION}): upgrade Workflows Area first. Nothing was changed.')


def _restore_postgresql(url: str, backup_file: Path) -> list[str]:
    listing = _run(['pg_restore', '--list', str(backup_file)], 'pg_restore',
                   not_ours=f'{backup_file} is not a backup of Workflows Area (not a pg_dump custom-format file)')
    if not re.search(r'TABLE DATA \S+ schema_version ', listing):
        raise OperationError(f'{backup_file} is not a backup of Workflows Area (it has no schema_version table)')
    data = _run(['pg_restore', '--data-only', '--table=schema_version', '--file=-', str(backup_file)], 'pg_restore')
    found = re.search(r'COPY \S*schema_version \(.*?\) FROM stdin;\n(?:\d+\t)?(\d+)\n', data)
    if not found:
        raise OperationError(f'{backup_file} has no schema version: it is not a backup of Workflows Area')
    version = int(found.group(1))
    _refuse_newer(backup_file, version)
    _run(['pg_restore', '--clean', '--if-exists', '--no-owner', '--single-transaction', f'--dbname={url}',
          str(backup_file)], 'pg_restore')
    return [f'Restored {backup_file} (schema version {version}) to {_safe(url)}', *_finish_restore(url)]


def _run(command: list[str], tool: str, not_ours: str = '') -> str:
    if shutil.which(tool) is None:
        raise OperationError(f'{tool} is not installed here: install PostgreSQL\'s client programs (Debian: '
                             f'apt-get install postgresql-client), or run: {" ".join(command)}')
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OperationError(not_ours or f'{tool} failed: {result.stderr.strip()}')
    return result.stdout


def _describe_sqlite(path: Path) -> str:
    with sqlite3.connect(path) as check:
        integrity = check.execute('PRAGMA integrity_check').fetchone()[0]
        workflows = check.execute('SELECT COUNT(*) FROM workflow').fetchone()[0]
    check.close()
    return f'{workflows} workflows, integrity {integrity}'


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    return re.sub(r'//([^:/@]+):[^@]*@', r'//\1:***@', url)
