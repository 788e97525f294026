"""Incidents and workflow type (docs/product.md §8), computed from a workflow's nodes and connections.

Pure functions over a :class:`Graph`, so the editor, the importer and the list all agree.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from model.workflows.catalogue import CATALOGUE, MAX_BRANCHES

ERROR = 'error'
ALERT = 'alert'

WORKFLOW_TYPES = {
    'mass_action': 'Mass action',
    'reactive': 'Reactive',
    'rule': 'Rule',
    'classic': 'Classic',
}


@dataclass(frozen=True)
class GraphNode:
    key: str
    kind: str
    config: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class GraphEdge:
    source: str
    output: str
    target: str


@dataclass
class Graph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]

    def outgoing(self) -> dict[str, list[GraphEdge]]:
        result: dict[str, list[GraphEdge]] = defaultdict(list)
        for edge in self.edges:
            result[edge.source].append(edge)
        return result

    def start(self) -> GraphNode | None:
        return next((n for n in self.nodes if n.kind == 'start'), None)


@dataclass(frozen=True)
class Incident:
    severity: str  # error | alert
    node_key: str | None
    message: str


def find_incidents(graph: Graph) -> list[Incident]:
    """Every error and alert of docs/product.md §8, in node order."""
    incidents: list[Incident] = []
    outgoing = graph.outgoing()
    start = graph.start()
    if start is None:
        return [Incident(ERROR, None, 'The workflow has no Start node')]
    if not outgoing.get(start.key):
        incidents.append(Incident(ERROR, start.key, 'Start leads nowhere: connect it to a node'))
    reachable = _reachable(start.key, outgoing)
    ab_tests = [n for n in graph.nodes if n.kind == 'ab_test']
    for node in graph.nodes:
        kind = CATALOGUE[node.kind]
        if node.key not in reachable:
            incidents.append(Incident(ERROR, node.key, f'{kind.label} is not reachable from Start'))
        incidents.extend(_missing_settings(node))
        used_outputs = {e.output for e in outgoing.get(node.key, [])}
        if kind.outputs == 'yes_no' and not {'yes', 'no'} <= used_outputs:
            incidents.append(Incident(ERROR, node.key, f'{kind.label} needs both a yes and a no connection'))
        if kind.outputs == 'branches' and not 2 <= len(used_outputs) <= MAX_BRANCHES:
            incidents.append(Incident(
                ERROR, node.key, f'{kind.label} needs 2 to {MAX_BRANCHES} connected branches'
                f' ({len(used_outputs)} connected)'))
        if unmatched := node.config.get('unmatched_segment'):
            incidents.append(Incident(ERROR, node.key, f'Segment "{unmatched}" does not exist in this account'))
        if unmatched := node.config.get('unmatched_form'):
            incidents.append(Incident(ERROR, node.key, f'Form "{unmatched}" does not exist in this account'))
        for removed in node.config.get('removed_fields') or []:
            incidents.append(Incident(ALERT, node.key, f'Custom field "{removed}" was removed on import'))
    if len(ab_tests) > 1:
        for node in ab_tests[1:]:
            incidents.append(Incident(ERROR, node.key, 'Only one A/B/X test is allowed per workflow'))
    incidents.extend(_branches_without_action(graph, start.key, outgoing))
    incidents.extend(_loops_without_wait(graph, outgoing))
    return incidents


def workflow_type(graph: Graph) -> str:
    """Rule, Reactive, Mass action or Classic, as docs/product.md §8 defines them."""
    start = graph.start()
    kinds = {n.kind for n in graph.nodes}
    routes = bool(kinds & {'wait', 'split', 'ab_test'})
    first_steps = [e.target for e in graph.edges if start and e.source == start.key]
    by_key = {n.key: n for n in graph.nodes}
    reactive = bool(first_steps) and all(CATALOGUE[by_key[k].kind].is_trigger for k in first_steps if k in by_key)
    if reactive:
        return 'reactive' if routes else 'rule'
    has_trigger = any(CATALOGUE[k].is_trigger for k in kinds)
    uses_existing = start is not None and start.config.get('data_source', 'existing') == 'existing'
    if not has_trigger and not routes and uses_existing:
        return 'mass_action'
    return 'classic'


def _reachable(start_key: str, outgoing: dict[str, list[GraphEdge]]) -> set[str]:
    seen, stack = {start_key}, [start_key]
    while stack:
        for edge in outgoing.get(stack.pop(), []):
            if edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    return seen


def _missing_settings(node: GraphNode) -> list[Incident]:
    kind = CATALOGUE[node.kind]
    missing = []
    for setting in kind.settings:
        required = setting.required or (
            setting.required_if is not None and node.config.get(setting.required_if[0]) == setting.required_if[1])
        if required and _is_blank(node.config.get(setting.name)) and not node.config.get('unmatched_segment'):
            missing.append(Incident(ERROR, node.key, f'{kind.label}: {setting.label} is required'))
    if node.kind == 'form_submitted' and not (node.config.get('form') or node.config.get('integrated_form')
                                              or node.config.get('unmatched_form')):
        missing.append(Incident(ERROR, node.key, f'{kind.label}: choose a form'))
    if kind.outputs == 'branches' and not _is_blank(node.config.get('percentages')):
        percentages = node.config['percentages']
        if sum(percentages) != 100:
            missing.append(Incident(ERROR, node.key, f'{kind.label}: percentages must add up to 100'))
    return missing


def _branches_without_action(graph: Graph, start_key: str, outgoing: dict[str, list[GraphEdge]]) -> list[Incident]:
    """Alert on each branch end reached from Start without passing any action."""
    by_key = {n.key: n for n in graph.nodes}
    seen, stack, alerts = {start_key}, [start_key], []
    while stack:
        key = stack.pop()
        edges = outgoing.get(key, [])
        if not edges and key != start_key:
            alerts.append(Incident(ALERT, key, f'The branch ending at {CATALOGUE[by_key[key].kind].label}'
                                               ' has no action'))
        for edge in edges:
            target = by_key.get(edge.target)
            if target and not CATALOGUE[target.kind].is_action and edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    order = {key: index for index, key in enumerate(by_key)}
    return sorted(alerts, key=lambda incident: order.get(incident.node_key or '', 0))


def _loops_without_wait(graph: Graph, outgoing: dict[str, list[GraphEdge]]) -> list[Incident]:
    """An error on each loop that passes no Wait: a contact would go round it forever in one moment."""
    by_key = {n.key: n for n in graph.nodes}
    steps = {key: [e.target for e in edges if e.target in by_key and by_key[e.target].kind != 'wait']
             for key, edges in outgoing.items() if key in by_key and by_key[key].kind != 'wait'}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    incidents = []
    for first in by_key:
        if first in state or first not in steps:
            continue
        path, stack = [first], [iter(steps.get(first, []))]
        state[first] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(following) == 1:
                loop = [*path[path.index(following):], following]
                names = ' → '.join(CATALOGUE[by_key[key].kind].label for key in loop)
                incidents.append(Incident(ERROR, following, f'A loop without a Wait ({names}) would repeat forever:'
                                                            ' add a Wait to it or remove a connection'))
            elif following not in state:
                state[following] = 1
                path.append(following)
                stack.append(iter(steps.get(following, [])))
    return incidents


def _is_blank(value: object) -> bool:
    """Nothing set: absent, empty, or only spaces (a typed-then-cleared event name is still missing)."""
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}
