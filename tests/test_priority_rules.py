"""Execution order rules (docs/product.md §9)."""

from datetime import timedelta

import pytest

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.common.errors import Invalid, StaleVersion
from model.storage.schema import Workflow
from model.workflows.lifecycle import delete_many, sweep_expired_pauses
from model.workflows.listing import ListQuery, list_workflows
from model.workflows.priority import execution_order, order_token, places_changed, ranks, save_order
from tests.test_workflow_services import act, startable


def started(actor: Actor, *names: str) -> list[Workflow]:
    return [act(actor, startable(actor, name), 'start') for name in names]


def order(actor: Actor) -> list[str]:
    return [w.name for w in execution_order(actor)]


def test_start_appends_pause_keeps_finalize_and_sweep_remove(actor: Actor) -> None:
    first, second, third = started(actor, 'First', 'Second', 'Third')
    act(actor, second, 'pause')
    assert order(actor) == ['First', 'Second', 'Third']
    act(actor, first, 'finalize')
    assert order(actor) == ['Second', 'Third']
    assert ranks(actor, execution_order(actor)) == {second.id: 1, third.id: 2}
    clock.advance(timedelta(days=93))
    sweep_expired_pauses()
    assert order(actor) == ['Third']
    started(actor, 'Fourth')
    assert order(actor) == ['Third', 'Fourth']


def test_save_renumbers_the_whole_order_at_once(actor: Actor) -> None:
    first, second, third = started(actor, 'First', 'Second', 'Third')
    act(actor, first, 'finalize')  # leaves a gap at 1
    token = order_token(execution_order(actor))
    assert save_order(actor, [third.id, second.id], token) == 1  # Second keeps position 2
    assert [(w.name, w.priority_position) for w in execution_order(actor)] == [('Third', 1), ('Second', 2)]
    assert [w.name for w in list_workflows(actor, ListQuery(sort='priority')).rows][:2] == ['Third', 'Second']


def test_a_save_based_on_a_changed_order_is_refused(actor: Actor) -> None:
    first, second = started(actor, 'First', 'Second')
    token = order_token(execution_order(actor))
    started(actor, 'Third')  # someone starts a workflow meanwhile
    with pytest.raises(StaleVersion, match='changed by someone else'):
        save_order(actor, [second.id, first.id], token)
    assert order(actor) == ['First', 'Second', 'Third']


def test_the_order_must_name_every_placed_workflow_once(actor: Actor) -> None:
    first, second = started(actor, 'First', 'Second')
    token = order_token(execution_order(actor))
    with pytest.raises(Invalid, match='exactly once'):
        save_order(actor, [second.id], token)
    with pytest.raises(Invalid, match='exactly once'):
        save_order(actor, [second.id, first.id, 999], token)
    assert order(actor) == ['First', 'Second']


def test_orders_are_per_account(actor: Actor) -> None:
    started(actor, 'Mine')
    other = create_account_with_admin('Other', 'o@example.com', 'O')
    assert execution_order(other) == []
    (theirs,) = started(other, 'Theirs')
    assert theirs.priority_position == 1


def test_the_count_is_of_workflows_whose_place_changed_relative_to_the_others(actor: Actor) -> None:
    first, *others = started(actor, 'First', 'Second', 'Third', 'Fourth', 'Fifth')
    act(actor, first, 'finalize')  # a gap at 1: every position is renumbered by the next save
    second, third, fourth, fifth = others
    token = order_token(execution_order(actor))
    assert save_order(actor, [third.id, second.id, fourth.id, fifth.id], token) == 1  # one row down one place
    assert order(actor) == ['Third', 'Second', 'Fourth', 'Fifth']
    assert [w.priority_position for w in execution_order(actor)] == [1, 2, 3, 4]
    assert places_changed([1, 2, 3, 4, 5], [5, 1, 2, 3, 4]) == 1  # the last to the top
    assert places_changed([1, 2, 3, 4], [4, 3, 2, 1]) == 3
    assert places_changed([1, 2, 3], [1, 2, 3]) == 0


def test_ranks_count_only_the_kept_workflows_placed_before_whatever_the_gaps(actor: Actor) -> None:
    first, second, third, fourth = started(actor, 'First', 'Second', 'Third', 'Fourth')
    Workflow.update(priority_position=Workflow.priority_position * 10).execute()  # gaps between places
    delete_many(actor, [second.id])  # in Recently deleted: it keeps its place but counts for nobody
    shown = [Workflow.get_by_id(w.id) for w in (fourth, first, third)]  # in the list's order, not the execution's
    assert ranks(actor, shown) == {first.id: 1, third.id: 2, fourth.id: 3}
