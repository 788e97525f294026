"""The demo account (docs/product.md §14) and configuration by environment variables (docs/product.md §12)."""

import os
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from model.access.gate import Actor
from model.common.clock import clock
from model.jobs.demo import seed_demo
from model.jobs.startup import Settings, prepare_data, restrict_new_files
from model.storage.db import close_database
from model.storage.schema import Account, Content, CustomField, Folder, Form, Membership, Person, Segment, Workflow
from model.workflows.graph import load_graph
from model.workflows.incidents import WORKFLOW_TYPES
from model.workflows.lifecycle import apply_action, sweep_expired_pauses
from model.workflows.listing import ListQuery, list_workflows
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSE_WARNING_DAYS, PAUSED, STATES
from tests.factories import row

SECRET = 'a storage secret for the tests'

# the demo


@pytest.fixture
def demo(demo_database: tuple[str, Actor]) -> list[Workflow]:
    return list(Workflow.select())


def test_the_demo_has_30_workflows_in_every_state(demo: list[Workflow]) -> None:
    assert len(demo) >= 30
    assert {w.state for w in demo} == set(STATES)
    for state in STATES:
        assert sum(w.state == state for w in demo) >= 3, state


def test_the_demos_finalized_workflows_say_who_finalized_them(demo: list[Workflow]) -> None:
    admin = Membership.get(Membership.role == 'admin').person_id
    assert {w.finalized_by_id for w in demo if w.state == FINALIZED} == {admin}


def test_the_demo_has_drafts_with_and_without_errors_and_every_type(demo: list[Workflow]) -> None:
    drafts = [w for w in demo if w.state == DRAFT]
    assert sum(1 for w in drafts if w.error_count) >= 3
    assert sum(1 for w in drafts if not w.error_count) >= 3
    assert any(w.alert_count for w in demo)
    assert {w.workflow_type for w in demo} == set(WORKFLOW_TYPES)


def test_every_started_demo_workflow_could_have_been_started(demo: list[Workflow]) -> None:
    """Active, paused and finalized workflows went through Start, so none has errors."""
    assert [w.name for w in demo if w.state != DRAFT and w.error_count] == []
    assert all(w.started_at is not None for w in demo if w.state != DRAFT)


def test_the_demo_execution_order_holds_exactly_the_active_and_paused(demo: list[Workflow]) -> None:
    placed = [w.priority_position for w in demo if w.priority_position is not None]
    assert len(placed) == len(set(placed))
    assert {w.state for w in demo if w.priority_position is not None} == {ACTIVE, PAUSED}
    assert all(w.priority_position is not None for w in demo if w.state in (ACTIVE, PAUSED))


def test_the_demo_has_segments_custom_fields_and_nested_folders(demo: list[Workflow]) -> None:
    assert Segment.select().count() >= 3
    assert {s.kind for s in Segment.select()} == {'contact', 'product'}
    assert CustomField.select().count() >= 3
    assert any(f.field_type == 'select' and f.options for f in CustomField.select())
    nested = {f.id for f in Folder.select().where(Folder.parent.is_null(False))}
    assert nested
    filed = [row(w)['folder'] for w in demo]
    assert any(folder in nested for folder in filed)
    assert None in filed


def test_demo_nodes_refer_to_their_own_contents_and_their_accounts_forms(demo: list[Workflow]) -> None:
    assert Content.select().count() >= 30 and Form.select().count() >= 2
    for workflow in demo:
        contents = {c.id for c in Content.select().where(Content.workflow == workflow.id)}
        forms = {f.id for f in Form.select().where(Form.account == workflow.account_id)}
        for node in load_graph(workflow.id).nodes:
            if node.config.get('content') is not None:
                assert node.config['content'] in contents, workflow.name
            if node.config.get('form') is not None:
                assert node.config['form'] in forms, workflow.name


def test_the_demo_history_is_in_the_past_and_consistent(demo: list[Workflow]) -> None:
    now = clock.now()
    for workflow in demo:
        assert workflow.created_at <= workflow.updated_at <= now, workflow.name
    finalized = [w for w in demo if w.state == FINALIZED]
    assert all(w.finalized_reason == 'person' and w.finalized_at for w in finalized)
    assert {w.has_data for w in finalized} == {True, False}  # Live view shows only for the ones with data


def test_one_paused_demo_workflow_expires_within_the_warning_days(demo: list[Workflow]) -> None:
    now = clock.now()
    left = sorted(w.pause_expires_at - now for w in demo if w.state == PAUSED and w.pause_expires_at)
    assert len(left) == sum(w.state == PAUSED for w in demo)
    assert timedelta(0) < left[0] < timedelta(days=PAUSE_WARNING_DAYS)
    assert left[1] >= timedelta(days=PAUSE_WARNING_DAYS)
    assert sweep_expired_pauses() == 0  # nothing has expired yet


@pytest.mark.parametrize('today', ['2026-03-01 00:00:00', '2027-04-30 23:00:00', '2028-05-31 06:00:00',
                                   '2026-12-31 12:00:00'])
def test_the_expiring_demo_pause_holds_whatever_the_date(database: str, today: str) -> None:
    clock.freeze(datetime.fromisoformat(today))
    seed_demo()
    left = [w.pause_expires_at - clock.now() for w in Workflow.select().where(Workflow.state == PAUSED)
            if w.pause_expires_at]
    assert any(timedelta(0) < gap < timedelta(days=PAUSE_WARNING_DAYS) for gap in left)
    assert sweep_expired_pauses() == 0


def test_the_demo_account_works_with_the_services(demo_database: tuple[str, Actor]) -> None:
    actor = demo_database[1]
    assert actor.role == 'admin'
    page = list_workflows(actor, ListQuery())
    assert page.total == Workflow.select().count()
    ready = Workflow.get((Workflow.state == DRAFT) & (Workflow.error_count == 0))
    assert apply_action(actor, ready.id, 'start', ready.version).state == ACTIVE
    highest = max(w.priority_position or 0 for w in Workflow.select())
    assert Workflow.get_by_id(ready.id).priority_position == highest


# configuration


@pytest.fixture
def closes_database() -> Iterator[None]:
    yield
    close_database()
    clock.reset()


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert (settings.database_url, settings.host, settings.port, settings.demo_data, settings.sweep_seconds,
            settings.admin_email, settings.admin_password) == (
        'sqlite:///data/workflows.db', '127.0.0.1', 8080, True, 60.0, '', '')
    kept = tmp_path / 'data' / 'storage_secret'
    assert kept.read_text() == settings.storage_secret
    assert len(settings.storage_secret) >= 32


def test_every_variable_is_read_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {'DATABASE_URL': f'sqlite:///{tmp_path}/elsewhere/app.db', 'HOST': '0.0.0.0',
                        'PORT': '9090', 'STORAGE_SECRET': 'a secret of my own', 'DEMO_DATA': '0',
                        'SWEEP_SECONDS': '2.5', 'ADMIN_EMAIL': 'boss@example.com',
                        'ADMIN_PASSWORD': 'correct horse', 'SIMULATOR': '1', 'SIMULATOR_SECONDS': '0.5'}.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    assert settings == Settings(database_url=f'sqlite:///{tmp_path}/elsewhere/app.db', host='0.0.0.0', port=9090,
                                storage_secret='a secret of my own', demo_data=False, sweep_seconds=2.5,
                                admin_email='boss@example.com', admin_password='correct horse', simulator=True,
                                simulator_seconds=0.5)
    assert not (tmp_path / 'elsewhere').exists()  # a given secret is not written anywhere


def test_empty_variables_mean_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({'DATABASE_URL': '', 'HOST': '', 'PORT': '', 'DEMO_DATA': '', 'SWEEP_SECONDS': ''})
    assert (settings.database_url, settings.host, settings.port, settings.demo_data, settings.sweep_seconds) == (
        'sqlite:///data/workflows.db', '127.0.0.1', 8080, True, 60.0)


def test_the_storage_secret_is_generated_once_and_kept_beside_the_database(tmp_path: Path) -> None:
    url = f'sqlite:///{tmp_path}/one/workflows.db'
    first = Settings.from_env({'DATABASE_URL': url}).storage_secret
    assert Settings.from_env({'DATABASE_URL': url}).storage_secret == first
    kept = tmp_path / 'one' / 'storage_secret'
    assert kept.read_text() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    other = Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/two/workflows.db'}).storage_secret
    assert other != first
    assert Settings.from_env({'DATABASE_URL': url, 'STORAGE_SECRET': SECRET}).storage_secret == SECRET
    assert Settings.from_env({'DATABASE_URL': url}).storage_secret == first


@pytest.mark.parametrize(('value', 'demo'), [('1', True), ('0', False), ('false', False), ('no', False),
                                             ('off', False), ('true', True), ('yes', True)])
def test_demo_data_values(tmp_path: Path, value: str, demo: bool) -> None:
    assert Settings.from_env({'DEMO_DATA': value, 'STORAGE_SECRET': SECRET}).demo_data is demo


@pytest.mark.usefixtures('closes_database')
def test_demo_data_seeds_a_new_database_once(tmp_path: Path) -> None:
    settings = Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/demo.db', 'STORAGE_SECRET': SECRET})
    prepare_data(settings)
    count = Workflow.select().count()
    assert count >= 30 and Account.select().count() == 1
    prepare_data(settings)  # a second start finds the data and keeps it
    assert (Workflow.select().count(), Account.select().count()) == (count, 1)


@pytest.mark.usefixtures('closes_database')
def test_demo_data_zero_gives_an_empty_account_for_the_admin(tmp_path: Path) -> None:
    settings = Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/empty.db', 'STORAGE_SECRET': SECRET,
                                  'DEMO_DATA': '0', 'ADMIN_EMAIL': 'boss@example.com'})
    prepare_data(settings)
    assert (Account.select().count(), Workflow.select().count(), Folder.select().count(),
            Segment.select().count()) == (1, 0, 0, 0)
    membership = Membership.get()
    assert (membership.person.email, membership.role) == ('boss@example.com', 'admin')


@pytest.mark.usefixtures('closes_database')
def test_without_admin_email_an_admin_still_exists(tmp_path: Path) -> None:
    prepare_data(Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/empty.db', 'STORAGE_SECRET': SECRET,
                                    'DEMO_DATA': '0'}))
    assert Membership.get().role == 'admin'


@pytest.mark.usefixtures('closes_database')
def test_admin_email_is_the_admin_of_the_demo_account_too(tmp_path: Path) -> None:
    prepare_data(Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/demo.db', 'STORAGE_SECRET': SECRET,
                                    'ADMIN_EMAIL': 'trainer@example.com'}))
    assert [(m.person.email, m.role) for m in Membership.select()] == [('trainer@example.com', 'admin')]
    assert Person.select().count() == 1



@pytest.mark.usefixtures('closes_database')
def test_every_start_says_where_to_sign_in_and_a_given_password_never_shows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/empty.db', 'STORAGE_SECRET': SECRET,
                                  'DEMO_DATA': '0', 'ADMIN_EMAIL': 'boss@example.com',
                                  'ADMIN_PASSWORD': 'given-secret-1234', 'PORT': '8099'})
    prepare_data(settings)
    first = capsys.readouterr().out
    prepare_data(settings)
    again = capsys.readouterr().out
    for printed in (first, again):
        assert 'Sign in at http://127.0.0.1:8099/signin as boss@example.com' in printed
        assert 'given-secret-1234' not in printed


@pytest.mark.usefixtures('closes_database')
def test_a_generated_password_is_printed_on_the_first_start_only(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/empty.db', 'STORAGE_SECRET': SECRET,
                                  'DEMO_DATA': '0', 'HOST': '0.0.0.0'})
    prepare_data(settings)
    first = capsys.readouterr().out
    assert 'First start: sign in at http://localhost:8080/signin as admin@localhost with the password ' in first
    password = first.split('with the password ')[1].split()[0]
    prepare_data(settings)
    again = capsys.readouterr().out
    assert 'Sign in at http://localhost:8080/signin as admin@localhost (the first admin)' in again
    assert password not in again


def test_the_simulator_follows_demo_mode_unless_told(tmp_path: Path) -> None:
    secret = {'STORAGE_SECRET': SECRET}
    assert Settings.from_env(secret).simulator is True
    assert Settings.from_env({**secret, 'DEMO_DATA': '0'}).simulator is False
    assert Settings.from_env({**secret, 'SIMULATOR': 'off'}).simulator is False
    assert Settings.from_env({**secret, 'DEMO_DATA': '0', 'SIMULATOR': '1'}).simulator is True


@pytest.mark.parametrize(('name', 'value', 'message'), [
    ('PORT', 'abc', "PORT='abc' is not a number"),
    ('PORT', '70000', 'PORT=70000 is out of range'),
    ('SWEEP_SECONDS', '0', 'SWEEP_SECONDS=0 is out of range'),
])
def test_bad_numbers_stop_the_start_with_a_clear_message(name: str, value: str, message: str) -> None:
    with pytest.raises(SystemExit, match=message):
        Settings.from_env({'STORAGE_SECRET': SECRET, name: value})


@pytest.mark.parametrize('secret', ['short', '   '])
def test_a_short_or_empty_storage_secret_stops_the_start(tmp_path: Path, secret: str) -> None:
    url = f'sqlite:///{tmp_path}/workflows.db'
    if secret.strip():
        with pytest.raises(SystemExit, match=r'STORAGE_SECRET has 5 characters; .* needs at least 16'):
            Settings.from_env({'DATABASE_URL': url, 'STORAGE_SECRET': secret})
    (tmp_path / 'storage_secret').write_text(secret)  # a kept file emptied by mistake is not used as the key
    with pytest.raises(SystemExit, match=f'storage_secret has {len(secret.strip())} characters'):
        Settings.from_env({'DATABASE_URL': url})


@pytest.mark.parametrize(('password', 'problem'), [('a', 'at least 10 characters'),
                                                    ('boss@example.com', 'cannot be the email')])
def test_a_weak_admin_password_stops_the_start(tmp_path: Path, password: str, problem: str) -> None:
    with pytest.raises(SystemExit, match=f'ADMIN_PASSWORD is not acceptable: .*{problem}'):
        Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/w.db', 'ADMIN_EMAIL': 'boss@example.com',
                           'ADMIN_PASSWORD': password})


def test_data_files_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    database = tmp_path / 'old.db'
    database.write_bytes(b'')
    database.chmod(0o644)  # as an older version left it
    previous = os.umask(0o022)
    try:
        restrict_new_files()
        (tmp_path / 'new-file').write_text('x')
        assert stat.S_IMODE((tmp_path / 'new-file').stat().st_mode) == 0o600
        prepare_data(Settings.from_env({'DATABASE_URL': f'sqlite:///{database}', 'DEMO_DATA': '0',
                                        'ADMIN_PASSWORD': 'a long enough one'}))
        close_database()
        assert stat.S_IMODE(database.stat().st_mode) == 0o600
    finally:
        os.umask(previous)
