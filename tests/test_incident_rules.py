"""Every incident rule and type rule of docs/product.md §8, on the pure graph."""

import itertools

import pytest

from model.access.gate import Actor
from model.storage.schema import Workflow
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.incidents import ALERT, ERROR, Graph, GraphEdge, GraphNode, find_incidents, workflow_type
from model.workflows.lifecycle import new_workflow

START = GraphNode('start', 'start', {'selection': 'all contacts', 'data_source': 'existing'})
EMAIL = GraphNode('email', 'send_email', {'content': 1})


def graph(*nodes: GraphNode, edges: tuple[tuple[str, str, str], ...] = ()) -> Graph:
    return Graph(nodes=[START, *nodes], edges=[GraphEdge(*edge) for edge in edges])


def messages(g: Graph, severity: str = ERROR) -> list[str]:
    return [f'{i.node_key}: {i.message}' for i in find_incidents(g) if i.severity == severity]


def test_a_start_that_leads_nowhere_is_an_error() -> None:
    assert messages(graph()) == ['start: Start leads nowhere: connect it to a node']


def test_a_valid_graph_has_no_incidents() -> None:
    assert find_incidents(graph(EMAIL, edges=(('start', 'next', 'email'),))) == []


def test_an_unreachable_node_is_an_error() -> None:
    stray = GraphNode('stray', 'wait', {'duration_hours': 1})
    assert messages(graph(EMAIL, stray, edges=(('start', 'next', 'email'),))) == [
        'stray: Wait is not reachable from Start']


@pytest.mark.parametrize(('node', 'message'), [
    (GraphNode('n', 'send_email', {}), 'Send email: Content is required'),
    (GraphNode('n', 'wait', {}), 'Wait: Duration is required'),
    (GraphNode('n', 'custom_integration', {}), 'Custom integration: Event name is required'),
    (GraphNode('n', 'enter_segment', {}), 'On entering segment: Segment is required'),
    (GraphNode('n', 'form_submitted', {}), 'On form submitted: choose a form'),
    (GraphNode('n', 'page_visit', {'url_match': ''}), 'On page visit: URL contains is required'),
])
def test_a_missing_required_setting_is_an_error(node: GraphNode, message: str) -> None:
    g = graph(node, EMAIL, edges=(('start', 'next', 'n'), ('n', 'next', 'email')))
    assert messages(g) == [f'n: {message}']


def test_start_needs_a_segment_only_when_its_selection_says_so() -> None:
    by_segment = GraphNode('start', 'start', {'selection': 'belonging to segment', 'data_source': 'existing'})
    g = Graph(nodes=[by_segment, EMAIL], edges=[GraphEdge('start', 'next', 'email')])
    assert messages(g) == ['start: Start: Segment is required']
    by_segment.config['segment'] = 4
    assert messages(g) == []


def test_a_condition_needs_both_yes_and_no() -> None:
    check = GraphNode('check', 'opened_email')
    g = graph(check, EMAIL, edges=(('start', 'next', 'check'), ('check', 'yes', 'email')))
    assert messages(g) == ['check: Has opened email needs both a yes and a no connection']


@pytest.mark.parametrize('branches', [1, 6])
def test_a_split_needs_two_to_five_connected_branches(branches: int) -> None:
    emails = [GraphNode(f'e{i}', 'send_email', {'content': i}) for i in range(1, branches + 1)]
    split = GraphNode('split', 'split', {'percentages': [100 // branches] * branches})
    edges = (('start', 'next', 'split'), *(('split', str(i), f'e{i}') for i in range(1, branches + 1)))
    assert f'split: Split needs 2 to 5 connected branches ({branches} connected)' in messages(
        graph(split, *emails, edges=edges))


def test_split_percentages_must_add_up_to_100() -> None:
    split = GraphNode('split', 'split', {'percentages': [50, 40]})
    a, b = GraphNode('a', 'send_email', {'content': 1}), GraphNode('b', 'send_email', {'content': 2})
    g = graph(split, a, b, edges=(('start', 'next', 'split'), ('split', '1', 'a'), ('split', '2', 'b')))
    assert messages(g) == ['split: Split: percentages must add up to 100']


def test_only_one_ab_test_per_workflow() -> None:
    tests = [GraphNode(key, 'ab_test', {'percentages': [50, 50]}) for key in ('t1', 't2')]
    nodes = [*tests, GraphNode('a', 'send_email', {'content': 1}), GraphNode('b', 'send_email', {'content': 2}),
             GraphNode('c', 'send_email', {'content': 3})]
    edges = (('start', 'next', 't1'), ('t1', '1', 't2'), ('t1', '2', 'a'), ('t2', '1', 'b'), ('t2', '2', 'c'))
    assert messages(graph(*nodes, edges=edges)) == ['t2: Only one A/B/X test is allowed per workflow']


def test_import_leftovers_give_an_error_for_segments_and_an_alert_for_fields() -> None:
    trigger = GraphNode('t', 'enter_segment', {'unmatched_segment': 'VIP', 'removed_fields': ['Points']})
    g = graph(trigger, EMAIL, edges=(('start', 'next', 't'), ('t', 'next', 'email')))
    assert messages(g) == ['t: Segment "VIP" does not exist in this account']
    assert messages(g, ALERT) == ['t: Custom field "Points" was removed on import']


def test_a_branch_that_ends_without_any_action_is_an_alert() -> None:
    check = GraphNode('check', 'opened_email')
    wait = GraphNode('wait', 'wait', {'duration_hours': 2})
    g = graph(check, EMAIL, wait, edges=(('start', 'next', 'check'), ('check', 'yes', 'email'),
                                         ('check', 'no', 'wait')))
    assert messages(g, ALERT) == ['wait: The branch ending at Wait has no action']
    after_action = graph(EMAIL, wait, edges=(('start', 'next', 'email'), ('email', 'next', 'wait')))
    assert messages(after_action, ALERT) == []


@pytest.mark.parametrize(('kinds', 'data_source', 'expected'), [
    (['send_email'], 'existing', 'mass_action'),
    (['send_email'], 'new', 'classic'),
    (['wait', 'send_email'], 'existing', 'classic'),
    (['purchase', 'send_email'], 'existing and new', 'rule'),
    (['purchase', 'wait', 'send_email'], 'existing and new', 'reactive'),
    (['opened_email'], 'existing', 'mass_action'),
])
def test_workflow_type(kinds: list[str], data_source: str, expected: str) -> None:
    start = GraphNode('start', 'start', {'selection': 'all contacts', 'data_source': data_source})
    nodes = [GraphNode(f'n{i}', kind) for i, kind in enumerate(kinds)]
    chain = ['start', *(n.key for n in nodes)]
    edges = [GraphEdge(a, 'next', b) for a, b in itertools.pairwise(chain)]
    assert workflow_type(Graph(nodes=[start, *nodes], edges=edges)) == expected


def test_refresh_derived_stores_counts_and_type(actor: Actor) -> None:
    workflow = new_workflow(actor.account_id, 'Derived')
    build_nodes(workflow, [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'new'},
                                    {'next': 'trigger'}),
                           NodeSpec('trigger', 'cart_abandonment', {}, {'next': 'wait'}),
                           NodeSpec('wait', 'wait', {})])
    refresh_derived(workflow)
    stored = Workflow.get_by_id(workflow.id)
    assert (stored.error_count, stored.alert_count, stored.workflow_type) == (1, 1, 'reactive')
