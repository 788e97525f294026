"""Pause, Resume and Finalize for a selection: those the state table allows change, the others are skipped with
the reason, in one transaction per batch."""

import pytest

from model.access.gate import Actor
from model.common.errors import Forbidden
from model.storage.schema import Activity
from model.workflows.lifecycle import apply_action_batch
from model.workflows.priority import execution_order
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED
from tests.factories import in_state, member, other_account, reload


def test_bulk_finalize_finalizes_the_active_and_skips_drafts_with_the_reason(actor: Actor) -> None:
    active, draft = in_state(actor, ACTIVE, 'Running'), in_state(actor, DRAFT, 'Sketch')
    paused = in_state(actor, PAUSED, 'Resting')
    result = apply_action_batch(actor, [active.id, draft.id, paused.id], 'finalize')
    assert result.done == ['Running']
    assert result.skipped == [('Sketch', 'is a draft: only active workflows can be finalized'),
                              ('Resting', 'is paused: only active workflows can be finalized')]
    assert result.undo is None  # a finalize cannot be taken back
    assert [reload(w).state for w in (active, draft, paused)] == [FINALIZED, DRAFT, PAUSED]
    assert reload(active).priority_position is None
    assert Activity.select().where(Activity.action == 'finalized').count() == 1


def test_bulk_pause_then_resume(actor: Actor) -> None:
    first, second = in_state(actor, ACTIVE, 'First'), in_state(actor, ACTIVE, 'Second')
    finalized = in_state(actor, FINALIZED, 'Done')
    paused = apply_action_batch(actor, [first.id, second.id, finalized.id], 'pause')
    assert (paused.done, paused.skipped) == (['First', 'Second'], [('Done', 'is finalized: only active workflows '
                                                                            'can be paused')])
    assert {reload(w).state for w in (first, second)} == {PAUSED}
    assert reload(first).pause_expires_at is not None
    resumed = apply_action_batch(actor, [first.id, second.id], 'resume')
    assert (resumed.done, resumed.skipped) == (['First', 'Second'], [])
    assert {reload(w).state for w in (first, second)} == {ACTIVE}
    assert [w.name for w in execution_order(actor)] == ['First', 'Second']  # places kept


def test_bulk_transitions_touch_only_the_actors_account_and_need_the_right(actor: Actor) -> None:
    mine, theirs = in_state(actor, ACTIVE, 'Mine'), in_state(other_account(), ACTIVE, 'Theirs')
    assert apply_action_batch(actor, [mine.id, theirs.id], 'pause').done == ['Mine']
    assert reload(theirs).state == ACTIVE
    with pytest.raises(Forbidden):
        apply_action_batch(member(actor, 'viewer'), [mine.id], 'resume')
    assert reload(mine).state == PAUSED
