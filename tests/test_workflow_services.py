"""Domain rules of the foundation on a real temporary SQLite file: transitions, duplicate, delete, sweep."""

from datetime import datetime, timedelta

import pytest

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.common.errors import Forbidden, NotFound, Refused, StaleVersion
from model.storage.schema import Connection, Content, Folder, Membership, Node, Person, Workflow
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import apply_action, create_blank, delete_many, duplicate_many, sweep_expired_pauses
from model.workflows.listing import ListQuery, list_workflows
from model.workflows.states import ACTION_LABELS, STATES, find_transition
from model.workflows.trash import delete_permanently


def startable(actor: Actor, name: str = 'Newsletter', folder: Folder | None = None) -> Workflow:
    """A draft without errors: Start → send email with its own content."""
    workflow = create_blank(actor, name, folder.id if folder else None)
    content = Content.create(workflow=workflow, channel='email', name='Hello', subject='Hi', body='Body')
    Node.delete().where(Node.workflow == workflow).execute()
    build_nodes(workflow, [NodeSpec('start', 'start', {'selection': 'with email', 'data_source': 'existing'},
                                    {'next': 'email'}),
                           NodeSpec('email', 'send_email', {'content': content.id})])
    refresh_derived(workflow)
    return Workflow.get_by_id(workflow.id)


def act(actor: Actor, workflow: Workflow, action: str) -> Workflow:
    return apply_action(actor, workflow.id, action, Workflow.get_by_id(workflow.id).version)


def test_start_pause_resume_finalize_follow_the_table(actor: Actor) -> None:
    workflow = startable(actor)
    started = act(actor, workflow, 'start')
    assert (started.state, started.started_at, started.priority_position) == ('active', clock.now(), 1)
    paused = act(actor, workflow, 'pause')
    assert (paused.state, paused.priority_position) == ('paused', 1)
    assert paused.pause_expires_at == datetime(2027, 2, 24, 12, 0)
    resumed = act(actor, workflow, 'resume')
    assert (resumed.state, resumed.paused_at, resumed.pause_expires_at) == ('active', None, None)
    finalized = act(actor, workflow, 'finalize')
    assert (finalized.state, finalized.finalized_reason, finalized.priority_position) == ('finalized', 'person', None)
    assert finalized.version == workflow.version + 4


REFUSED = [(state, action) for state in STATES for action in ACTION_LABELS if not find_transition(state, action)]


@pytest.mark.parametrize(('state', 'action'), REFUSED)
def test_every_transition_outside_the_table_is_refused_and_changes_nothing(actor: Actor, state: str,
                                                                          action: str) -> None:
    workflow = startable(actor)
    Workflow.update(state=state).where(Workflow.id == workflow.id).execute()
    with pytest.raises(Refused, match='can be'):
        apply_action(actor, workflow.id, action, workflow.version)
    assert Workflow.get_by_id(workflow.id).state == state
    assert Workflow.get_by_id(workflow.id).version == workflow.version


def test_start_is_refused_while_the_workflow_has_errors(actor: Actor) -> None:
    blank = create_blank(actor, 'Empty')
    with pytest.raises(Refused, match='1 error'):
        apply_action(actor, blank.id, 'start', blank.version)
    assert Workflow.get_by_id(blank.id).state == 'draft'


def test_a_stale_version_is_refused_and_exactly_one_of_two_clicks_wins(actor: Actor) -> None:
    workflow = startable(actor)
    apply_action(actor, workflow.id, 'start', workflow.version)
    with pytest.raises(StaleVersion, match='changed meanwhile: it is now Active'):
        apply_action(actor, workflow.id, 'start', workflow.version)
    assert Workflow.get_by_id(workflow.id).version == workflow.version + 1


def test_new_starts_join_the_end_of_the_execution_order(actor: Actor) -> None:
    first, second = startable(actor, 'First'), startable(actor, 'Second')
    act(actor, first, 'start')
    act(actor, second, 'start')
    assert [w.priority_position for w in (Workflow.get_by_id(first.id), Workflow.get_by_id(second.id))] == [1, 2]


def test_another_accounts_workflow_is_not_found_and_a_viewer_changes_nothing(actor: Actor) -> None:
    workflow = startable(actor)
    stranger = create_account_with_admin('Other', 'other@example.com', 'Other')
    with pytest.raises(NotFound):
        apply_action(stranger, workflow.id, 'start', workflow.version)
    viewer_person = Person.create(email='viewer@example.com', display_name='Viewer')
    Membership.create(person=viewer_person, account=actor.account_id, role='viewer')
    viewer = Actor(viewer_person.id, actor.account_id, 'viewer')
    with pytest.raises(Forbidden):
        apply_action(viewer, workflow.id, 'start', workflow.version)
    with pytest.raises(Forbidden):
        delete_many(viewer, [workflow.id])
    assert delete_many(stranger, [workflow.id]).done == []
    assert Workflow.get_by_id(workflow.id).state == 'draft'


def test_duplicates_are_badged_drafts_with_their_own_copies(actor: Actor) -> None:
    folder = Folder.create(account=actor.account_id, name='Campaigns')
    original = startable(actor, 'Newsletter', folder)
    act(actor, original, 'start')
    (first,) = duplicate_many(actor, [original.id])
    (second,) = duplicate_many(actor, [first.id])  # a copy of a copy counts against the original
    assert [(c.name, c.duplicate_number, c.state, c.folder_id, c.priority_position, c.origin)
            for c in (first, second)] == [('Newsletter', 1, 'draft', folder.id, None, 'duplicate'),
                                          ('Newsletter', 2, 'draft', folder.id, None, 'duplicate')]
    copy_email = Node.get((Node.workflow == first.id) & (Node.kind == 'send_email'))
    copy_content = Content.get(Content.workflow == first.id)
    assert copy_email.config['content'] == copy_content.id != Content.get(Content.workflow == original.id).id
    assert Connection.select().where(Connection.workflow == first.id).count() == 1
    Content.update(subject='Changed').where(Content.id == copy_content.id).execute()
    assert Content.get(Content.workflow == original.id).subject == 'Hi'
    assert list_workflows(actor, ListQuery()).rows[0].id == second.id


def test_delete_many_removes_everything_the_workflows_own(actor: Actor) -> None:
    keep, first, second = startable(actor, 'Keep'), startable(actor, 'A'), startable(actor, 'B')
    assert sorted(delete_many(actor, [first.id, second.id]).done) == ['A', 'B']
    delete_permanently(actor, [first.id, second.id])
    assert [w.name for w in Workflow.select()] == ['Keep']
    for model in (Node, Connection, Content):
        assert {row.workflow_id for row in model.select()} == {keep.id}


def test_delete_with_a_stale_version_deletes_nothing(actor: Actor) -> None:
    workflow = startable(actor)
    act(actor, workflow, 'start')
    with pytest.raises(StaleVersion):
        delete_many(actor, [workflow.id], {workflow.id: workflow.version})
    assert Workflow.get_or_none(Workflow.id == workflow.id) is not None


@pytest.mark.parametrize(('paused_at', 'expires_at'), [
    (datetime(2026, 8, 24, 12, 0), datetime(2026, 11, 24, 12, 0)),
    (datetime(2026, 11, 30, 9, 0), datetime(2027, 2, 28, 9, 0)),
    (datetime(2027, 11, 30, 9, 0), datetime(2028, 2, 29, 9, 0)),
    (datetime(2026, 1, 31, 9, 0), datetime(2026, 4, 30, 9, 0)),
    (datetime(2026, 8, 31, 9, 0), datetime(2026, 11, 30, 9, 0)),
])
def test_the_sweep_finalizes_at_exactly_three_calendar_months(actor: Actor, paused_at: datetime,
                                                              expires_at: datetime) -> None:
    workflow = startable(actor)
    clock.freeze(paused_at)
    act(actor, workflow, 'start')
    paused = act(actor, workflow, 'pause')
    assert paused.pause_expires_at == expires_at
    assert sweep_expired_pauses(expires_at - timedelta(seconds=1)) == 0
    assert sweep_expired_pauses(expires_at) == 1
    swept = Workflow.get_by_id(workflow.id)
    assert (swept.state, swept.finalized_reason, swept.finalized_at, swept.priority_position) == (
        'finalized', 'pause expired', expires_at, None)
    assert swept.version == paused.version + 1
    assert sweep_expired_pauses(expires_at + timedelta(days=1)) == 0


def test_the_sweep_follows_the_moved_clock_and_leaves_other_states_alone(actor: Actor) -> None:
    paused, active, draft = startable(actor, 'Paused'), startable(actor, 'Active'), startable(actor, 'Draft')
    for workflow in (paused, active):
        act(actor, workflow, 'start')
    act(actor, paused, 'pause')
    clock.advance(timedelta(days=91))  # 24 Nov + 3 months is 24 Feb: 92 days
    assert sweep_expired_pauses() == 0
    clock.advance(timedelta(days=1))
    assert sweep_expired_pauses() == 1
    assert [Workflow.get_by_id(w.id).state for w in (paused, active, draft)] == ['finalized', 'active', 'draft']
