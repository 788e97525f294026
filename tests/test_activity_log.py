"""The activity log: one entry per change, written in the change's own transaction, read with filters and pages."""

from datetime import date, timedelta

import pytest

from model.access import activity
from model.access.activity import ActivityQuery, activity_page, workflow_history
from model.access.gate import Actor
from model.common.clock import clock
from model.common.errors import StaleVersion
from model.storage.schema import Activity
from model.workflows.editing import load_draft, save_draft
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.folders import create_folder, delete_folder, move_workflows, rename_folder
from model.workflows.lifecycle import (
    apply_action,
    create_blank,
    delete_many,
    duplicate_many,
    pause_expiry,
    sweep_expired_pauses,
)
from model.workflows.priority import execution_order, order_token, save_order
from model.workflows.states import ACTIVE, PAUSED
from model.workflows.trash import restore
from tests.conftest import FROZEN_NOW
from tests.factories import in_state, member, other_account, reload, startable


def actions(actor: Actor, **filters: object) -> list[tuple[str, str, str]]:
    page = activity_page(actor, ActivityQuery(**filters))  # type: ignore[arg-type]
    return [(entry.action, entry.workflow_name, entry.person) for entry in reversed(page.entries)]


def test_every_kind_of_change_is_recorded_with_who_and_which(actor: Actor) -> None:
    workflow = startable(actor, 'Welcome')
    for action in ('start', 'pause', 'resume', 'finalize'):
        apply_action(actor, workflow.id, action, reload(workflow).version)
    blank = create_blank(actor, 'Blank')
    _, draft = load_draft(actor, blank.id)
    save_draft(actor, blank.id, reload(blank).version, draft)
    [copy] = duplicate_many(actor, [blank.id])
    exported = export_workflows(actor, [blank.id])
    import_workflows(actor, exported.data or b'')
    folder = create_folder(actor, 'Seasonal')
    rename_folder(actor, folder.id, 'Summer')
    move_workflows(actor, [blank.id], folder.id)
    delete_folder(actor, folder.id)
    delete_many(actor, [copy.id])
    restore(actor, [copy.id])
    assert [action for action, _, _ in actions(actor)] == [
        'started', 'paused', 'resumed', 'finalized', 'created', 'edited', 'duplicated', 'exported', 'imported',
        'folders', 'folders', 'moved', 'folders', 'deleted', 'restored']
    assert {person for _, _, person in actions(actor)} == {'Admin'}
    assert actions(actor, action='duplicated') == [('duplicated', 'Blank [1]', 'Admin')]  # a copy with its badge
    assert actions(actor, action='deleted') == [('deleted', 'Blank [1]', 'Admin')]
    assert actions(actor, action='moved') == [('moved', 'Blank', 'Admin')]
    finalized = activity_page(actor, ActivityQuery(action='finalized')).entries[0]
    assert (finalized.detail, finalized.at) == ('by a person', FROZEN_NOW)


def test_priority_changes_are_recorded(actor: Actor) -> None:
    first, second = in_state(actor, ACTIVE, 'First'), in_state(actor, ACTIVE, 'Second')
    save_order(actor, [second.id, first.id], order_token(execution_order(actor)))
    (entry,) = activity_page(actor, ActivityQuery(action='priority')).entries
    assert entry.detail == '1 workflow changed place'  # relative to the other, one moved


def test_a_pause_expiry_is_recorded_as_finalized_by_the_application(actor: Actor) -> None:
    paused = in_state(actor, PAUSED, 'Paused')
    assert sweep_expired_pauses(pause_expiry(FROZEN_NOW)) == 1
    assert sweep_expired_pauses(pause_expiry(FROZEN_NOW)) == 0  # once only
    (entry,) = activity_page(actor, ActivityQuery(action='finalized')).entries
    assert (entry.workflow_id, entry.person, entry.detail) == (paused.id, '', 'the pause expired')


def test_a_refused_change_leaves_no_entry(actor: Actor) -> None:
    workflow = in_state(actor, ACTIVE)
    before = Activity.select().count()
    with pytest.raises(StaleVersion):
        apply_action(actor, workflow.id, 'pause', workflow.version - 1)
    with pytest.raises(StaleVersion):
        delete_many(actor, [workflow.id], {workflow.id: workflow.version - 1})
    assert Activity.select().count() == before


def test_entry_and_change_commit_together(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the entry cannot be written the change is rolled back: neither exists without the other."""
    workflow = in_state(actor, ACTIVE)
    before = Activity.select().count()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError('disk full')

    monkeypatch.setattr(activity.Activity, 'insert_many', broken)
    with pytest.raises(RuntimeError):
        apply_action(actor, workflow.id, 'pause', workflow.version)
    with pytest.raises(RuntimeError):
        delete_many(actor, [workflow.id])
    monkeypatch.undo()
    stored = reload(workflow)
    assert (stored.state, stored.deleted_at, stored.version) == (ACTIVE, None, workflow.version)
    assert Activity.select().count() == before


def test_filters_paging_and_accounts(actor: Actor) -> None:
    editor = member(actor, 'editor', 'editor@example.com')
    for index in range(7):
        create_blank(actor if index % 2 else editor, f'Workflow {index}')
    clock.advance(timedelta(days=2))
    create_blank(actor, 'Later one')
    create_blank(other_account(), 'Not ours')
    assert activity_page(actor, ActivityQuery()).total == 8
    assert len(actions(actor, person=editor.person_id)) == 4
    assert actions(actor, workflow='later') == [('created', 'Later one', 'Admin')]
    assert activity_page(actor, ActivityQuery(day_from=date(2026, 11, 26))).total == 1
    assert activity_page(actor, ActivityQuery(day_to=date(2026, 11, 24))).total == 7
    paged = activity_page(actor, ActivityQuery(page=2), page_size=5)
    assert (paged.page, paged.pages, len(paged.entries)) == (2, 2, 3)
    query = ActivityQuery(person=3, action='created', workflow='x', day_from=date(2026, 1, 2), page=2)
    assert ActivityQuery.from_params(query.to_params()) == query
    assert ActivityQuery.from_params({'action': 'nonsense', 'from': 'yesterday', 'page': '-4'}) == ActivityQuery()


def test_a_workflows_history_outlives_it(actor: Actor) -> None:
    workflow = startable(actor, 'Short-lived')
    apply_action(actor, workflow.id, 'start', workflow.version)
    delete_many(actor, [workflow.id])
    assert [entry.action for entry in workflow_history(actor, workflow.id)] == ['deleted', 'started']
    assert workflow_history(other_account(), workflow.id) == []
