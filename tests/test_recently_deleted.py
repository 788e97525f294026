"""`Recently deleted`: what deleting keeps, where deleted workflows no longer appear, the restore rules, the purge."""

from datetime import timedelta

import pytest

from model.access.gate import Actor
from model.common.clock import clock
from model.common.errors import Forbidden, NotFound
from model.storage.schema import Activity, Workflow
from model.workflows.editing import load_draft
from model.workflows.exchange import export_workflows
from model.workflows.folders import count_unfiled, create_folder, delete_folder, folder_tree, move_workflows
from model.workflows.lifecycle import (
    apply_action,
    delete_many,
    duplicate_many,
    get_workflow,
    pause_expiry,
    sweep_expired_pauses,
)
from model.workflows.listing import ListQuery, count_matching, list_workflows, matching_ids, selection_in_filter
from model.workflows.priority import execution_order
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED
from model.workflows.trash import delete_permanently, deleted_page, purge_expired, restore
from tests.conftest import FROZEN_NOW
from tests.factories import in_state, member, other_account, owned_rows, reload, rich, startable


def test_a_deleted_workflow_appears_nowhere_but_recently_deleted(actor: Actor) -> None:
    folder = create_folder(actor, 'Seasonal')
    gone, kept = in_state(actor, ACTIVE, 'Gone'), startable(actor, 'Kept', folder.id)
    move_workflows(actor, [gone.id], folder.id)
    delete_many(actor, [gone.id])
    assert [w.name for w in list_workflows(actor, ListQuery(search='gone')).rows] == []
    assert matching_ids(actor, ListQuery()) == [kept.id]
    assert count_matching(actor, ListQuery(states=(ACTIVE,))) == 0
    assert folder_tree(actor)[0].total_count == 1 and count_unfiled(actor) == 0
    assert execution_order(actor) == []
    assert export_workflows(actor, [gone.id]).data is None
    with pytest.raises(NotFound):
        get_workflow(actor, gone.id)  # the editor and Live view say "not found"
    with pytest.raises(NotFound):
        load_draft(actor, gone.id)
    assert duplicate_many(actor, [gone.id]) == []
    assert move_workflows(actor, [gone.id], None).done == []
    assert [(row.name, row.folder) for row in deleted_page(actor).rows] == [('Gone', 'Seasonal')]


def test_the_simulator_and_the_sweep_leave_deleted_workflows_alone(actor: Actor) -> None:
    paused = in_state(actor, PAUSED, 'Paused')
    delete_many(actor, [paused.id])
    assert sweep_expired_pauses(pause_expiry(FROZEN_NOW) + timedelta(days=1)) == 0
    assert reload(paused).state == PAUSED


def test_deleting_keeps_everything_the_workflow_owns_until_removed_for_good(actor: Actor) -> None:
    workflow = rich(actor)
    delete_many(actor, [workflow.id])
    assert owned_rows(workflow.id) == {'Node': 7, 'Connection': 6, 'Content': 3}
    assert delete_permanently(actor, [workflow.id]).done == ['Welcome']
    assert owned_rows(workflow.id) == {'Node': 0, 'Connection': 0, 'Content': 0}
    assert Workflow.get_or_none(Workflow.id == workflow.id) is None


@pytest.mark.parametrize('state', [DRAFT, FINALIZED])
def test_a_draft_or_finalized_workflow_comes_back_as_it_was(actor: Actor, state: str) -> None:
    workflow = in_state(actor, state)
    delete_many(actor, [workflow.id])
    clock.advance(timedelta(days=3))
    assert restore(actor, [workflow.id]).done == ['Ready to go']
    back = reload(workflow)
    assert (back.state, back.deleted_at, back.paused_at) == (state, None, workflow.paused_at)


@pytest.mark.parametrize('state', [ACTIVE, PAUSED])
def test_an_active_or_paused_workflow_comes_back_paused_with_its_pause_restarting(actor: Actor, state: str) -> None:
    other = in_state(actor, ACTIVE, 'Other')
    workflow = in_state(actor, state)
    delete_many(actor, [workflow.id])
    clock.advance(timedelta(days=20))
    restore(actor, [workflow.id])
    back = reload(workflow)
    assert (back.state, back.paused_at, back.pause_expires_at) == (PAUSED, clock.now(), pause_expiry(clock.now()))
    assert [w.id for w in execution_order(actor)] == [other.id, workflow.id]  # last in the order


def test_restore_goes_back_to_the_folder_or_the_top_level_if_it_is_gone(actor: Actor) -> None:
    weekly, monthly = create_folder(actor, 'Weekly'), create_folder(actor, 'Monthly')
    stays, orphan = startable(actor, 'Stays', weekly.id), startable(actor, 'Orphan', monthly.id)
    delete_many(actor, [stays.id, orphan.id])
    delete_folder(actor, monthly.id)
    restore(actor, [stays.id, orphan.id])
    assert (reload(stays).folder_id, reload(orphan).folder_id) == (weekly.id, None)


def test_purge_removes_only_what_waited_thirty_days(actor: Actor) -> None:
    old, recent = rich(actor, 'Old'), rich(actor, 'Recent')
    delete_many(actor, [old.id])
    clock.advance(timedelta(days=10))
    delete_many(actor, [recent.id])
    clock.advance(timedelta(days=20) - timedelta(seconds=1))
    assert purge_expired() == 0
    clock.advance(timedelta(seconds=1))
    assert purge_expired() == 1
    assert Workflow.get_or_none(Workflow.id == old.id) is None and owned_rows(old.id)['Node'] == 0
    assert [row.name for row in deleted_page(actor).rows] == ['Recent']
    entry = Activity.get(Activity.action == 'purged')
    assert (entry.workflow_name, entry.person_id) == ('Old', None)


def test_restore_and_purge_touch_only_the_actors_deleted_workflows(actor: Actor) -> None:
    theirs_actor = other_account()
    theirs, mine = startable(theirs_actor, 'Theirs'), startable(actor, 'Mine')
    delete_many(theirs_actor, [theirs.id])
    assert restore(actor, [theirs.id, mine.id]).done == []  # another account's, and one not deleted
    assert delete_permanently(actor, [theirs.id, mine.id]).done == []
    assert reload(theirs).deleted_at is not None and reload(mine).deleted_at is None
    viewer = member(actor, 'viewer')
    for attempt in (lambda: restore(viewer, [mine.id]), lambda: delete_permanently(viewer, [mine.id])):
        with pytest.raises(Forbidden):
            attempt()


def test_the_selection_keeps_only_what_the_filter_shows(actor: Actor) -> None:
    ids = [startable(actor, f'Spring {i}').id for i in range(3)] + [startable(actor, f'Autumn {i}').id
                                                                    for i in range(2)]
    selection = selection_in_filter(actor, ListQuery(search='spring'), set(ids))
    assert sorted(selection.ids) == sorted(ids[:3]) and selection.pages == 1
    paged = selection_in_filter(actor, ListQuery(page_size=10), set(ids) | {999})
    assert (len(paged.ids), paged.pages) == (5, 1)
    for index in range(20):
        startable(actor, f'Filler {index}')
    spread = selection_in_filter(actor, ListQuery(page_size=10, sort='name'), set(ids))
    assert spread.pages == 2  # Autumn… on page 1, Spring… on page 3 of 25 sorted by name
    delete_many(actor, ids[:1])
    assert ids[0] not in selection_in_filter(actor, ListQuery(), set(ids)).ids


def test_apply_action_refuses_a_deleted_workflow(actor: Actor) -> None:
    workflow = in_state(actor, ACTIVE)
    delete_many(actor, [workflow.id])
    with pytest.raises(NotFound):
        apply_action(actor, workflow.id, 'pause', reload(workflow).version)
