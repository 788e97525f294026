"""The pause-expiry sweep (docs/product.md §2, §11): three calendar months to the second, month ends, idempotence."""

import threading
from datetime import datetime, timedelta

import pytest

import model.workflows.lifecycle as services
from model.access.gate import Actor
from model.common import events
from model.common.clock import add_calendar_months, clock
from model.common.errors import Refused, StaleVersion
from model.storage.schema import Workflow
from model.workflows.lifecycle import apply_action, pause_expiry, sweep_expired_pauses
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED
from tests.factories import at, in_state, other_account, reload, row, startable

ONE_SECOND = timedelta(seconds=1)


def paused_at(actor: Actor, moment: datetime, name: str = 'Paused') -> Workflow:
    """A workflow started and paused at ``moment`` through the real transitions."""
    clock.freeze(moment)
    return in_state(actor, PAUSED, name)


def test_expiry_is_exactly_three_calendar_months_to_the_second(actor: Actor) -> None:
    workflow = paused_at(actor, at('2026-08-24 12:00:00'))
    assert workflow.pause_expires_at == at('2026-11-24 12:00:00')
    assert sweep_expired_pauses(at('2026-11-24 11:59:59')) == 0
    assert reload(workflow).state == PAUSED
    assert sweep_expired_pauses(at('2026-11-24 12:00:00')) == 1
    assert reload(workflow).state == FINALIZED


@pytest.mark.parametrize(('paused', 'expires'), [
    ('2026-11-30 09:15:00', '2027-02-28 09:15:00'),
    ('2027-11-30 09:15:00', '2028-02-29 09:15:00'),  # leap year
    ('2026-01-31 00:00:00', '2026-04-30 00:00:00'),
    ('2026-08-31 23:59:59', '2026-11-30 23:59:59'),
    ('2026-10-31 18:00:00', '2027-01-31 18:00:00'),  # over the year end
    ('2026-12-31 08:00:00', '2027-03-31 08:00:00'),
    ('2027-02-28 10:00:00', '2027-05-28 10:00:00'),
])
def test_month_ends(actor: Actor, paused: str, expires: str) -> None:
    assert pause_expiry(at(paused)) == at(expires)
    workflow = paused_at(actor, at(paused))
    assert workflow.pause_expires_at == at(expires)
    assert sweep_expired_pauses(at(expires) - ONE_SECOND) == 0
    assert sweep_expired_pauses(at(expires)) == 1
    assert reload(workflow).state == FINALIZED


def test_add_calendar_months_over_many_months() -> None:
    assert add_calendar_months(at('2026-01-31 12:00:00'), 1) == at('2026-02-28 12:00:00')
    assert add_calendar_months(at('2028-01-31 12:00:00'), 1) == at('2028-02-29 12:00:00')
    assert add_calendar_months(at('2026-09-15 12:00:00'), 3) == at('2026-12-15 12:00:00')
    assert add_calendar_months(at('2026-12-15 12:00:00'), 12) == at('2027-12-15 12:00:00')
    assert add_calendar_months(at('2026-05-31 12:00:00'), 27) == at('2028-08-31 12:00:00')


def test_the_sweep_finalizes_with_its_reason_and_leaves_the_execution_order(actor: Actor) -> None:
    before, workflow = in_state(actor, ACTIVE, 'Before'), paused_at(actor, at('2026-08-24 12:00:00'))
    assert workflow.priority_position == 2
    now = at('2026-12-01 08:00:00')
    assert sweep_expired_pauses(now) == 1
    swept = reload(workflow)
    assert (swept.state, swept.finalized_reason, swept.priority_position) == (FINALIZED, 'pause expired', None)
    assert swept.finalized_at == at('2026-11-24 12:00:00')  # when the pause ran out
    assert swept.updated_at == now
    assert swept.version == workflow.version + 1
    assert reload(before).priority_position == 1
    with pytest.raises(Refused, match='is finalized: only paused workflows can be resumed'):
        apply_action(actor, swept.id, 'resume', swept.version)


def test_the_sweep_is_idempotent(actor: Actor) -> None:
    workflow = paused_at(actor, at('2026-08-24 12:00:00'))
    assert sweep_expired_pauses(at('2026-11-25 00:00:00')) == 1
    after_first = row(workflow)
    assert sweep_expired_pauses(at('2026-11-25 00:00:00')) == 0
    assert sweep_expired_pauses(at('2027-06-01 00:00:00')) == 0
    assert row(workflow) == after_first


def test_only_expired_paused_rows_change(actor: Actor) -> None:
    expired = paused_at(actor, at('2026-08-01 10:00:00'), 'Expired')
    recent = paused_at(actor, at('2026-09-01 10:00:00'), 'Recent')
    clock.freeze(at('2026-07-01 10:00:00'))
    draft, active, finalized = (startable(actor, 'Draft'), in_state(actor, ACTIVE, 'Active'),
                                in_state(actor, FINALIZED, 'Finalized'))
    untouched = {w.id: row(w) for w in (recent, draft, active, finalized)}
    assert sweep_expired_pauses(at('2026-11-15 00:00:00')) == 1
    assert reload(expired).state == FINALIZED
    assert {w.id: row(w) for w in (recent, draft, active, finalized)} == untouched
    assert reload(draft).state == DRAFT and reload(active).state == ACTIVE


def test_the_sweep_covers_every_account(actor: Actor) -> None:
    mine = paused_at(actor, at('2026-08-01 10:00:00'), 'Mine')
    theirs = paused_at(other_account(), at('2026-08-01 10:00:00'), 'Theirs')
    assert sweep_expired_pauses(at('2026-11-01 10:00:00')) == 2
    assert reload(mine).state == reload(theirs).state == FINALIZED


def test_a_resumed_then_paused_again_workflow_counts_from_its_last_pause(actor: Actor) -> None:
    workflow = paused_at(actor, at('2026-06-10 12:00:00'))
    clock.freeze(at('2026-08-10 12:00:00'))
    workflow = apply_action(actor, workflow.id, 'resume', workflow.version)
    assert workflow.pause_expires_at is None
    clock.freeze(at('2026-08-20 12:00:00'))
    workflow = apply_action(actor, workflow.id, 'pause', workflow.version)
    assert sweep_expired_pauses(at('2026-09-10 12:00:00')) == 0  # three months after the first pause
    assert sweep_expired_pauses(at('2026-11-20 11:59:59')) == 0
    assert sweep_expired_pauses(at('2026-11-20 12:00:00')) == 1


def test_a_moved_clock_drives_the_sweep(actor: Actor) -> None:
    workflow = paused_at(actor, at('2026-08-24 12:00:00'))
    clock.advance(timedelta(days=92) - ONE_SECOND)  # 24 Aug + 92 days = 24 Nov
    assert sweep_expired_pauses() == 0
    assert reload(workflow).state == PAUSED
    clock.advance(ONE_SECOND)
    assert sweep_expired_pauses() == 1
    swept = reload(workflow)
    assert (swept.state, swept.updated_at) == (FINALIZED, at('2026-11-24 12:00:00'))


def test_the_demo_clock_advance_of_one_month_at_a_time(actor: Actor) -> None:
    """A trainer's "advance 1 month" three times: the pause expires on the third."""
    workflow = paused_at(actor, at('2026-01-31 12:00:00'))  # expires 30 April
    results = []
    for _ in range(3):
        clock.advance(timedelta(days=30))
        results.append(sweep_expired_pauses())
    assert results == [0, 0, 1]  # 2 Mar, 1 Apr, 1 May
    assert reload(workflow).state == FINALIZED


def test_the_sweep_announces_only_a_real_change(actor: Actor) -> None:
    paused_at(actor, at('2026-08-24 12:00:00'))
    changes: list[events.Change] = []
    unsubscribe = events.subscribe(changes.append)
    try:
        sweep_expired_pauses(at('2026-10-01 00:00:00'))
        assert changes == []
        sweep_expired_pauses(at('2026-12-01 00:00:00'))
        assert changes == [events.Change(events.ChangeKind.UPDATED, None)]
    finally:
        unsubscribe()


@pytest.mark.parametrize(('paused', 'before', 'expired'), [
    ('2026-08-24 12:00:00.250000', '2026-11-24 12:00:00.249999', '2026-11-24 12:00:00.250000'),
    ('2026-08-24 12:00:00.250000', '2026-11-24 12:00:00', '2026-11-24 12:00:01'),
    ('2026-08-24 12:00:00', '2026-11-24 11:59:59.999999', '2026-11-24 12:00:00.000001'),
])
def test_sub_second_times_of_a_running_clock(actor: Actor, paused: str, before: str, expired: str) -> None:
    """The real clock has microseconds; stored and compared as text, they must still order like times."""
    workflow = paused_at(actor, at(paused))
    assert sweep_expired_pauses(at(before)) == 0
    assert sweep_expired_pauses(at(expired)) == 1
    assert reload(workflow).state == FINALIZED


def test_an_expired_pause_cannot_be_resumed_before_the_sweep_runs(actor: Actor) -> None:
    """The row still says Paused until the next sweep (every minute); Resume must not revive it meanwhile."""
    workflow = paused_at(actor, at('2026-08-24 12:00:00'))
    clock.freeze(at('2026-11-24 12:00:30'))
    with pytest.raises((StaleVersion, Refused)) as refused:
        apply_action(actor, workflow.id, 'resume', workflow.version)
    assert 'Finalized' in refused.value.message
    stored = reload(workflow)
    assert (stored.state, stored.finalized_reason, stored.priority_position) == (FINALIZED, 'pause expired', None)


def test_a_pause_one_second_from_expiry_can_still_be_resumed(actor: Actor) -> None:
    workflow = paused_at(actor, at('2026-08-24 12:00:00'))
    clock.freeze(at('2026-11-24 11:59:59'))
    resumed = apply_action(actor, workflow.id, 'resume', workflow.version)
    assert (resumed.state, resumed.priority_position) == (ACTIVE, 1)


def test_a_sweep_during_a_resume_in_another_thread(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweep runs while a Resume request (another thread, another connection) has read the row but not written.

    Either may win; the other must see it: resumed and not swept, or swept and the resume told. Never an error.
    """
    workflow = paused_at(actor, at('2026-08-24 12:00:00'))
    clock.freeze(at('2026-11-24 11:59:59'))  # the resume sees a pause that has not expired yet
    has_read, swept = threading.Event(), threading.Event()

    def get_then_wait(actor_: Actor, workflow_id: int) -> Workflow:
        found = Workflow.get_by_id(workflow_id)
        has_read.set()
        swept.wait(timeout=1)  # the sweep may be kept waiting for our write lock: then go on after a second
        return found

    monkeypatch.setattr(services, 'get_workflow', get_then_wait)
    outcome: list[object] = []

    def resume() -> None:
        try:
            outcome.append(apply_action(actor, workflow.id, 'resume', workflow.version).state)
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=resume)
    thread.start()
    assert has_read.wait(timeout=10)
    finalized = sweep_expired_pauses(at('2026-11-24 12:00:00'))
    swept.set()
    thread.join(30)
    stored = reload(workflow)
    if finalized:
        assert isinstance(outcome[0], StaleVersion) and stored.state == FINALIZED, outcome
    else:
        assert outcome == [ACTIVE] and stored.state == ACTIVE
