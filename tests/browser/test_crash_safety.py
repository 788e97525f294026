"""Crash safety: a bulk duplicate, delete or move started from the page, and the app process killed with
SIGKILL midway, leaves a consistent database: integrity check ok, no orphan rows, every workflow whole or
absent, and whole batches only."""

import json
import os
import re
import signal
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from model.jobs.startup import open_database
from model.workflows.bulk import BATCH_SIZE
from tests.browser.conftest import Server, signed_in_page

DOUBLINGS = 5  # the demo's 36 workflows doubled: 1,152, many batches


def grow(database: Path) -> int:
    """Double the workflows with the app's own service, behind the running app's back (SQLite allows it)."""
    from model.access.people import first_account_of
    from model.storage.db import close_database
    from model.storage.schema import Person, Workflow
    from model.workflows.lifecycle import duplicate_many

    open_database(f'sqlite:///{database}')
    try:
        actor = first_account_of(Person.select().first().id)
        for _ in range(DOUBLINGS):
            duplicate_many(actor, [w.id for w in Workflow.select(Workflow.id)])
        return Workflow.select().count()
    finally:
        close_database()


def check_consistent(database: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(database)
    assert connection.execute('PRAGMA integrity_check').fetchall() == [('ok',)]
    assert connection.execute('PRAGMA foreign_key_check').fetchall() == []
    for table in ('node', 'connection', 'content'):  # forms are the account's
        orphans = connection.execute(f'SELECT COUNT(*) FROM "{table}" WHERE workflow_id NOT IN '
                                     '(SELECT id FROM workflow)').fetchone()[0]
        assert orphans == 0, f'orphan rows in {table}'
    crossed = connection.execute('SELECT COUNT(*) FROM connection c JOIN node s ON s.id = c.source_id '
                                 'JOIN node t ON t.id = c.target_id '
                                 'WHERE s.workflow_id <> c.workflow_id OR t.workflow_id <> c.workflow_id').fetchone()[0]
    assert crossed == 0
    shapes = dict(connection.execute(
        "SELECT w.id, (SELECT COUNT(*) FROM node WHERE workflow_id = w.id) || '/' || "
        '(SELECT COUNT(*) FROM connection WHERE workflow_id = w.id) || \'/\' || '
        '(SELECT COUNT(*) FROM content WHERE workflow_id = w.id) FROM workflow w').fetchall())
    copies = connection.execute("SELECT id, duplicate_of_id FROM workflow WHERE origin = 'duplicate'").fetchall()
    for copy_id, original_id in copies:  # every copy is whole: the same nodes, connections, contents
        if original_id in shapes:
            assert shapes[copy_id] == shapes[original_id], f'workflow {copy_id} is not whole'
    assert all(not shape.startswith('0/') for shape in shapes.values()), 'a workflow without its Start node'
    return connection


def copies(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COUNT(*) FROM workflow WHERE origin = 'duplicate'").fetchone()[0]


def in_onboarding(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COUNT(*) FROM workflow w JOIN folder f ON f.id = w.folder_id "
                              "WHERE f.name = 'Onboarding'").fetchone()[0]


@pytest.mark.parametrize('action', ['Duplicate', 'Delete', 'Move to folder'])
def test_a_bulk_action_killed_midway_leaves_whole_workflows(browser: Browser, tmp_path: Path, action: str) -> None:
    server = Server(tmp_path)
    try:
        total = grow(tmp_path / 'browser.db')
        already_there = in_onboarding(sqlite3.connect(tmp_path / 'browser.db'))
        copies_before = copies(sqlite3.connect(tmp_path / 'browser.db'))
        page = signed_in_page(browser, server)
        page.goto(server.url + '/')
        page.get_by_role('button', name=f'Select all ({total})').click()
        expect(page.get_by_text(f'{int(total):,} workflows selected').first).to_be_visible()
        page.get_by_role('button', name=action, exact=False).filter(has_text=re.compile(f'^\\w*\\s*{action}$')) \
            .first.click()
        dialog = page.get_by_role('dialog')
        if action == 'Delete':
            dialog.get_by_role('button', name='Delete workflow').click()
        elif action == 'Move to folder':
            dialog.get_by_label('Folder').click()
            page.locator('.q-menu').get_by_text('Onboarding', exact=True).click()
            dialog.get_by_role('button', name='Move').click()
        if action == 'Duplicate':  # killed once its first batch is in
            started = page.get_by_text(re.compile(r'^[1-9][\d,]* of [\d,]+$'))
        else:  # a delete or a move is one UPDATE per batch and can end within a poll of the page: killed as soon as
            # its progress shows, or its report if it was quicker
            started = page.get_by_text(re.compile(r'^[\d,]+ of [\d,]+$')).or_(
                page.get_by_text(re.compile(r'^[\d,]+ workflows (deleted|moved to)')))
        expect(started.first).to_be_attached(timeout=30_000)  # drawn, maybe not yet shown
        os.kill(server.process.pid, signal.SIGKILL)  # mid-run: no shutdown, no cleanup
        server.process.wait(timeout=10)
        page.context.close()
    finally:
        if server.process.poll() is None:
            server.stop()
    connection = check_consistent(tmp_path / 'browser.db')
    if action == 'Duplicate':
        made = copies(connection) - copies_before
        assert 0 < made < total and made % BATCH_SIZE == 0  # killed midway, between whole batches
    elif action == 'Delete':
        deleted = connection.execute('SELECT COUNT(*) FROM workflow WHERE deleted_at IS NOT NULL').fetchone()[0]
        entries = connection.execute("SELECT COUNT(*) FROM activity WHERE action = 'deleted'").fetchone()[0]
        assert (deleted % BATCH_SIZE == 0 or deleted == total) and entries == deleted  # whole batches, logged
    else:
        moves = connection.execute("SELECT COUNT(*) FROM activity WHERE action = 'moved'").fetchone()[0]
        assert in_onboarding(connection) == already_there + moves  # every move committed with its log entry


def big_export(database: Path, target: Path) -> int:
    """A `.cn` file with the demo's exportable workflows many times over, just under the size limit."""
    from model.access.people import first_account_of
    from model.storage.db import close_database
    from model.storage.schema import Person, Workflow
    from model.workflows.cn_format import MAX_BYTES
    from model.workflows.exchange import export_workflows

    open_database(f'sqlite:///{database}')
    try:
        actor = first_account_of(Person.select().first().id)
        document = json.loads(export_workflows(actor, [w.id for w in Workflow.select(Workflow.id)]).data or b'{}')
        one_round = document['workflows']
        rounds = MAX_BYTES // (len(json.dumps(one_round).encode()) + 1) - 1
        document['workflows'] = one_round * rounds
        target.write_text(json.dumps(document))
        return len(document['workflows'])
    finally:
        close_database()


def test_an_import_killed_midway_leaves_all_or_nothing(browser: Browser, tmp_path: Path) -> None:
    server = Server(tmp_path)
    try:
        count = big_export(tmp_path / 'browser.db', tmp_path / 'many.cn')
        page = signed_in_page(browser, server)
        page.goto(server.url + '/workflows/new')
        with page.expect_response(lambda response: '/upload/' in response.url):
            page.locator('.q-uploader input[type=file]').set_input_files(tmp_path / 'many.cn')
        os.kill(server.process.pid, signal.SIGKILL)  # the importer has the file and is writing
        server.process.wait(timeout=10)
        page.context.close()
    finally:
        if server.process.poll() is None:
            server.stop()
    connection = check_consistent(tmp_path / 'browser.db')
    imported = connection.execute("SELECT COUNT(*) FROM workflow WHERE origin = 'import'").fetchone()[0]
    assert count > 100 and imported in (0, count)
