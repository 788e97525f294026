"""Demo data on first start and configuration from the environment (SPEC §12)."""

from pathlib import Path

from model.clock import clock
from model.demo import seed_demo
from model.listing import ListQuery, list_workflows
from model.schema import Account, CustomField, Folder, Segment, Workflow
from model.settings import Settings, prepare_data
from model.states import PAUSE_WARNING_DAYS, STATES


def test_the_demo_has_every_state_drafts_with_and_without_errors_and_resources(database: Path) -> None:
    actor = seed_demo()
    workflows = list(Workflow.select())
    assert len(workflows) >= 30
    assert {w.state for w in workflows} == set(STATES)
    drafts = [w for w in workflows if w.state == 'draft']
    assert any(w.error_count for w in drafts) and any(not w.error_count for w in drafts)
    assert Segment.select().count() >= 3 and CustomField.select().count() >= 3
    assert Folder.select().where(Folder.parent.is_null(False)).exists()
    expiring = [w for w in workflows if w.state == 'paused' and w.pause_expires_at
                and (w.pause_expires_at - clock.now()).days < PAUSE_WARNING_DAYS]
    assert len(expiring) == 1
    assert list_workflows(actor, ListQuery()).total == len(workflows)


def test_defaults_and_every_variable() -> None:
    defaults = Settings.from_env({'STORAGE_SECRET': 's'})
    assert (defaults.database_url, defaults.host, defaults.port, defaults.demo_data, defaults.sweep_seconds) == (
        'sqlite:///data/workflows.db', '127.0.0.1', 8080, True, 60.0)
    custom = Settings.from_env({'DATABASE_URL': 'sqlite:////tmp/x.db', 'HOST': '0.0.0.0', 'PORT': '9000',
                                'STORAGE_SECRET': 'secret', 'DEMO_DATA': '0', 'SWEEP_SECONDS': '5',
                                'ADMIN_EMAIL': 'a@b.c', 'ADMIN_PASSWORD': 'pw'})
    assert (custom.host, custom.port, custom.storage_secret, custom.demo_data, custom.sweep_seconds,
            custom.admin_email, custom.admin_password) == ('0.0.0.0', 9000, 'secret', False, 5.0, 'a@b.c', 'pw')


def test_the_storage_secret_is_generated_once_beside_the_database(tmp_path: Path) -> None:
    url = f'sqlite:///{tmp_path}/db/workflows.db'
    first = Settings.from_env({'DATABASE_URL': url}).storage_secret
    assert len(first) >= 32
    assert Settings.from_env({'DATABASE_URL': url}).storage_secret == first
    assert (tmp_path / 'db' / 'storage_secret').read_text() == first


def test_demo_data_seeds_only_a_new_database_and_zero_starts_empty(tmp_path: Path) -> None:
    demo = Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/demo.db', 'STORAGE_SECRET': 's'})
    prepare_data(demo)
    count = Workflow.select().count()
    prepare_data(demo)
    assert Workflow.select().count() == count > 30
    empty = Settings.from_env({'DATABASE_URL': f'sqlite:///{tmp_path}/empty.db', 'STORAGE_SECRET': 's',
                               'DEMO_DATA': '0'})
    prepare_data(empty)
    assert (Account.select().count(), Workflow.select().count()) == (1, 0)
