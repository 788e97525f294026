"""Canvas changes: made on the working copy, stored at once with the version check, refused with a reason."""

import json

import pytest

from model.access.gate import Actor
from model.common.errors import Forbidden, Refused, StaleVersion
from model.storage.schema import Activity, Connection, Node, Workflow
from model.workflows.editing import (
    add_edit,
    apply_edit,
    connect_edit,
    load_draft,
    move_edit,
    reconnect_edit,
    remove_edit,
    save_canvas_edit,
)
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.graph import layout
from model.workflows.incidents import GraphEdge
from model.workflows.lifecycle import create_blank
from tests.factories import in_state, member, reload, rich, row


def stored(workflow: Workflow) -> dict[str, tuple[int, int]]:
    return {n.key: (n.x, n.y) for n in Node.select().where(Node.workflow == workflow.id)}


def edges(workflow: Workflow) -> set[tuple[str, str, str]]:
    keys = {n.id: n.key for n in Node.select().where(Node.workflow == workflow.id)}
    return {(keys[c.source_id], c.output, keys[c.target_id])
            for c in Connection.select().where(Connection.workflow == workflow.id)}


def test_a_move_is_stored_with_the_version_check_and_undone_by_its_inverse(actor: Actor) -> None:
    workflow = rich(actor)
    _, draft = load_draft(actor, workflow.id)
    before = stored(workflow)
    edit = move_edit(draft, {'wait': (400, 90), 'sms': before['sms']})  # an unmoved node is left out
    assert edit.moved == {'wait': (400, 90)} and not edit.structural
    version = save_canvas_edit(actor, workflow.id, workflow.version, edit)
    after = reload(workflow)
    assert (version, stored(after)['wait'], after.updated_at) == (workflow.version + 1, (400, 90), workflow.updated_at)
    assert Activity.select().where(Activity.action == 'edited').count() == 0  # a move is no edit of the workflow
    with pytest.raises(StaleVersion, match='changed by someone else'):
        save_canvas_edit(actor, workflow.id, workflow.version, edit.inverse(''))
    save_canvas_edit(actor, workflow.id, version, edit.inverse(''))
    assert stored(workflow) == before


def test_a_node_dropped_on_a_connection_goes_in_between_and_undo_takes_it_out(actor: Actor) -> None:
    workflow = rich(actor)
    _, draft = load_draft(actor, workflow.id)
    edit = add_edit(draft, 'wait', at=(10, 20), on_edge=GraphEdge('welcome', 'next', 'wait'))
    assert edit.message == 'Wait inserted between Send email 1 and Wait'  # numbered once there are two
    version = save_canvas_edit(actor, workflow.id, workflow.version, edit)
    assert {('welcome', 'next', 'wait1'), ('wait1', 'next', 'wait')} <= edges(workflow)
    assert ('welcome', 'next', 'wait') not in edges(workflow)
    assert stored(workflow)['wait1'] == (10, 20)
    assert Activity.select().where(Activity.action == 'edited').count() == 1
    save_canvas_edit(actor, workflow.id, version, edit.inverse(''))
    assert 'wait1' not in stored(workflow) and ('welcome', 'next', 'wait') in edges(workflow)


def test_removing_a_node_takes_its_connections_and_undo_brings_both_back(actor: Actor) -> None:
    workflow = rich(actor)
    _, draft = load_draft(actor, workflow.id)
    before_edges, before_places = edges(workflow), stored(workflow)
    config = dict(draft.nodes['wait'].config)
    edit = remove_edit(draft, ['wait'], [])
    version = save_canvas_edit(actor, workflow.id, workflow.version, edit)
    assert 'wait' not in stored(workflow)
    assert not any('wait' in (source, target) for source, _, target in edges(workflow))
    assert reload(workflow).error_count > 0  # incidents follow: "Send email" after it is unreachable now
    save_canvas_edit(actor, workflow.id, version, edit.inverse(''))
    assert (edges(workflow), stored(workflow)) == (before_edges, before_places)
    assert Node.get((Node.workflow == workflow.id) & (Node.key == 'wait')).config == config
    with pytest.raises(Refused, match='Start node cannot be removed'):
        remove_edit(draft, ['start'], [])


def test_refused_connections_say_why_and_change_nothing(actor: Actor) -> None:
    workflow = rich(actor)
    _, draft = load_draft(actor, workflow.id)
    apply_edit(draft, add_edit(draft, 'purchase'))
    refusals = {
        ('wait', 'next', 'wait'): 'cannot lead to itself',
        ('check', 'yes', 'later'): 'already leads to Send email',
        ('sms', 'next', 'purchase1'): 'only Start can lead to it',
        ('later', 'next', 'start'): 'Nothing can lead into Start',
        ('later', 'yes', 'sms'): 'no output "yes"',
    }
    for (source, output, target), reason in refusals.items():
        with pytest.raises(Exception, match=reason):
            connect_edit(draft, source, output, target)
    forged = connect_edit(draft, 'later', 'next', 'sms')
    forged.connected.append(GraphEdge('later', 'next', 'welcome'))  # a second line from the same output
    before = row(workflow)
    with pytest.raises(Refused, match='already leads to'):
        save_canvas_edit(actor, workflow.id, workflow.version, forged)
    assert row(workflow) == before


def test_the_connect_to_menu_points_an_output_elsewhere(actor: Actor) -> None:
    workflow = rich(actor)
    _, draft = load_draft(actor, workflow.id)
    edit = reconnect_edit(draft, 'check', 'yes', 'later')
    assert edit.message == 'Has opened email now leads to Send email 2'
    save_canvas_edit(actor, workflow.id, workflow.version, edit)
    assert ('check', 'yes', 'later') in edges(workflow) and ('check', 'yes', 'welcome') not in edges(workflow)
    _, draft = load_draft(actor, workflow.id)
    save_canvas_edit(actor, workflow.id, workflow.version + 1, reconnect_edit(draft, 'check', 'yes', None))
    assert not any(source == 'check' and output == 'yes' for source, output, _ in edges(workflow))


def test_after_start_nodes_move_but_the_structure_is_locked(actor: Actor) -> None:
    active = in_state(actor, 'active')
    _, draft = load_draft(actor, active.id)
    for edit in (add_edit(draft, 'wait', after='email'), remove_edit(draft, ['email'], []),
                 reconnect_edit(draft, 'start', 'next', None)):
        with pytest.raises(Refused, match='is Active: its nodes and connections can no longer change'):
            save_canvas_edit(actor, active.id, active.version, edit)
    save_canvas_edit(actor, active.id, active.version, move_edit(draft, {'email': (300, 300)}))
    assert stored(active)['email'] == (300, 300)
    finalized = in_state(actor, 'finalized', 'Done')
    _, draft = load_draft(actor, finalized.id)
    with pytest.raises(Refused, match='can no longer be edited'):
        save_canvas_edit(actor, finalized.id, finalized.version, move_edit(draft, {'email': (1, 1)}))


def test_viewers_change_nothing_on_the_canvas(actor: Actor) -> None:
    workflow = rich(actor)
    _, draft = load_draft(actor, workflow.id)
    with pytest.raises(Forbidden):
        save_canvas_edit(member(actor, 'viewer'), workflow.id, workflow.version, move_edit(draft, {'wait': (5, 5)}))


def test_a_node_added_after_another_is_connected_from_its_first_free_output(actor: Actor) -> None:
    _, draft = load_draft(actor, create_blank(actor, 'After').id)
    edit = add_edit(draft, 'in_segment', after='start')
    apply_edit(draft, edit)
    assert (edit.message, draft.edges) == ('Belongs to segment added after Start', [GraphEdge('start', 'next', 'in1')])
    apply_edit(draft, add_edit(draft, 'send_email', after='in1'))
    apply_edit(draft, add_edit(draft, 'send_sms', after='in1'))
    assert [(e.output, e.target) for e in draft.edges if e.source == 'in1'] == [('yes', 'send1'), ('no', 'send2')]
    assert draft.nodes['send1'].y > draft.nodes['in1'].y and draft.nodes['send1'].x != draft.nodes['send2'].x


def test_export_keeps_places_and_an_import_without_them_is_laid_out(actor: Actor) -> None:
    workflow = rich(actor)
    _, draft = load_draft(actor, workflow.id)
    draft.nodes['welcome'].config.pop('subject')  # not a setting of Send email: the file format refuses it
    Node.update(config=draft.nodes['welcome'].config).where(Node.key == 'welcome').execute()
    save_canvas_edit(actor, workflow.id, workflow.version, move_edit(draft, {'sms': (640, 320)}))
    data = export_workflows(actor, [workflow.id]).data
    assert data is not None
    (copy,) = import_workflows(actor, data).workflows
    assert stored(copy) == stored(workflow)
    content = json.loads(data)
    for node in content['workflows'][0]['nodes']:
        del node['x'], node['y']
    (laid_out,) = import_workflows(actor, json.dumps(content).encode()).workflows
    places = stored(laid_out)
    assert len(set(places.values())) == len(places)  # no two nodes on the same spot
    assert places['start'][1] < places['signup'][1] < places['check'][1] < places['welcome'][1]
    assert places['welcome'][1] == places['sms'][1] and places['welcome'][0] != places['sms'][0]


def test_layout_puts_each_node_below_those_leading_to_it_and_ignores_loops() -> None:
    places = layout(['start', 'a', 'b', 'c', 'end'],
                    [('start', 'a'), ('a', 'b'), ('a', 'c'), ('b', 'end'), ('c', 'end'), ('end', 'a')])
    assert [places[key][1] for key in ('start', 'a', 'b', 'end')] == [0, 180, 360, 540]
    assert places['b'][1] == places['c'][1] and places['b'][0] == -places['c'][0]
