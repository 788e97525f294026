"""A workflow's nodes and connections as stored: loading, building, copying, and the derived columns."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from peewee import chunked

from model.storage.schema import Connection, Content, Node, Workflow
from model.workflows.catalogue import CATALOGUE
from model.workflows.incidents import Graph, GraphEdge, GraphNode, Incident, find_incidents, workflow_type

ROWS_PER_INSERT = 100  # rows of a multi-row INSERT: well under SQLite's 32,766 variables a statement


@dataclass
class NodeSpec:
    """A node to build: ``key`` names it within the workflow; ``links`` maps output → target key."""

    key: str
    kind: str
    config: dict = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    x: int = 0
    y: int | None = None  # None: below the previous node


def load_graph(workflow_id: int) -> Graph:
    nodes = list(Node
                 .select()
                 .where(Node.workflow == workflow_id)
                 .order_by(Node.id))
    keys = {n.id: n.key for n in nodes}
    connections = (Connection
                   .select()
                   .where(Connection.workflow == workflow_id)
                   .order_by(Connection.id))
    return Graph(nodes=[GraphNode(n.key, n.kind, n.config) for n in nodes],
                 edges=[GraphEdge(keys[c.source_id], c.output, keys[c.target_id]) for c in connections])


def refresh_derived(workflow: Workflow, graph: Graph | None = None) -> list[Incident]:
    """Recompute type and incident counts, which the list filters on, from the stored graph (``graph``: the
    caller has just stored it)."""
    graph = graph or load_graph(workflow.id)
    incidents = find_incidents(graph)
    workflow.workflow_type = workflow_type(graph)
    workflow.error_count = sum(1 for i in incidents if i.severity == 'error')
    workflow.alert_count = len(incidents) - workflow.error_count
    (Workflow
     .update(workflow_type=workflow.workflow_type, error_count=workflow.error_count,
             alert_count=workflow.alert_count)
     .where(Workflow.id == workflow.id)
     .execute())
    return incidents


def build_nodes(workflow: Workflow, specs: Sequence[NodeSpec]) -> None:
    """Insert nodes and their connections; the caller runs this inside its transaction.

    When a spec has no place (``y`` None), every node is laid out anew (:func:`layout`)."""
    places = {spec.key: (spec.x, spec.y or 0) for spec in specs}
    if any(spec.y is None for spec in specs):
        places = layout([spec.key for spec in specs],
                        [(spec.key, target) for spec in specs for target in spec.links.values()])
    by_key = {}
    for spec in specs:
        by_key[spec.key] = Node.create(workflow=workflow, key=spec.key, kind=spec.kind, config=spec.config,
                                       x=places[spec.key][0], y=places[spec.key][1])
    rows = [{'workflow': workflow.id, 'source': by_key[spec.key].id, 'output': output, 'target': by_key[target].id}
            for spec in specs for output, target in spec.links.items()]
    if rows:
        Connection.insert_many(rows).execute()


def write_edit(workflow: Workflow, removed: list[str], disconnected: list[GraphEdge], added: list[NodeSpec],
               connected: list[GraphEdge], moved: dict[str, tuple[int, int]]) -> None:
    """Store one canvas change as it is, row by row; the caller checked it and runs this in its transaction."""
    if removed:
        Node.delete().where((Node.workflow == workflow.id) & Node.key.in_(removed)).execute()
    for spec in added:
        Node.create(workflow=workflow, key=spec.key, kind=spec.kind, config=spec.config, x=spec.x, y=spec.y or 0)
    ids = {} if not (disconnected or connected) else {
        n.key: n.id for n in Node.select(Node.id, Node.key).where(Node.workflow == workflow.id)}
    for edge in disconnected:
        if edge.source in ids and edge.target in ids:
            Connection.delete().where((Connection.workflow == workflow.id) & (Connection.source == ids[edge.source])
                                      & (Connection.output == edge.output)).execute()
    if connected:
        Connection.insert_many([{'workflow': workflow.id, 'source': ids[e.source], 'output': e.output,
                                 'target': ids[e.target]} for e in connected]).execute()
    for key, (x, y) in moved.items():
        Node.update(x=x, y=y).where((Node.workflow == workflow.id) & (Node.key == key)).execute()


def layout(keys: list[str], links: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Places for nodes that have none: top to bottom in layers (one below the deepest node leading to it,
    connections that close a loop left out), each layer centred; the canvas's `Tidy up` refines this."""
    following: dict[str, list[str]] = {key: [] for key in keys}
    for source, target in links:
        if source in following and target in following:
            following[source].append(target)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    order: list[str] = []  # every node after all the nodes leading to it (loops cut)
    for root in keys:
        if root in state:
            continue
        state[root], stack = 1, [(root, iter(following[root]))]
        while stack:
            key, rest = stack[-1]
            following_key = next(rest, None)
            if following_key is None:
                state[key] = 2
                order.append(key)
                stack.pop()
            elif following_key not in state:
                state[following_key] = 1
                stack.append((following_key, iter(following[following_key])))
    depth = dict.fromkeys(keys, 0)
    position = {key: index for index, key in enumerate(reversed(order))}
    for key in reversed(order):
        for target in following[key]:
            if position[target] > position[key]:  # not a connection back up a loop
                depth[target] = max(depth[target], depth[key] + 1)
    layers: dict[int, list[str]] = {}
    for key in keys:
        layers.setdefault(depth[key], []).append(key)
    return {key: (int((index - (len(row) - 1) / 2) * 280), level * 180)
            for level, row in layers.items() for index, key in enumerate(row)}


def write_copy(copy: Workflow, content: dict) -> dict:
    """Write a snapshot's contents, nodes and connections (model/workflows/versions.py) into ``copy``, a new
    and empty workflow; returns the snapshot as written there, its contents under their new ids.

    Rows go in a hundred per statement, in the snapshot's order, so the copy's own snapshot is the returned one
    and can be recorded as its first version without reading it back: duplicating 1,000 workflows is mostly
    these statements (docs/benchmarks.md)."""
    content_ids = {item['id']: Content.insert(workflow=copy.id, channel=item['channel'], name=item['name'],
                                              subject=item['subject'], body=item['body']).execute()
                   for item in content['contents']}
    nodes = [{**node, 'config': _with_contents(node, content_ids)} for node in content['nodes']]
    for chunk in chunked(nodes, ROWS_PER_INSERT):
        Node.insert_many([{'workflow': copy.id, 'key': node['key'], 'kind': node['kind'], 'config': node['config'],
                           'x': node['x'], 'y': node['y']} for node in chunk]).execute()
    node_ids = {node.key: node.id for node in Node.select(Node.key, Node.id).where(Node.workflow == copy.id)}
    for chunk in chunked(content['connections'], ROWS_PER_INSERT):
        Connection.insert_many([{'workflow': copy.id, 'source': node_ids[source], 'output': output,
                                 'target': node_ids[target]} for source, output, target in chunk]).execute()
    return {**content, 'nodes': nodes,
            'contents': [{**item, 'id': content_ids[item['id']]} for item in content['contents']]}


def copy_derived(source: Workflow) -> dict[str, object]:
    """The columns :func:`refresh_derived` would compute for a copy of ``source``'s graph."""
    return {'workflow_type': source.workflow_type, 'error_count': source.error_count,
            'alert_count': source.alert_count}


def _with_contents(node: dict, content_ids: dict[int, int]) -> dict:
    config = dict(node['config'])
    for setting in CATALOGUE[node['kind']].settings:
        if setting.type == 'content' and config.get(setting.name) in content_ids:
            config[setting.name] = content_ids[config[setting.name]]
    return config
