"""Operations from the command line: migrate, backup while the app writes, restore and its refusals."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from model.access.gate import Actor
from model.jobs.startup import open_database
from model.storage.db import close_database, connect_database, db
from model.storage.leases import hold, mark_running, running_processes
from model.storage.migrations import LATEST_VERSION, SchemaVersion
from model.storage.operations import OperationError, backup, migrate, restore
from model.storage.schema import Workflow
from model.workflows.lifecycle import create_blank
from tests.database_urls import on_postgresql
from tests.test_migrations import V1_ROWS, fill_v1

ROOT = Path(__file__).resolve().parents[1]
sqlite_only = pytest.mark.skipif(on_postgresql(), reason='SQLite files; the PostgreSQL path has its own test')


@sqlite_only
def test_migrate_check_lists_pending_steps_without_writing_then_migrate_applies_them(tmp_path: Path) -> None:
    url = _v1_file(tmp_path)
    before = _digest(url)
    lines = migrate(url, check_only=True)
    assert lines[0] == f'Schema version 1; this code needs version {LATEST_VERSION}'
    assert any(line.startswith('  pending: version 2: ') for line in lines)
    assert _digest(url) == before
    applied = migrate(url, check_only=False)
    assert applied[-1] == f'The database is now at schema version {LATEST_VERSION}'
    assert migrate(url, check_only=True)[1:] == ['  up to date']
    assert migrate(url, check_only=False)[-1] == 'Nothing to do'


@sqlite_only
def test_backup_while_writes_go_on_holds_everything_committed_before_it_began(actor: Actor, database: str,
                                                                              tmp_path: Path) -> None:
    for number in range(200):
        create_blank(actor, f'Before {number}')
    committed_before = {w.id for w in Workflow.select(Workflow.id)}
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            create_blank(actor, 'During the backup')

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        lines = backup(database, tmp_path / 'copy.db')
    finally:
        stop.set()
        writer.join()
    assert 'integrity ok' in lines[0]
    with sqlite3.connect(tmp_path / 'copy.db') as copy:
        copied = {row[0] for row in copy.execute('SELECT id FROM workflow')}
        assert copy.execute('SELECT version FROM schema_version').fetchone()[0] == LATEST_VERSION
    assert committed_before <= copied
    assert oct((tmp_path / 'copy.db').stat().st_mode & 0o777) == '0o600'


def test_restore_puts_a_backup_back_and_refuses_over_a_running_app(actor: Actor, database: str,
                                                                   tmp_path: Path) -> None:
    """On either engine: SQLite's backup API, or pg_dump and pg_restore."""
    create_blank(actor, 'Kept in the backup')
    url = database
    backup(url, tmp_path / 'copy.db')
    create_blank(actor, 'Made after the backup')
    mark_running()
    with pytest.raises(OperationError, match='The app is running on this database'):
        restore(url, tmp_path / 'copy.db')
    close_database()

    _expire_running_marks(url)
    lines = restore(url, tmp_path / 'copy.db')
    assert lines[0].startswith(f'Restored {tmp_path / "copy.db"} (schema version {LATEST_VERSION})')
    open_database(url)
    names = {w.name for w in Workflow.select()}
    assert 'Kept in the backup' in names
    assert 'Made after the backup' not in names
    assert running_processes() == []  # the marks copied with the backup are forgotten


@sqlite_only
def test_restore_refuses_what_is_not_a_backup_of_this_app(tmp_path: Path) -> None:
    url = f'sqlite:///{tmp_path / "target.db"}'
    text_file = tmp_path / 'notes.txt'
    text_file.write_text('hello')
    with pytest.raises(OperationError, match='not a backup of Workflows Area \\(not a SQLite database\\)'):
        restore(url, text_file)
    other = tmp_path / 'other.db'
    with sqlite3.connect(other) as connection:
        connection.execute('CREATE TABLE recipes (id INTEGER)')
    with pytest.raises(OperationError, match='it has none of its tables'):
        restore(url, other)
    with pytest.raises(OperationError, match='does not exist'):
        restore(url, tmp_path / 'missing.db')
    assert not (tmp_path / 'target.db').exists()


@sqlite_only
def test_restore_refuses_a_newer_backup_and_migrates_an_older_one(tmp_path: Path) -> None:
    older = _v1_file(tmp_path / 'older')
    target = f'sqlite:///{tmp_path / "target.db"}'
    lines = restore(target, Path(older.removeprefix('sqlite:///')))
    assert f'schema version {LATEST_VERSION}' in lines[-1]
    assert f'{len(V1_ROWS["workflow"])} workflows' in lines[-1]

    newer = tmp_path / 'newer.db'
    backup(target, newer)
    open_database(f'sqlite:///{newer}')
    SchemaVersion.update(version=LATEST_VERSION + 1).execute()
    close_database()
    before = _digest(target)
    with pytest.raises(OperationError, match=f'schema version {LATEST_VERSION + 1}, newer than this code'):
        restore(target, newer)
    assert _digest(target) == before


def test_one_holder_of_a_lease_at_a_time(database: str) -> None:
    assert hold('simulator', 30, holder='process A')
    assert not hold('simulator', 30, holder='process B')
    assert hold('simulator', 30, holder='process A')  # renewal
    assert hold('simulator', -1, holder='process A')  # lapses at once
    assert hold('simulator', 30, holder='process B')


@sqlite_only
def test_the_app_refuses_to_start_on_a_newer_database_and_writes_nothing(tmp_path: Path) -> None:
    url = _v1_file(tmp_path)
    migrate(url, check_only=False)
    open_database(url)
    SchemaVersion.update(version=LATEST_VERSION + 1).execute()
    close_database()
    before = _digest(url)
    result = _main([], url)
    assert result.returncode != 0
    assert f'schema version {LATEST_VERSION + 1}, newer than this code' in result.stderr
    assert _digest(url) == before


@sqlite_only
def test_command_line_migrate_and_backup(tmp_path: Path) -> None:
    url = _v1_file(tmp_path)
    checked = _main(['migrate', '--check'], url)
    assert checked.returncode == 0, checked.stderr
    assert 'Schema version 1' in checked.stdout
    migrated = _main(['migrate'], url)
    assert f'The database is now at schema version {LATEST_VERSION}' in migrated.stdout
    backed_up = _main(['backup', str(tmp_path / 'copy.db')], url)
    assert backed_up.returncode == 0, backed_up.stderr
    assert (tmp_path / 'copy.db').exists()


def _v1_file(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    url = f'sqlite:///{folder / "v1.db"}'
    connect_database(url)
    fill_v1()
    close_database()
    return url


def _expire_running_marks(url: str) -> None:
    open_database(url)
    db.execute_sql("UPDATE lease SET expires_at = '2000-01-01 00:00:00'")
    close_database()


def _digest(url: str) -> str:
    return hashlib.sha256(Path(url.removeprefix('sqlite:///')).read_bytes()).hexdigest()


def _main(arguments: list[str], url: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != 'PYTEST_CURRENT_TEST'}
    environment |= {'DATABASE_URL': url, 'STORAGE_SECRET': 'operations-tests', 'PORT': '1'}
    return subprocess.run([sys.executable, 'main.py', *arguments], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=60, check=False)
