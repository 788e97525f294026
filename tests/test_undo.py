"""`Undo` reverses exactly what a delete, a move, a duplicate or a bulk run did, or says why it can't."""

import pytest

from model.access.gate import Actor
from model.common.errors import Forbidden, NotFound
from model.storage.schema import Workflow
from model.workflows.bulk import BulkRun, UndoToken, run_in_batches
from model.workflows.folders import create_folder, delete_folder, move_workflows
from model.workflows.lifecycle import apply_action, delete_many, duplicate_batch
from model.workflows.priority import execution_order, order_token, save_order
from model.workflows.states import ACTIVE, PAUSED
from model.workflows.trash import restore
from model.workflows.undo import undo
from tests.factories import in_state, member, other_account, owned_rows, reload, rich, row, startable


def columns(workflow: Workflow) -> dict:
    """Every column an undo must give back, version and updated time aside (an undo is a change too)."""
    stored = row(workflow)
    return {key: value for key, value in stored.items() if key not in ('version', 'updated_at')}


def test_undo_of_a_delete_gives_back_exactly_what_was_there(actor: Actor) -> None:
    first, second = in_state(actor, ACTIVE, 'First'), in_state(actor, PAUSED, 'Second')
    before = [columns(first), columns(second)]
    deleted = delete_many(actor, [first.id, second.id])
    assert deleted.undo is not None
    assert sorted(undo(actor, deleted.undo).done) == ['First', 'Second']
    assert [columns(reload(first)), columns(reload(second))] == before
    assert [w.id for w in execution_order(actor)] == [first.id, second.id]


def test_undo_of_a_delete_goes_last_in_the_order_if_its_place_was_taken(actor: Actor) -> None:
    first, second = in_state(actor, ACTIVE, 'First'), in_state(actor, ACTIVE, 'Second')
    deleted = delete_many(actor, [first.id])
    order = execution_order(actor)
    save_order(actor, [second.id], order_token(order))  # renumbers Second to position 1, First's place
    assert deleted.undo is not None
    undo(actor, deleted.undo)
    assert [w.id for w in execution_order(actor)] == [second.id, first.id]


def test_undo_of_a_move_puts_each_workflow_back_in_its_own_folder(actor: Actor) -> None:
    weekly, monthly, target = create_folder(actor, 'Weekly'), create_folder(actor, 'Monthly'), create_folder(actor, 'T')
    loose, in_weekly, in_monthly = startable(actor, 'Loose'), startable(actor, 'W', weekly.id), startable(
        actor, 'M', monthly.id)
    moved = move_workflows(actor, [loose.id, in_weekly.id, in_monthly.id], target.id)
    assert moved.undo is not None
    assert sorted(undo(actor, moved.undo).done) == ['Loose', 'M', 'W']
    assert [reload(w).folder_id for w in (loose, in_weekly, in_monthly)] == [None, weekly.id, monthly.id]


def test_undo_of_a_duplicate_removes_the_copies_and_all_they_own(actor: Actor) -> None:
    original = rich(actor)
    copies = duplicate_batch(actor, [original.id])
    [copy_id] = [item.workflow_id for item in copies.undo.items]  # type: ignore[union-attr]
    assert undo(actor, copies.undo).done == ['Welcome']  # type: ignore[arg-type]
    assert Workflow.get_or_none(Workflow.id == copy_id) is None
    assert owned_rows(copy_id) == {'Node': 0, 'Connection': 0, 'Content': 0}
    assert owned_rows(original.id)['Node'] == 7


def test_a_workflow_changed_meanwhile_is_left_alone_and_named(actor: Actor) -> None:
    target = create_folder(actor, 'Target')
    changed, untouched = in_state(actor, ACTIVE, 'Changed'), startable(actor, 'Untouched')
    moved = move_workflows(actor, [changed.id, untouched.id], target.id)
    apply_action(actor, changed.id, 'pause', reload(changed).version)  # someone pauses it meanwhile
    result = undo(actor, moved.undo)  # type: ignore[arg-type]
    assert (result.done, result.skipped) == (['Untouched'], [('Changed', 'changed meanwhile')])
    assert (reload(changed).folder_id, reload(untouched).folder_id) == (target.id, None)


def test_undo_refuses_what_was_restored_deleted_or_lost_its_folder_meanwhile(actor: Actor) -> None:
    gone_folder, target = create_folder(actor, 'Gone'), create_folder(actor, 'Target')
    restored, moved_away = startable(actor, 'Restored'), startable(actor, 'From gone', gone_folder.id)
    deleted = delete_many(actor, [restored.id])
    restore(actor, [restored.id])
    assert undo(actor, deleted.undo).skipped == [('Restored', 'was restored meanwhile')]  # type: ignore[arg-type]
    moved = move_workflows(actor, [moved_away.id], target.id)
    delete_folder(actor, gone_folder.id)
    assert undo(actor, moved.undo).skipped == [  # type: ignore[arg-type]
        ('From gone', 'its former folder was deleted meanwhile')]
    copies = duplicate_batch(actor, [restored.id])
    delete_many(actor, [item.workflow_id for item in copies.undo.items])  # type: ignore[union-attr]
    # the copy is named with its badge
    assert undo(actor, copies.undo).skipped == [('Restored [1]', 'changed meanwhile')]  # type: ignore[arg-type]


def test_undo_of_a_bulk_run_reverses_every_batch_even_after_stop(actor: Actor) -> None:
    ids = [startable(actor, f'Workflow {i:02}').id for i in range(10)]
    progress = BulkRun(total=len(ids))

    def step(batch: list[int]):  # type: ignore[no-untyped-def]
        result = delete_many(actor, batch)
        if progress.done >= 3:
            progress.stop.set()
        return result

    run_in_batches(progress, ids, step, batch_size=3)
    assert (progress.done, progress.stopped_early) == (6, True)
    assert len(undo(actor, progress.undo).done) == 6  # type: ignore[arg-type]
    assert Workflow.select().where(Workflow.deleted_at.is_null(False)).count() == 0


def test_an_undo_token_only_works_in_its_own_account_and_for_editors(actor: Actor) -> None:
    workflow = startable(actor)
    deleted = delete_many(actor, [workflow.id])
    with pytest.raises(NotFound):
        undo(other_account(), deleted.undo)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        undo(member(actor, 'viewer'), deleted.undo)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        undo(actor, UndoToken('rename', actor.account_id))
    assert reload(workflow).deleted_at is not None
