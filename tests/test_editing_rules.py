"""Editing a workflow through the editor's operations, and what saving allows in each state."""

import pytest

from model.access.activity import ActivityQuery, activity_page
from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.errors import Invalid, Refused, StaleVersion
from model.storage.schema import Content, Node, Segment, Workflow
from model.workflows.editing import apply_edit, load_draft, new_content, remove_edit, save_draft
from model.workflows.incidents import GraphEdge, find_incidents, workflow_type
from model.workflows.lifecycle import apply_action, create_blank
from tests.factories import add_node, connect, remove_node


def messages(actor: Actor, workflow_id: int) -> list[str]:
    return [i.message for i in find_incidents(load_draft(actor, workflow_id)[1].graph())]


def build_valid(actor: Actor) -> Workflow:
    """Start → On cart abandonment → Send email, saved."""
    workflow, draft = load_draft(actor, create_blank(actor, 'Built').id)
    trigger = add_node(draft, 'cart_abandonment')
    connect(draft, 'start', 'next', trigger)
    email = add_node(draft, 'send_email')
    connect(draft, trigger, 'next', email)
    content = new_content(draft, 'email', 'Reminder')
    draft.contents[content].subject = 'Your cart'
    draft.nodes[email].config['content'] = content
    return save_draft(actor, workflow.id, workflow.version, draft)


def test_incidents_disappear_one_by_one_as_a_blank_workflow_is_built(actor: Actor) -> None:
    workflow, draft = load_draft(actor, create_blank(actor, 'Step by step').id)
    assert [i.message for i in find_incidents(draft.graph())] == ['Start leads nowhere: connect it to a node']
    email = add_node(draft, 'send_email')
    assert len(find_incidents(draft.graph())) == 3  # nowhere, unreachable, no content
    connect(draft, 'start', 'next', email)
    assert [i.message for i in find_incidents(draft.graph())] == ['Send email: Content is required']
    draft.nodes[email].config['content'] = new_content(draft, 'email', 'Hello')
    assert find_incidents(draft.graph()) == []
    assert workflow_type(draft.graph()) == 'mass_action'
    saved = save_draft(actor, workflow.id, workflow.version, draft)
    assert (saved.error_count, saved.workflow_type, saved.version) == (0, 'mass_action', workflow.version + 1)
    assert Content.get(Content.workflow == workflow.id).name == 'Hello'
    assert apply_action(actor, workflow.id, 'start', saved.version).state == 'active'


def test_a_built_workflow_is_reactive_and_startable(actor: Actor) -> None:
    saved = build_valid(actor)
    assert (saved.error_count, saved.workflow_type) == (0, 'rule')
    assert Content.get(Content.workflow == saved.id).subject == 'Your cart'
    assert [n.kind for n in Node.select().where(Node.workflow == saved.id).order_by(Node.id)] == [
        'start', 'cart_abandonment', 'send_email']


def test_start_cannot_be_removed_and_removing_a_node_drops_its_connections(actor: Actor) -> None:
    _, draft = load_draft(actor, build_valid(actor).id)
    with pytest.raises(Refused, match='Start node cannot be removed'):
        remove_node(draft, 'start')
    remove_node(draft, 'cart1')
    assert [(e.source, e.target) for e in draft.edges] == []
    with pytest.raises(Invalid, match='no output "yes"'):
        connect(draft, 'start', 'yes', 'send1')


def test_after_start_only_settings_marked_editable_change(actor: Actor) -> None:
    workflow = create_blank(actor, 'With wait')
    workflow, draft = load_draft(actor, workflow.id)
    wait = add_node(draft, 'wait')
    email = add_node(draft, 'send_email')
    connect(draft, 'start', 'next', wait)
    connect(draft, wait, 'next', email)
    draft.nodes[wait].config['duration_hours'] = 2
    draft.nodes[email].config['content'] = new_content(draft, 'email', 'Hi')
    saved = save_draft(actor, workflow.id, workflow.version, draft)
    active = apply_action(actor, workflow.id, 'start', saved.version)
    _, draft = load_draft(actor, workflow.id)
    draft.nodes[wait].config['duration_hours'] = 5
    (content_id,) = draft.contents
    draft.contents[content_id].body = 'New body'
    after = save_draft(actor, workflow.id, active.version, draft)
    assert Node.get((Node.workflow == workflow.id) & (Node.key == wait)).config == {'duration_hours': 5}
    assert Content.get_by_id(content_id).body == 'New body'
    refused = [
        lambda d: add_node(d, 'wait'),
        lambda d: remove_node(d, email),
        lambda d: apply_edit(d, remove_edit(d, [], [GraphEdge(wait, 'next', email)])),
        lambda d: d.nodes['start'].config.__setitem__('selection', 'with phone'),
        lambda d: d.nodes[email].config.__setitem__('content', new_content(d, 'email', 'Other')),
    ]
    for change in refused:
        _, draft = load_draft(actor, workflow.id)
        change(draft)
        with pytest.raises(Refused):
            save_draft(actor, workflow.id, after.version, draft)
    assert Workflow.get_by_id(workflow.id).version == after.version


def test_finalized_workflows_are_read_only(actor: Actor) -> None:
    saved = build_valid(actor)
    apply_action(actor, saved.id, 'start', saved.version)
    finalized = apply_action(actor, saved.id, 'finalize', saved.version + 1)
    _, draft = load_draft(actor, saved.id)
    with pytest.raises(Refused, match='can no longer be edited'):
        save_draft(actor, saved.id, finalized.version, draft)


def test_a_save_based_on_a_stale_version_is_refused(actor: Actor) -> None:
    workflow, mine = load_draft(actor, create_blank(actor, 'Shared').id)
    _, theirs = load_draft(actor, workflow.id)
    add_node(theirs, 'wait')
    save_draft(actor, workflow.id, workflow.version, theirs)
    add_node(mine, 'send_sms')
    with pytest.raises(StaleVersion, match='changed by someone else'):
        save_draft(actor, workflow.id, workflow.version, mine)
    assert [n.kind for n in Node.select().where(Node.workflow == workflow.id)] == ['start', 'wait']


def test_a_forged_reference_to_another_accounts_segment_is_refused(actor: Actor) -> None:
    other = create_account_with_admin('Other', 'o@example.com', 'O')
    theirs = Segment.create(account=other.account_id, name='Theirs', kind='contact', definition={})
    workflow, draft = load_draft(actor, create_blank(actor, 'Forged').id)
    trigger = add_node(draft, 'enter_segment')
    draft.nodes[trigger].config['segment'] = theirs.id
    with pytest.raises(Invalid, match='does not exist in this account'):
        save_draft(actor, workflow.id, workflow.version, draft)


@pytest.mark.parametrize('state_actions', [('start',), ('start', 'pause')])
def test_a_started_workflow_can_be_renamed_and_described_but_keeps_its_structure(actor: Actor,
                                                                                 state_actions: tuple) -> None:
    built = build_valid(actor)
    for action in state_actions:
        built = apply_action(actor, built.id, action, built.version)
    workflow, draft = load_draft(actor, built.id)
    draft.name, draft.description = 'Cart reminder – Café edition', 'Now with a coupon'
    saved = save_draft(actor, workflow.id, workflow.version, draft)
    assert (saved.name, saved.description, saved.state) == ('Cart reminder – Café edition', 'Now with a coupon',
                                                            workflow.state)
    assert saved.search_text == 'cartremindercafeedition\nnowwithacoupon'
    entry = activity_page(actor, ActivityQuery(action='renamed')).entries[0]
    assert (entry.workflow_name, entry.detail) == ('Cart reminder – Café edition', 'was "Built"')
    _, draft = load_draft(actor, saved.id)
    add_node(draft, 'wait')
    with pytest.raises(Refused, match='keeps its nodes and connections'):
        save_draft(actor, saved.id, saved.version, draft)
    _, draft = load_draft(actor, saved.id)
    draft.name = ' '
    assert save_draft(actor, saved.id, saved.version, draft).name == 'Untitled workflow'


def test_a_finalized_workflow_keeps_its_name(actor: Actor) -> None:
    built = build_valid(actor)
    built = apply_action(actor, apply_action(actor, built.id, 'start', built.version).id, 'finalize',
                         built.version + 1)
    workflow, draft = load_draft(actor, built.id)
    draft.name = 'Renamed late'
    with pytest.raises(Refused, match='can no longer be edited'):
        save_draft(actor, workflow.id, workflow.version, draft)
    assert Workflow.get_by_id(built.id).name == 'Built'
