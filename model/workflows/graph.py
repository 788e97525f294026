"""A workflow's nodes and connections as stored: loading, building, copying, and the derived columns."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from model.storage.schema import Connection, Content, Node, Workflow
from model.workflows.incidents import Graph, GraphEdge, GraphNode, Incident, find_incidents, workflow_type


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


def refresh_derived(workflow: Workflow) -> list[Incident]:
    """Recompute type and incident counts, which the list filters on, from the stored graph."""
    graph = load_graph(workflow.id)
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
    """Insert nodes and their connections; the caller runs this inside its transaction."""
    by_key = {}
    for index, spec in enumerate(specs):
        by_key[spec.key] = Node.create(workflow=workflow, key=spec.key, kind=spec.kind, config=spec.config,
                                       x=spec.x, y=index * 120 if spec.y is None else spec.y)
    rows = [{'workflow': workflow.id, 'source': by_key[spec.key].id, 'output': output, 'target': by_key[target].id}
            for spec in specs for output, target in spec.links.items()]
    if rows:
        Connection.insert_many(rows).execute()


def copy_workflow_content(source: Workflow, copy: Workflow) -> None:
    """Give ``copy`` its own copies of the source's contents, nodes and connections (forms are the account's)."""
    content_ids = {c.id: Content.create(workflow=copy, channel=c.channel, name=c.name, subject=c.subject,
                                        body=c.body).id
                   for c in Content.select().where(Content.workflow == source.id)}
    node_ids = {}
    for node in Node.select().where(Node.workflow == source.id).order_by(Node.id):
        config = dict(node.config)
        if config.get('content') in content_ids:
            config['content'] = content_ids[config['content']]
        node_ids[node.id] = Node.create(workflow=copy, key=node.key, kind=node.kind, config=config,
                                        x=node.x, y=node.y).id
    rows = [{'workflow': copy.id, 'source': node_ids[c.source_id], 'output': c.output, 'target': node_ids[c.target_id]}
            for c in Connection.select().where(Connection.workflow == source.id)]
    if rows:
        Connection.insert_many(rows).execute()
