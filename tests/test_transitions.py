"""The state-transition table of docs/product.md §2, through the service the pages call (real SQLite file)."""

import threading
from datetime import datetime, timedelta

import pytest

import model.workflows.lifecycle as services
from model.access.gate import Actor
from model.common.clock import clock
from model.common.errors import Forbidden, NotFound, Refused, StaleVersion
from model.storage.schema import Workflow
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import apply_action, create_blank, delete_many, duplicate_many, new_workflow
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED, STATES, TRANSITIONS, actions_from
from tests.conftest import FROZEN_NOW
from tests.factories import in_state, member, other_account, reload, row, startable

ACTIONS = ('start', 'pause', 'resume', 'finalize')
ALLOWED = {(DRAFT, 'start'), (ACTIVE, 'pause'), (PAUSED, 'resume'), (ACTIVE, 'finalize')}
REFUSED = [(state, action) for state in STATES for action in ACTIONS if (state, action) not in ALLOWED]


def test_the_table_declares_exactly_the_transitions_of_the_spec() -> None:
    assert {(t.source, t.action, t.target) for t in TRANSITIONS} == {
        (DRAFT, 'start', ACTIVE), (ACTIVE, 'pause', PAUSED), (PAUSED, 'resume', ACTIVE),
        (ACTIVE, 'finalize', FINALIZED)}
    assert [t.action for t in TRANSITIONS if t.needs_no_errors] == ['start']
    assert actions_from(FINALIZED) == []
    assert sorted(actions_from(ACTIVE)) == ['finalize', 'pause']


def test_start_makes_a_draft_active_and_appends_it_to_the_execution_order(actor: Actor) -> None:
    first, second = startable(actor, 'First'), startable(actor, 'Second')
    clock.advance(timedelta(minutes=5))
    started = apply_action(actor, first.id, 'start', first.version)
    assert (started.state, started.started_at, started.updated_at) == (ACTIVE, FROZEN_NOW + timedelta(minutes=5),
                                                                       FROZEN_NOW + timedelta(minutes=5))
    assert started.priority_position == 1
    assert (started.paused_at, started.pause_expires_at, started.finalized_at) == (None, None, None)
    assert apply_action(actor, second.id, 'start', second.version).priority_position == 2


def test_a_started_workflow_goes_after_paused_ones_and_ignores_other_accounts(actor: Actor) -> None:
    paused = in_state(actor, PAUSED, 'Paused one')
    assert paused.priority_position == 1
    stranger = other_account()
    for index in range(3):
        in_state(stranger, ACTIVE, f'Theirs {index}')
    ours = startable(actor, 'Ours')
    assert apply_action(actor, ours.id, 'start', ours.version).priority_position == 2


def test_pause_keeps_the_place_and_expires_three_calendar_months_later(actor: Actor) -> None:
    first, active = in_state(actor, ACTIVE, 'First'), in_state(actor, ACTIVE, 'Second')
    clock.advance(timedelta(hours=1))
    paused = apply_action(actor, active.id, 'pause', active.version)
    assert paused.state == PAUSED
    assert paused.priority_position == 2 and reload(first).priority_position == 1
    assert paused.paused_at == datetime(2026, 11, 24, 13, 0)
    assert paused.pause_expires_at == datetime(2027, 2, 24, 13, 0)
    assert paused.started_at == active.started_at


def test_resume_makes_it_active_again_in_the_same_place(actor: Actor) -> None:
    in_state(actor, ACTIVE, 'Before')
    paused = in_state(actor, PAUSED, 'Paused')
    in_state(actor, ACTIVE, 'After')
    clock.advance(timedelta(days=10))
    resumed = apply_action(actor, paused.id, 'resume', paused.version)
    assert resumed.state == ACTIVE
    assert resumed.priority_position == 2
    assert (resumed.paused_at, resumed.pause_expires_at) == (None, None)
    assert resumed.started_at == FROZEN_NOW  # resuming is not a new start
    assert resumed.updated_at == FROZEN_NOW + timedelta(days=10)


def test_finalize_leaves_the_execution_order_for_good(actor: Actor) -> None:
    active = in_state(actor, ACTIVE)
    clock.advance(timedelta(days=2))
    finalized = apply_action(actor, active.id, 'finalize', active.version)
    assert finalized.state == FINALIZED
    assert finalized.finalized_reason == 'person'
    assert finalized.finalized_at == FROZEN_NOW + timedelta(days=2)
    assert finalized.priority_position is None
    with pytest.raises(Refused, match='is finalized: only drafts can be started'):
        apply_action(actor, finalized.id, 'start', finalized.version)
    with pytest.raises(Refused, match='is finalized: only paused workflows can be resumed'):
        apply_action(actor, finalized.id, 'resume', finalized.version)


@pytest.mark.parametrize(('state', 'action'), REFUSED)
def test_every_other_pair_is_refused_and_changes_nothing(actor: Actor, state: str, action: str) -> None:
    workflow = in_state(actor, state)
    before = row(workflow)
    clock.advance(timedelta(minutes=1))
    with pytest.raises(Refused) as refused:
        apply_action(actor, workflow.id, action, workflow.version)
    label = {DRAFT: 'a draft', ACTIVE: 'active', PAUSED: 'paused', FINALIZED: 'finalized'}[state]
    allowed = {'start': 'drafts', 'pause': 'active workflows', 'resume': 'paused workflows',
               'finalize': 'active workflows'}[action]
    done = {'start': 'started', 'pause': 'paused', 'resume': 'resumed', 'finalize': 'finalized'}[action]
    assert refused.value.message == f'"Ready to go" is {label}: only {allowed} can be {done}'
    assert row(workflow) == before


def test_an_unknown_action_is_refused(actor: Actor) -> None:
    workflow = in_state(actor, FINALIZED)
    before = row(workflow)
    with pytest.raises(Refused, match='restart is not possible'):
        apply_action(actor, workflow.id, 'restart', workflow.version)
    assert row(workflow) == before


def test_start_is_refused_while_the_workflow_has_errors(actor: Actor) -> None:
    blank = create_blank(actor, 'Only a start')  # "Start leads nowhere"
    assert blank.error_count == 1
    before = row(blank)
    with pytest.raises(Refused, match='has 1 error'):
        apply_action(actor, blank.id, 'start', blank.version)
    assert row(blank) == before


def test_alerts_do_not_block_start(actor: Actor) -> None:
    workflow = new_workflow(actor.account_id, 'Alert only')
    build_nodes(workflow, [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'existing'},
                                    {'next': 'wait'}),
                           NodeSpec('wait', 'wait', {'duration_hours': 2})])  # a branch without any action
    refresh_derived(workflow)
    workflow = reload(workflow)
    assert (workflow.error_count, workflow.alert_count) == (0, 1)
    assert apply_action(actor, workflow.id, 'start', workflow.version).state == ACTIVE


@pytest.mark.parametrize('offset', [-1, 1])
def test_a_stale_version_is_refused_and_nothing_is_written(actor: Actor, offset: int) -> None:
    workflow = in_state(actor, ACTIVE)
    before = row(workflow)
    with pytest.raises(StaleVersion) as stale:
        apply_action(actor, workflow.id, 'pause', workflow.version + offset)
    assert stale.value.message == '"Ready to go" changed meanwhile: it is now Active'
    assert row(workflow) == before


def test_two_clicks_on_the_same_view_exactly_one_wins(actor: Actor) -> None:
    workflow = in_state(actor, ACTIVE)
    seen = workflow.version
    apply_action(actor, workflow.id, 'pause', seen)
    after_first = row(workflow)
    with pytest.raises(StaleVersion, match='it is now Paused'):
        apply_action(actor, workflow.id, 'finalize', seen)
    assert row(workflow) == after_first
    assert after_first['state'] == PAUSED


def at_once(monkeypatch: pytest.MonkeyPatch, actor: Actor, clicks: list[tuple[int, str, int]]) -> list[object]:
    """Run ``apply_action`` for each (id, action, version) in its own thread (own connection) at the same time.

    Each request, once it has read its workflow, waits (at most a second) for the other to have read too, which
    forces the read-read-write-write interleaving whenever the database lets both read inside their transactions.
    Returns each click's resulting state, or the exception it raised.
    """
    both_read = threading.Barrier(len(clicks), timeout=1)

    def get_then_wait(actor_: Actor, workflow_id: int) -> Workflow:
        found = Workflow.get_by_id(workflow_id)
        try:
            both_read.wait()
        except threading.BrokenBarrierError:
            pass  # the other request was kept waiting for the write lock: that is fine
        return found

    monkeypatch.setattr(services, 'get_workflow', get_then_wait)
    outcomes: list[object] = [None] * len(clicks)

    def click(index: int) -> None:
        workflow_id, action, version = clicks[index]
        try:
            outcomes[index] = apply_action(actor, workflow_id, action, version).state
        except Exception as error:
            outcomes[index] = error

    threads = [threading.Thread(target=click, args=(index,)) for index in range(len(clicks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_two_simultaneous_clicks_in_two_threads_exactly_one_wins(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two requests at once on one workflow: one wins, the other is told, never a database error."""
    workflow = in_state(actor, ACTIVE)
    outcomes = at_once(monkeypatch, actor, [(workflow.id, 'pause', workflow.version),
                                            (workflow.id, 'finalize', workflow.version)])
    winners = [outcome for outcome in outcomes if isinstance(outcome, str)]
    losers = [outcome for outcome in outcomes if not isinstance(outcome, str)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], StaleVersion), outcomes
    stored = reload(workflow)
    assert stored.state == winners[0]
    assert stored.version == workflow.version + 1


def test_two_workflows_started_at_once_both_join_the_order(actor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Different workflows started at the same moment: both start, each with its own place at the end."""
    in_state(actor, ACTIVE, 'Already running')
    first, second = startable(actor, 'First'), startable(actor, 'Second')
    outcomes = at_once(monkeypatch, actor, [(first.id, 'start', first.version), (second.id, 'start', second.version)])
    assert outcomes == [ACTIVE, ACTIVE]
    assert {reload(first).priority_position, reload(second).priority_position} == {2, 3}


def test_every_write_increments_the_version(actor: Actor) -> None:
    workflow = startable(actor)
    versions = [workflow.version]
    for action in ('start', 'pause', 'resume', 'pause', 'resume', 'finalize'):
        workflow = apply_action(actor, workflow.id, action, workflow.version)
        versions.append(workflow.version)
    assert versions == list(range(versions[0], versions[0] + 7))


def test_another_accounts_workflow_is_not_found(actor: Actor) -> None:
    theirs = in_state(other_account(), ACTIVE, 'Theirs')
    before = row(theirs)
    with pytest.raises(NotFound, match='does not exist'):
        apply_action(actor, theirs.id, 'pause', theirs.version)
    with pytest.raises(NotFound):
        apply_action(actor, 999_999, 'pause', 1)
    assert row(theirs) == before


def test_a_viewer_changes_nothing(actor: Actor) -> None:
    viewer = member(actor, 'viewer')
    assert viewer.role == 'viewer'
    draft, active = startable(actor, 'Draft'), in_state(actor, ACTIVE, 'Active')
    before = {w.id: row(w) for w in (draft, active)}
    with pytest.raises(Forbidden, match='does not allow changes'):
        apply_action(viewer, draft.id, 'start', draft.version)
    with pytest.raises(Forbidden):
        apply_action(viewer, active.id, 'pause', active.version)
    with pytest.raises(Forbidden):
        create_blank(viewer, 'Sneaky')
    with pytest.raises(Forbidden):
        duplicate_many(viewer, [draft.id])
    with pytest.raises(Forbidden):
        delete_many(viewer, [draft.id, active.id])
    assert {w.id: row(w) for w in Workflow.select()} == before


def test_an_editor_may_change(actor: Actor) -> None:
    editor = member(actor, 'editor', 'editor@example.com')
    draft = startable(actor)
    assert apply_action(editor, draft.id, 'start', draft.version).state == ACTIVE
