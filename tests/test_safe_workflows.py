"""Workflows that cannot run are refused before they run, and one that fails anyway does not stop the others
(docs/security.md): loops without a Wait, bounded finite numbers, duplicate keys, hidden characters, simulator
isolation."""

import json
import math

import pytest

from model.access.gate import Actor
from model.access.people import rename_account
from model.common.errors import Invalid, Refused
from model.storage.schema import Node, NodeStat, Workflow
from model.traffic.demo_traffic import seed_contacts
from model.traffic.simulator import Simulator
from model.workflows.editing import load_draft, new_content, save_draft
from model.workflows.exchange import import_workflows
from model.workflows.folders import create_folder
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.incidents import ERROR, find_incidents
from model.workflows.lifecycle import apply_action, create_blank, new_workflow
from tests.factories import add_node, connect
from tests.test_cn_bad_input import VALID, changed, set_path
from tests.test_simulator import flow, totals


def loop_file() -> bytes:
    """Start → Send email → Send SMS → back to Send email, as in the issue."""
    document = json.loads(json.dumps(VALID))
    workflow = document['workflows'][0]
    workflow['nodes'].append({'key': 'sms', 'kind': 'send_sms', 'config': {'content': 'c2'}})
    workflow['contents'].append({'key': 'c2', 'channel': 'sms', 'name': 'Text', 'subject': '', 'body': 'Hi'})
    workflow['connections'] += [{'source': 'email', 'output': 'next', 'target': 'sms'},
                                {'source': 'sms', 'output': 'next', 'target': 'email'}]
    return json.dumps(document).encode()


def test_a_loop_without_a_wait_is_an_error_and_cannot_start(actor: Actor) -> None:
    (workflow,) = import_workflows(actor, loop_file()).workflows
    workflow = Workflow.get_by_id(workflow.id)
    assert workflow.error_count == 1
    with pytest.raises(Refused, match='1 error'):
        apply_action(actor, workflow.id, 'start', workflow.version)
    _, draft = load_draft(actor, workflow.id)
    (incident,) = [i for i in find_incidents(draft.graph()) if i.severity == ERROR]
    assert incident.message.startswith('A loop without a Wait (Send email → Send SMS → Send email)')


@pytest.mark.parametrize('value, message', [
    (99999999999, 'Duration is at most 365 days'),
    (8761, 'Duration is at most 365 days'),
    (-1, 'Duration is at least 1 minute'),
    (0, 'Duration is at least 1 minute'),
    (1e308, 'at most 365 days'),
])
def test_waits_are_bounded_in_the_importer(actor: Actor, value: float, message: str) -> None:
    def with_wait(document: dict) -> None:
        workflow = document['workflows'][0]
        workflow['nodes'].insert(1, {'key': 'wait', 'kind': 'wait', 'config': {'duration_hours': value}})
        workflow['connections'] = [{'source': 'start', 'output': 'next', 'target': 'wait'},
                                   {'source': 'wait', 'output': 'next', 'target': 'email'}]
    with pytest.raises(Invalid, match=message):
        import_workflows(actor, changed(with_wait))
    assert not Workflow.select().exists()


@pytest.mark.parametrize('text, message', [
    (b'1e400', 'too large: numbers must be finite'),
    (b'NaN', 'NaN is not a number'),
    (b'-Infinity', '-Infinity is not a number'),
])
def test_numbers_that_are_not_finite_are_refused(actor: Actor, text: bytes, message: str) -> None:
    data = changed(set_path('workflows.0.nodes.0.x', 12345)).replace(b'12345', text)
    with pytest.raises(Invalid, match=message):
        import_workflows(actor, data)


def test_duplicate_json_keys_are_refused(actor: Actor) -> None:
    data = changed(lambda d: None).replace(b'"name": "Welcome"', b'"name": "Welcome", "name": "Other"')
    with pytest.raises(Invalid, match='The key "name" appears twice'):
        import_workflows(actor, data)


def test_the_editor_service_refuses_a_wait_beyond_365_days(actor: Actor) -> None:
    workflow = create_blank(actor, 'Long wait')
    _, draft = load_draft(actor, workflow.id)
    wait = add_node(draft, 'wait')
    connect(draft, 'start', 'next', wait)
    for bad in (8761, math.inf, math.nan):
        draft.nodes[wait].config['duration_hours'] = bad
        with pytest.raises(Invalid):
            save_draft(actor, workflow.id, Workflow.get_by_id(workflow.id).version, draft)
    draft.nodes[wait].config['duration_hours'] = 8760
    save_draft(actor, workflow.id, Workflow.get_by_id(workflow.id).version, draft)


@pytest.mark.parametrize('name', ['Evil\x00name', 'Esc\x1b[31mred', 'gnp.\u202eexe', 'Line\nbreak'])
def test_names_refuse_control_and_direction_characters(actor: Actor, name: str) -> None:
    for create in (lambda: create_blank(actor, name), lambda: create_folder(actor, name),
                   lambda: rename_account(actor, name)):
        with pytest.raises(Invalid, match='invisible control or text-direction character'):
            create()
    with pytest.raises(Invalid, match='invisible control'):
        import_workflows(actor, changed(set_path('workflows.0.name', name)))
    workflow = create_blank(actor, 'Contents')
    _, draft = load_draft(actor, workflow.id)
    new_content(draft, 'email', name)
    with pytest.raises(Invalid, match='The content name contains an invisible control'):
        save_draft(actor, workflow.id, workflow.version, draft)


def runaway(actor: Actor, name: str, wait_hours: float | None) -> Workflow:
    """A workflow already running from before the rules: a loop without a Wait, or an impossible Wait."""
    workflow = new_workflow(actor.account_id, name)
    specs = [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'existing and new'},
                      {'next': 'trigger'}),
             NodeSpec('trigger', 'cart_abandonment', {}, {'next': 'a'}),
             NodeSpec('a', 'set_field', {'field': None, 'value': 'x'}, {'next': 'b'}),
             NodeSpec('b', 'wait' if wait_hours is not None else 'add_to_segment',
                      {'duration_hours': wait_hours} if wait_hours is not None else {}, {'next': 'a'})]
    build_nodes(workflow, specs)
    refresh_derived(workflow)
    Workflow.update(state='active', error_count=0).where(Workflow.id == workflow.id).execute()
    return Workflow.get_by_id(workflow.id)


@pytest.fixture
def population(actor: Actor) -> Actor:
    seed_contacts(actor.account_id, count=300, seed=3)
    return actor


def test_a_bad_running_workflow_is_skipped_and_the_others_keep_counting(population: Actor) -> None:
    good = flow(population, 'Good', wait_hours=None)
    looping = runaway(population, 'Loops', None)
    huge = runaway(population, 'Huge wait', 99999999999)
    Simulator(seed=1, events_per_tick=200).tick()
    assert totals(good, 'sent').get('email', 0) > 0
    for bad in (looping, huge):
        assert not NodeStat.select().where(NodeStat.workflow == bad.id).exists()
    assert 'loops without a Wait' in (Workflow.get_by_id(looping.id).run_problem or '')
    assert 'outside 0 to 8760' in (Workflow.get_by_id(huge.id).run_problem or '')
    before = totals(good, 'sent')['email']
    Simulator(seed=2, events_per_tick=200).tick()  # skipped from now on, the good one still counts
    assert totals(good, 'sent')['email'] > before
    assert Node.select().where(Node.workflow == looping.id).count() == 4
