"""Schema migrations: a first-release database (made by commit 66af114's code, kept in
``tests/migration_fixtures``) upgrades with every row kept; newer databases and failing steps change nothing."""

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from peewee import Model

from model.access import sessions
from model.access.gate import Actor
from model.access.sessions import end_session, session_person
from model.common.text import workflow_search_text
from model.jobs.startup import open_database
from model.storage import migrations, schema_steps
from model.storage.db import close_database, connect_database, db
from model.storage.engine import reset_sequence
from model.storage.migrations import LATEST_VERSION, MigrationError, SchemaVersion, migrate_database, stored_version
from model.storage.schema import (
    ALL_MODELS,
    Account,
    Activity,
    AppSetting,
    Form,
    Invitation,
    Node,
    Person,
    SignInSession,
    Workflow,
    WorkflowVersion,
)
from model.workflows.listing import ListQuery, list_workflows
from model.workflows.versions import snapshot, unpack
from tests.database_urls import fresh_database_url
from tests.migration_fixtures import schema_v1

FIXTURES = Path(__file__).parent / 'migration_fixtures'
V1_ROWS: dict[str, list[dict]] = json.loads((FIXTURES / 'v1_data.json').read_text())
RECOMPUTED = {'search_text'}  # derived columns a step computes again
V1_MODELS: dict[str, type[Model]] = {model._meta.table_name: model for model in schema_v1.ALL_MODELS}


@pytest.fixture
def v1_database(tmp_path: Path) -> Iterator[str]:
    """A database with the version-1 schema, filled with the fixture's rows, not yet migrated."""
    url = fresh_database_url(tmp_path, empty=True)
    connect_database(url)
    fill_v1()
    yield url
    close_database()


def fill_v1() -> None:
    """Create the version-1 tables in the bound database and insert the fixture's rows."""
    with db.atomic():
        db.create_tables(schema_v1.ALL_MODELS)
        for model in schema_v1.ALL_MODELS:  # in dependency order
            rows = V1_ROWS[model._meta.table_name]
            if rows:
                model.insert_many(rows).execute()
            reset_sequence(model)


def test_a_first_release_database_upgrades_with_every_row_kept(v1_database: str) -> None:
    assert stored_version(db.obj) == 1
    applied = migrate_database()
    assert [step.version for step in applied] == list(range(2, LATEST_VERSION + 1))
    assert stored_version(db.obj) == LATEST_VERSION
    current = {model._meta.table_name: model for model in ALL_MODELS}
    for table, rows in V1_ROWS.items():
        model = current[table]
        stored: list[dict] = list(model.select().order_by(model._meta.primary_key).dicts())  # type: ignore[arg-type]
        if table == 'form':
            continue  # forms became the account's: test_upgrading_makes_forms_the_accounts
        kept = [_comparable(table, {column: _plain(row[column]) for column in rows[0]}) for row in stored] \
            if rows else []
        assert kept == [_comparable(table, row) for row in rows], f'rows of {table} changed'
    # the upgraded database works as a new one: a new row takes the next id
    assert Workflow.select().count() == len(V1_ROWS['workflow'])
    # security columns: nobody has a temporary password, no session is open, no workflow is skipped
    assert [p.temporary_password_at for p in Person.select()] == [None] * len(V1_ROWS['person'])
    assert not SignInSession.select().exists()
    assert [w.run_problem for w in Workflow.select()] == [None] * len(V1_ROWS['workflow'])
    # who finalized is not known for workflows finalized before the column existed
    assert {w.finalized_by_id for w in Workflow.select()} == {None}
    # recently deleted: nothing is in Recently deleted, and the activity log starts empty
    assert Workflow.select().where(Workflow.deleted_at.is_null(False)).count() == 0
    assert Activity.select().count() == 0


def test_upgrading_recomputes_the_search_text_so_search_forgives_punctuation(v1_database: str) -> None:
    before = {row['id']: row['search_text'] for row in V1_ROWS['workflow']}
    assert 're-engagement – 90 days' in '\n'.join(before.values())  # case and accents folded, punctuation kept
    migrate_database()
    for workflow in Workflow.select():
        assert workflow.search_text == workflow_search_text(workflow.name, workflow.description)
    account = Workflow.get(Workflow.name == 'Re-engagement – 90 days').account_id
    found = list_workflows(Actor(person_id=1, account_id=account, role='admin'), ListQuery(search='reengagement 90'))
    assert [w.name for w in found.rows] == ['Re-engagement – 90 days']


def test_upgrading_makes_forms_the_accounts_one_per_name(v1_database: str) -> None:
    account_of = {row['id']: row['account'] for row in V1_ROWS['workflow']}
    form_name = {row['id']: row['name'] for row in V1_ROWS['form']}
    listened = {row['id']: form_name[row['config']['form']] for row in V1_ROWS['node']
                if row['kind'] == 'form_submitted' and row['config'].get('form')}
    assert len(V1_ROWS['form']) > len(set(form_name.values()))  # every workflow had its own copy
    migrate_database()
    forms = {(f.account_id, f.name) for f in Form.select()}
    assert len(forms) == Form.select().count()  # one per name in each account
    assert forms == {(account_of[row['workflow']], row['name']) for row in V1_ROWS['form']}
    assert listened
    for node in Node.select().where(Node.id.in_(list(listened))):
        form = Form.get_by_id(node.config['form'])
        assert (form.name, form.account_id) == (listened[node.id], account_of[node.workflow_id])


def test_upgrading_marks_the_seeded_demo_account_and_starts_with_no_settings(v1_database: str) -> None:
    migrate_database()
    assert {a.name: a.kind for a in Account.select()} == {'Demo Shop': 'demo', 'Second account': 'regular'}
    assert AppSetting.select().count() == 0


def test_upgrading_makes_the_first_admin_site_operator_and_gives_each_account_the_shared_clock(
        v1_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    step = migrations.MIGRATIONS.index(schema_steps._add_site_operator_and_account_clocks)
    with monkeypatch.context() as previous:  # the database as the version before site operators left it
        previous.setattr(migrations, 'MIGRATIONS', migrations.MIGRATIONS[:step])
        previous.setattr(migrations, 'LATEST_VERSION', step + 1)
        migrate_database()
    db.execute_sql("INSERT INTO app_setting (key, value) VALUES ('clock_offset_seconds', '86400.0')")
    db.execute_sql("INSERT INTO account (name, created_at, kind) VALUES ('Trainee 01', '2026-11-24 12:00:00', "
                   "'trainee')")
    assert [pending.version for pending in migrate_database()] == list(range(step + 2, LATEST_VERSION + 1))
    assert {p.email: p.site_operator for p in Person.select()} == {
        'v1@example.com': True, 'second@example.com': False, 'viewer@example.com': False}
    assert {a.name: (a.clock_offset_seconds, a.demo_account_id) for a in Account.select()} == {
        'Demo Shop': (86400, None), 'Second account': (86400, None), 'Trainee 01': (86400, 1)}
    assert not AppSetting.select().where(AppSetting.key == 'clock_offset_seconds').exists()


def test_an_upgraded_database_has_the_same_schema_as_a_new_one(v1_database: str, tmp_path: Path) -> None:
    migrate_database()
    upgraded = _schema()
    close_database()
    open_database(fresh_database_url(tmp_path / 'new', empty=True))
    assert _schema() == upgraded


def test_a_newer_database_stops_the_start_and_nothing_is_written(v1_database: str) -> None:
    migrate_database()
    SchemaVersion.update(version=LATEST_VERSION + 1).execute()
    tables = sorted(db.get_tables())
    with pytest.raises(MigrationError, match=f'schema version {LATEST_VERSION + 1}, newer than this code'):
        migrate_database()
    assert sorted(db.get_tables()) == tables
    assert SchemaVersion.get().version == LATEST_VERSION + 1


def test_a_failing_step_rolls_everything_back_and_names_itself(v1_database: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_step(migrator: object) -> None:
        """Add something that cannot be added"""
        raise RuntimeError('disk on fire')

    monkeypatch.setattr(migrations, 'MIGRATIONS', [*migrations.MIGRATIONS, broken_step])
    monkeypatch.setattr(migrations, 'LATEST_VERSION', LATEST_VERSION + 1)
    tables = sorted(db.get_tables())
    with pytest.raises(MigrationError, match=rf'version {LATEST_VERSION + 1} \(Add something that cannot be added\)'
                                             r' failed: disk on fire'):
        migrate_database()
    assert sorted(db.get_tables()) == tables  # even the steps before the broken one were rolled back
    assert stored_version(db.obj) == 1


def test_a_database_with_only_some_of_the_tables_is_refused(tmp_path: Path) -> None:
    connect_database(fresh_database_url(tmp_path, empty=True))
    try:
        db.create_tables([schema_v1.Account])
        with pytest.raises(MigrationError, match='not made by Workflows Area'):
            migrate_database()
    finally:
        close_database()


def _schema() -> dict[str, list[tuple[str, str, bool]]]:
    return {table: sorted((column.name, column.data_type.lower(), column.null) for column in db.get_columns(table))
            for table in sorted(db.get_tables())}


def _comparable(table: str, row: dict) -> dict:
    """A row without what a step computes again: search text, and which form a node listens to (forms merged)."""
    left_out = RECOMPUTED | ({'config'} if table == 'node' and row.get('kind') == 'form_submitted' else set())
    return {column: value for column, value in row.items() if column not in left_out}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def test_the_previous_version_upgrades_to_invitations_and_browser_bound_sessions(
        v1_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The step that adds invitations: sessions open before it keep working, bound to no browser."""
    step = migrations.MIGRATIONS.index(schema_steps._add_invitations_and_browsers)
    with monkeypatch.context() as previous:
        previous.setattr(migrations, 'MIGRATIONS', migrations.MIGRATIONS[:step])
        previous.setattr(migrations, 'LATEST_VERSION', step + 1)
        migrate_database()
    assert 'invitation' not in db.get_tables()
    person_id = Person.select(Person.id).order_by(Person.id).scalar()
    db.execute_sql('INSERT INTO signin_session (id, person_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)'
                   .replace('?', db.param), ('open-before', person_id, datetime(2026, 11, 24), sessions.real_now()))

    assert [pending.version for pending in migrate_database()] == list(range(step + 2, LATEST_VERSION + 1))

    assert session_person('open-before') == person_id
    assert SignInSession.get_by_id('open-before').browser is None
    invited = Invitation.create(person=person_id, account=Account.select(Account.id).scalar(), role='viewer',
                                created_at=datetime(2026, 11, 24))
    assert Invitation.get_by_id(invited.id).role == 'viewer'
    end_session('open-before')  # with no browser: this session only
    assert session_person('open-before') is None


def test_upgrading_gives_every_workflow_its_current_content_as_a_first_version(v1_database: str) -> None:
    migrate_database()
    versions = {v.workflow_id: v for v in WorkflowVersion.select()}
    workflows = list(Workflow.select())
    assert sorted(versions) == sorted(w.id for w in workflows)
    for workflow in workflows:
        version = versions[workflow.id]
        assert (version.number, version.state, version.at, version.person_id) == (1, workflow.state,
                                                                                  workflow.updated_at, None)
        assert version.summary == 'Content when version history began'
        assert unpack(version.content) == snapshot(workflow.id)  # the same form the application records
    assert {a.version_id for a in Activity.select()} <= {None}
    named = [unpack(v.content) for v in versions.values() if unpack(v.content)['segments']]
    assert named, 'the fixture has workflows that refer to segments, whose names the version keeps'
