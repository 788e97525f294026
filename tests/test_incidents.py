"""Incidents and workflow type (docs/product.md §8) over the pure Graph API, and the derived columns they fill."""

from typing import Any

import pytest

from model.access.gate import Actor
from model.storage.schema import Connection, Node
from model.workflows.catalogue import CATALOGUE
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.incidents import ALERT, ERROR, Graph, GraphEdge, GraphNode, Incident, find_incidents, workflow_type
from model.workflows.lifecycle import new_workflow
from tests.factories import reload

START = {'selection': 'with email', 'data_source': 'existing'}

COMPLETE: dict[str, dict[str, Any]] = {
    'start': START,
    'page_visit': {'url_match': '/sale', 'device': 'any'},
    'cart_abandonment': {},
    'purchase': {},
    'enter_segment': {'segment': 1},
    'leave_segment': {'segment': 1},
    'email_opened': {},
    'email_clicked': {},
    'form_submitted': {'form': 1},
    'custom_integration': {'event_name': 'crm.lead_created'},
    'check_value': {'field': 1, 'operator': 'equals', 'value': 'gold'},
    'has_field': {'field': 1},
    'in_segment': {'segment': 1},
    'received_email': {},
    'opened_email': {},
    'wait': {'duration_hours': 2},
    'split': {'percentages': [50, 50]},
    'ab_test': {'percentages': [50, 50]},
    'set_field': {'field': 1, 'value': 'silver'},
    'add_to_segment': {'segment': 1},
    'send_email': {'content': 1},
    'send_sms': {'content': 2},
    'send_web_content': {'content': 3, 'placement': 'header banner'},
}


def graph(nodes: dict[str, tuple[str, dict[str, Any]] | str], *edges: str) -> Graph:
    """``nodes``: key → kind (complete settings) or (kind, config); ``edges``: 'source output target'."""
    built = [GraphNode(key, spec, dict(COMPLETE[spec])) if isinstance(spec, str) else GraphNode(key, *spec)
             for key, spec in nodes.items()]
    return Graph(nodes=built, edges=[GraphEdge(*edge.split()) for edge in edges])


def around(kind: str, config: dict[str, Any]) -> Graph:
    """Node ``x`` of ``kind`` placed where it belongs in an otherwise correct workflow."""
    if kind == 'start':
        return graph({'x': ('start', config), 'email': 'send_email'}, 'x next email')
    outputs = CATALOGUE[kind].outputs
    if outputs == 'yes_no':
        return graph({'start': 'start', 'x': (kind, config), 'a': 'send_email', 'b': 'send_sms'},
                     'start next x', 'x yes a', 'x no b')
    if outputs == 'branches':
        return graph({'start': 'start', 'x': (kind, config), 'a': 'send_email', 'b': 'send_sms'},
                     'start next x', 'x 1 a', 'x 2 b')
    return graph({'start': 'start', 'x': (kind, config), 'email': 'send_email'}, 'start next x', 'x next email')


def summary(incidents: list[Incident]) -> list[tuple[str, str | None, str]]:
    return [(i.severity, i.node_key, i.message) for i in incidents]


def test_the_table_of_complete_settings_covers_the_whole_catalogue() -> None:
    assert set(COMPLETE) == set(CATALOGUE)


@pytest.mark.parametrize('kind', sorted(COMPLETE))
def test_a_complete_node_in_place_has_no_incident(kind: str) -> None:
    assert find_incidents(around(kind, COMPLETE[kind])) == []


# errors

def test_start_leading_nowhere() -> None:
    assert summary(find_incidents(graph({'start': 'start'}))) == [
        (ERROR, 'start', 'Start leads nowhere: connect it to a node')]


def test_no_start_node_at_all() -> None:
    assert summary(find_incidents(graph({'email': 'send_email'}))) == [
        (ERROR, None, 'The workflow has no Start node')]


def test_nodes_not_reachable_from_start() -> None:
    stray = graph({'start': 'start', 'email': 'send_email', 'lost': 'wait', 'lost_email': 'send_sms'},
                  'start next email', 'lost next lost_email', 'lost_email next email')  # leads in, never reached
    assert summary(find_incidents(stray)) == [
        (ERROR, 'lost', 'Wait is not reachable from Start'),
        (ERROR, 'lost_email', 'Send SMS is not reachable from Start')]


MISSING = [
    ('start', 'selection', 'Start: Selection is required'),
    ('start', 'data_source', 'Start: Data source is required'),
    ('page_visit', 'url_match', 'On page visit: URL contains is required'),
    ('enter_segment', 'segment', 'On entering segment: Segment is required'),
    ('leave_segment', 'segment', 'On leaving segment: Segment is required'),
    ('custom_integration', 'event_name', 'Custom integration: Event name is required'),
    ('check_value', 'field', 'Check value: Custom field is required'),
    ('check_value', 'operator', 'Check value: Operator is required'),
    ('check_value', 'value', 'Check value: Value is required'),
    ('has_field', 'field', 'Has field: Custom field is required'),
    ('in_segment', 'segment', 'Belongs to segment: Segment is required'),
    ('wait', 'duration_hours', 'Wait: Duration is required'),
    ('split', 'percentages', 'Split: Branch percentages is required'),
    ('ab_test', 'percentages', 'Start A/B/X test: Variant percentages is required'),
    ('set_field', 'field', 'Set custom field: Custom field is required'),
    ('set_field', 'value', 'Set custom field: Value is required'),
    ('add_to_segment', 'segment', 'Add to segment: Segment is required'),
    ('send_email', 'content', 'Send email: Content is required'),
    ('send_sms', 'content', 'Send SMS: Content is required'),
    ('send_web_content', 'content', 'Send web content: Content is required'),
    ('send_web_content', 'placement', 'Send web content: Placement is required'),
]


@pytest.mark.parametrize(('kind', 'setting', 'message'), MISSING)
@pytest.mark.parametrize('blank', ['absent', None, '', '   ', [], {}])
def test_each_missing_required_setting_is_an_error(kind: str, setting: str, message: str, blank: object) -> None:
    config = {name: value for name, value in COMPLETE[kind].items() if name != setting}
    if blank != 'absent':
        config[setting] = blank
    assert summary(find_incidents(around(kind, config))) == [(ERROR, 'x', message)]


def test_optional_settings_may_stay_empty() -> None:
    assert find_incidents(around('page_visit', {'url_match': '/sale'})) == []  # no device
    assert find_incidents(around('purchase', {'product_filter': None})) == []
    assert find_incidents(around('send_email', {'content': 1, 'subject': '', 'body': ''})) == []
    assert find_incidents(around('wait', {'duration_hours': 0})) == []  # zero is a value, not a missing one


@pytest.mark.parametrize(('config', 'expected'), [
    ({'selection': 'belonging to segment', 'data_source': 'existing'}, [(ERROR, 'x', 'Start: Segment is required')]),
    ({'selection': 'belonging to segment', 'data_source': 'existing', 'segment': 4}, []),
    ({'selection': 'all contacts', 'data_source': 'existing'}, []),
    ({'selection': 'with phone', 'data_source': 'new', 'segment': None}, []),
])
def test_start_needs_a_segment_only_when_it_selects_a_segment(config: dict[str, Any], expected: list) -> None:
    assert summary(find_incidents(around('start', config))) == expected


@pytest.mark.parametrize(('config', 'expected'), [
    ({}, [(ERROR, 'x', 'On form submitted: choose a form')]),
    ({'form': None, 'integrated_form': ''}, [(ERROR, 'x', 'On form submitted: choose a form')]),
    ({'form': 12}, []),
    ({'integrated_form': 'Typeform contact form'}, []),
])
def test_form_submitted_needs_a_form_or_an_integrated_form(config: dict[str, Any], expected: list) -> None:
    assert summary(find_incidents(around('form_submitted', config))) == expected


@pytest.mark.parametrize('kind', ['check_value', 'has_field', 'in_segment', 'received_email', 'opened_email'])
@pytest.mark.parametrize('outputs', [('yes',), ('no',), ()])
def test_a_condition_needs_both_yes_and_no(kind: str, outputs: tuple[str, ...]) -> None:
    nodes: dict[str, tuple[str, dict[str, Any]] | str] = {'start': 'start', 'x': kind}
    nodes.update({output: 'send_email' for output in outputs})
    incidents = summary(find_incidents(graph(nodes, 'start next x', *(f'x {output} {output}' for output in outputs))))
    errors = [incident for incident in incidents if incident[0] == ERROR]
    assert errors == [(ERROR, 'x', f'{CATALOGUE[kind].label} needs both a yes and a no connection')]


@pytest.mark.parametrize('kind', ['split', 'ab_test'])
@pytest.mark.parametrize(('branches', 'percentages', 'ok'), [
    (1, [100], False), (2, [50, 50], True), (5, [20] * 5, True), (6, [20, 20, 20, 20, 10, 10], False)])
def test_a_split_needs_two_to_five_connected_branches(kind: str, branches: int, percentages: list[int],
                                                      ok: bool) -> None:
    nodes: dict[str, tuple[str, dict[str, Any]] | str] = {'start': 'start', 'x': (kind, {'percentages': percentages})}
    edges = ['start next x']
    for branch in range(1, branches + 1):
        nodes[f'e{branch}'] = 'send_email'
        edges.append(f'x {branch} e{branch}')
    label = CATALOGUE[kind].label
    expected = [] if ok else [(ERROR, 'x', f'{label} needs 2 to 5 connected branches ({branches} connected)')]
    assert summary(find_incidents(graph(nodes, *edges))) == expected


@pytest.mark.parametrize('kind', ['split', 'ab_test'])
@pytest.mark.parametrize('percentages', [[60, 30], [50, 60], [0, 0], [33, 33, 33]])
def test_percentages_must_add_up_to_100(kind: str, percentages: list[int]) -> None:
    label = CATALOGUE[kind].label
    assert summary(find_incidents(around(kind, {'percentages': percentages}))) == [
        (ERROR, 'x', f'{label}: percentages must add up to 100')]


def test_only_one_ab_test_per_workflow() -> None:
    two = graph({'start': 'start', 'first': 'ab_test', 'second': 'ab_test', 'a': 'send_email', 'b': 'send_email',
                 'c': 'send_sms'},
                'start next first', 'first 1 second', 'first 2 a', 'second 1 b', 'second 2 c')
    assert summary(find_incidents(two)) == [(ERROR, 'second', 'Only one A/B/X test is allowed per workflow')]
    one_and_a_split = graph({'start': 'start', 'test': 'ab_test', 'split': 'split', 'a': 'send_email',
                             'b': 'send_email', 'c': 'send_sms'},
                            'start next test', 'test 1 split', 'test 2 a', 'split 1 b', 'split 2 c')
    assert find_incidents(one_and_a_split) == []


def test_a_segment_an_import_could_not_match_is_an_error() -> None:
    incidents = find_incidents(around('enter_segment', {'unmatched_segment': 'VIP customers'}))
    assert summary(incidents) == [(ERROR, 'x', 'Segment "VIP customers" does not exist in this account')]


# alerts

def test_a_custom_field_removed_on_import_is_an_alert() -> None:
    config = {**COMPLETE['check_value'], 'removed_fields': ['Loyalty tier', 'Birthday']}
    assert summary(find_incidents(around('check_value', config))) == [
        (ALERT, 'x', 'Custom field "Loyalty tier" was removed on import'),
        (ALERT, 'x', 'Custom field "Birthday" was removed on import')]


def test_a_removed_required_field_is_also_an_error() -> None:
    incidents = summary(find_incidents(around('has_field', {'removed_fields': ['Birthday']})))
    assert incidents == [(ERROR, 'x', 'Has field: Custom field is required'),
                         (ALERT, 'x', 'Custom field "Birthday" was removed on import')]


@pytest.mark.parametrize(('nodes', 'edges', 'ends'), [
    ({'start': 'start', 'trigger': 'cart_abandonment'}, ['start next trigger'], ['On cart abandonment']),
    ({'start': 'start', 'trigger': 'purchase', 'wait': 'wait'}, ['start next trigger', 'trigger next wait'],
     ['Wait']),
    ({'start': 'start', 'check': 'opened_email', 'email': 'send_email', 'wait': 'wait'},
     ['start next check', 'check yes email', 'check no wait'], ['Wait']),
    ({'start': 'start', 'split': 'split', 'sms': 'send_sms', 'check': 'has_field', 'a': 'wait', 'b': 'wait'},
     ['start next split', 'split 1 sms', 'split 2 check', 'check yes a', 'check no b'], ['Wait', 'Wait']),
])
def test_a_branch_ending_without_any_action_is_an_alert(nodes: dict, edges: list[str], ends: list[str]) -> None:
    incidents = find_incidents(graph(nodes, *edges))
    assert [i.severity for i in incidents] == [ALERT] * len(ends)
    assert [i.message for i in incidents] == [f'The branch ending at {end} has no action' for end in ends]


@pytest.mark.parametrize(('nodes', 'edges'), [
    ({'start': 'start', 'email': 'send_email', 'wait': 'wait'}, ['start next email', 'email next wait']),
    ({'start': 'start', 'trigger': 'purchase', 'sms': 'send_sms', 'wait': 'wait', 'check': 'opened_email'},
     ['start next trigger', 'trigger next sms', 'sms next wait', 'wait next check']),
    ({'start': 'start', 'tag': 'add_to_segment'}, ['start next tag']),
    ({'start': 'start', 'set': 'set_field', 'wait': 'wait'}, ['start next set', 'set next wait']),
    ({'start': 'start', 'web': 'send_web_content'}, ['start next web']),
])
def test_no_alert_when_an_action_comes_before_the_end(nodes: dict, edges: list[str]) -> None:
    incidents = [i for i in find_incidents(graph(nodes, *edges)) if i.severity == ALERT]
    assert incidents == []


def test_incidents_are_listed_per_node_in_node_order() -> None:
    messy = graph({'start': 'start', 'check': ('has_field', {}), 'wait': ('wait', {}), 'stray': 'send_email'},
                  'start next check', 'check yes wait')
    assert summary(find_incidents(messy)) == [
        (ERROR, 'check', 'Has field: Custom field is required'),
        (ERROR, 'check', 'Has field needs both a yes and a no connection'),
        (ERROR, 'wait', 'Wait: Duration is required'),
        (ERROR, 'stray', 'Send email is not reachable from Start'),
        (ALERT, 'wait', 'The branch ending at Wait has no action')]


# type

@pytest.mark.parametrize(('nodes', 'edges', 'expected'), [
    ({'start': 'start'}, [], 'mass_action'),
    ({'start': 'start', 'email': 'send_email'}, ['start next email'], 'mass_action'),
    ({'start': 'start', 'check': 'in_segment', 'a': 'send_email', 'b': 'send_sms'},
     ['start next check', 'check yes a', 'check no b'], 'mass_action'),
    ({'start': 'start', 'set': 'set_field', 'tag': 'add_to_segment'}, ['start next set', 'set next tag'],
     'mass_action'),
    ({'start': ('start', {'selection': 'all contacts', 'data_source': 'new'}), 'email': 'send_email'},
     ['start next email'], 'classic'),
    ({'start': ('start', {'selection': 'all contacts', 'data_source': 'existing and new'}), 'email': 'send_email'},
     ['start next email'], 'classic'),
    ({'start': 'start', 'wait': 'wait', 'email': 'send_email'}, ['start next wait', 'wait next email'], 'classic'),
    ({'start': 'start', 'split': 'split', 'a': 'send_email', 'b': 'send_sms'},
     ['start next split', 'split 1 a', 'split 2 b'], 'classic'),
    ({'start': 'start', 'test': 'ab_test', 'a': 'send_email', 'b': 'send_sms'},
     ['start next test', 'test 1 a', 'test 2 b'], 'classic'),
    ({'start': 'start', 'email': 'send_email', 'trigger': 'email_opened', 'sms': 'send_sms'},
     ['start next email', 'email next trigger', 'trigger next sms'], 'classic'),  # a trigger, but not first
    ({'start': 'start', 'check': 'opened_email', 'trigger': 'purchase', 'a': 'send_email'},
     ['start next check', 'check yes trigger', 'check no a', 'trigger next a'], 'classic'),
    ({'start': 'start', 'trigger': 'cart_abandonment', 'wait': 'wait', 'email': 'send_email'},
     ['start next trigger', 'trigger next wait', 'wait next email'], 'reactive'),
    ({'start': 'start', 'trigger': 'page_visit', 'split': 'split', 'a': 'send_email', 'b': 'send_sms'},
     ['start next trigger', 'trigger next split', 'split 1 a', 'split 2 b'], 'reactive'),
    ({'start': 'start', 'trigger': 'enter_segment', 'test': 'ab_test', 'a': 'send_email', 'b': 'send_sms'},
     ['start next trigger', 'trigger next test', 'test 1 a', 'test 2 b'], 'reactive'),
    ({'start': 'start', 'trigger': 'purchase', 'tag': 'add_to_segment'}, ['start next trigger', 'trigger next tag'],
     'rule'),
    ({'start': ('start', {'selection': 'all contacts', 'data_source': 'new'}), 'trigger': 'form_submitted',
      'check': 'has_field', 'a': 'send_email', 'b': 'send_sms'},
     ['start next trigger', 'trigger next check', 'check yes a', 'check no b'], 'rule'),
    ({'start': 'start', 'trigger': 'custom_integration', 'email': 'send_email'},
     ['start next trigger', 'trigger next email'], 'rule'),
    ({'start': 'start', 'trigger': 'leave_segment'}, ['start next trigger'], 'rule'),
])
def test_workflow_type(nodes: dict, edges: list[str], expected: str) -> None:
    assert workflow_type(graph(nodes, *edges)) == expected


# the stored columns

def test_refresh_derived_stores_counts_and_type(actor: Actor) -> None:
    workflow = new_workflow(actor.account_id, 'Half done')
    build_nodes(workflow, [
        NodeSpec('start', 'start', START, {'next': 'trigger'}),
        NodeSpec('trigger', 'purchase', {}, {'next': 'check'}),
        NodeSpec('check', 'opened_email', {}, {'yes': 'wait'}),  # error: no "no"
        NodeSpec('wait', 'wait', {'duration_hours': 1}),  # alert: ends without action
        NodeSpec('email', 'send_email', {}),  # errors: unreachable, no content
    ])
    incidents = refresh_derived(workflow)
    assert [i.severity for i in incidents].count(ERROR) == 3
    stored = reload(workflow)
    assert (stored.error_count, stored.alert_count, stored.workflow_type) == (3, 1, 'reactive')

    nodes = {n.key: n for n in Node.select().where(Node.workflow == workflow.id)}
    Connection.create(workflow=workflow, source=nodes['check'], output='no', target=nodes['email'])
    Node.update(config={'content': 9}).where(Node.id == nodes['email'].id).execute()
    Node.delete().where(Node.id == nodes['wait'].id).execute()  # its connection goes with it
    thanks = Node.create(workflow=workflow, key='thanks', kind='send_sms', config={'content': 8})
    Connection.create(workflow=workflow, source=nodes['check'], output='yes', target=thanks)
    assert refresh_derived(stored) == []
    assert (reload(workflow).error_count, reload(workflow).alert_count, reload(workflow).workflow_type) == (
        0, 0, 'rule')
