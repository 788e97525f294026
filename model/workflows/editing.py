"""The editor's working copy of one workflow, the operations on it, and saving it (docs/product.md §2, §7).

The page edits a :class:`Draft` in memory; :func:`save_draft` checks it again on the server — the
version the page loaded, the state's editing rules, every reference — and writes it in one
transaction. A forged save therefore changes nothing the rules forbid.
"""

import copy
from dataclasses import dataclass, field

from model.access.activity import record_by
from model.access.gate import Action, Actor, require
from model.common import events
from model.common.clock import clock
from model.common.errors import Invalid, Refused, StaleVersion
from model.common.text import clean_name, fold, workflow_search_text
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import Connection, Content, CustomField, Form, Node, Segment, Workflow
from model.workflows.catalogue import CATALOGUE, number_problem, output_names
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.incidents import Graph, GraphEdge, GraphNode
from model.workflows.lifecycle import get_workflow, label
from model.workflows.states import DRAFT, EDITABLE_STATES, STATE_LABELS
from model.workflows.versions import links, record_version

CONTENT_LOCKED_AFTER_START = ('channel', 'name')
DESCRIPTION_MAX = 500
IMPORT_LEFTOVERS = {'segment': ('unmatched_segment',), 'custom_field': ('removed_fields',), 'form': ('unmatched_form',)}
LEFTOVER_SETTINGS = tuple(name for names in IMPORT_LEFTOVERS.values() for name in names)


@dataclass
class DraftNode:
    kind: str
    config: dict = field(default_factory=dict)
    x: int = 0
    y: int = 0


@dataclass
class DraftContent:
    channel: str
    name: str
    subject: str = ''
    body: str = ''


@dataclass
class Draft:
    name: str
    nodes: dict[str, DraftNode]
    edges: list[GraphEdge]
    contents: dict[int, DraftContent]  # by id; new ones have negative ids until saved
    forms: dict[int, str]  # the account's forms: id → name (read-only here; the Forms page changes them)
    description: str = ''

    def graph(self) -> Graph:
        return Graph(nodes=[GraphNode(key, n.kind, n.config) for key, n in self.nodes.items()], edges=self.edges)

    def take(self, other: 'Draft') -> None:
        """Become ``other`` in place (the page's panels keep a reference to this object)."""
        self.name, self.nodes, self.edges = other.name, other.nodes, other.edges
        self.contents, self.forms, self.description = other.contents, other.forms, other.description


def load_draft(actor: Actor, workflow_id: int) -> tuple[Workflow, Draft]:
    workflow = get_workflow(actor, workflow_id)
    nodes = list(Node.select().where(Node.workflow == workflow.id).order_by(Node.id))
    keys = {n.id: n.key for n in nodes}
    edges = [GraphEdge(keys[c.source_id], c.output, keys[c.target_id])
             for c in Connection.select().where(Connection.workflow == workflow.id).order_by(Connection.id)]
    contents = {c.id: DraftContent(c.channel, c.name, c.subject, c.body)
                for c in Content.select().where(Content.workflow == workflow.id)}
    forms = {f.id: f.name for f in Form.select().where(Form.account == actor.account_id).order_by(Form.name)}
    draft = Draft(workflow.name, {n.key: DraftNode(n.kind, dict(n.config), n.x, n.y) for n in nodes}, edges,
                  contents, forms, workflow.description)
    return workflow, draft


def add_node(draft: Draft, kind: str) -> str:
    if kind not in CATALOGUE or kind == 'start':
        raise Invalid('This kind of node cannot be added')
    base = kind.split('_')[0]
    number = 1
    while f'{base}{number}' in draft.nodes:
        number += 1
    key = f'{base}{number}'
    draft.nodes[key] = DraftNode(kind, {}, 0, 120 * len(draft.nodes))
    return key


def remove_node(draft: Draft, key: str) -> None:
    if draft.nodes[key].kind == 'start':
        raise Refused('The Start node cannot be removed')
    del draft.nodes[key]
    draft.edges = [e for e in draft.edges if key not in (e.source, e.target)]


def connect(draft: Draft, source: str, output: str, target: str | None) -> None:
    """Point ``source``'s ``output`` at ``target`` (None removes that connection)."""
    if output not in output_names(draft.nodes[source].kind, draft.nodes[source].config):
        raise Invalid(f'This node has no output "{output}"')
    if target == source:
        raise Invalid('A node cannot lead to itself')
    draft.edges = [e for e in draft.edges if not (e.source == source and e.output == output)]
    if target is not None:
        draft.edges.append(GraphEdge(source, output, target))


def choose_reference(config: dict, setting_type: str) -> None:
    """A segment or custom field picked for a node replaces what an import could not match (and its incident)."""
    for leftover in IMPORT_LEFTOVERS.get(setting_type, ()):
        config.pop(leftover, None)


def new_content(draft: Draft, channel: str, name: str) -> int:
    content_id = min([0, *draft.contents]) - 1
    draft.contents[content_id] = DraftContent(channel, name)
    return content_id


def editable_settings(state: str, kind: str) -> set[str]:
    """What the editor may change on a node in this state (docs/product.md §2: drafts all, started only some)."""
    if state == DRAFT:
        return {s.name for s in CATALOGUE[kind].settings}
    if state in EDITABLE_STATES:
        return {s.name for s in CATALOGUE[kind].settings if s.editable_after_start}
    return set()


def save_draft(actor: Actor, workflow_id: int, expected_version: int, draft: Draft) -> Workflow:
    """Write the working copy if the workflow is still the version the page loaded and the state allows it."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # two saves of one version: the second finds it stale (PostgreSQL too)
        store_draft(actor, workflow_id, expected_version, draft)
    events.announce(events.ChangeKind.UPDATED, actor.account_id, [workflow_id])
    return Workflow.get_by_id(workflow_id)


def store_draft(actor: Actor, workflow_id: int, expected_version: int, draft: Draft, note: str = '',
                action: str = 'edited', detail: str = '') -> None:
    """:func:`save_draft`'s checks and writes, inside the caller's transaction; the caller checked the role and
    announces the change. ``note`` starts the version's summary; ``action`` and ``detail`` make the activity entry.
    """
    workflow = get_workflow(actor, workflow_id)
    if workflow.version != expected_version:
        raise StaleVersion(f'"{label(workflow)}" was changed by someone else since you opened it: reload to see '
                           'their changes (yours are not saved)')
    if workflow.state not in EDITABLE_STATES:
        raise Refused(f'"{label(workflow)}" is {STATE_LABELS[workflow.state]}: it can no longer be edited')
    _check(actor, workflow, draft)
    if workflow.state == DRAFT:
        replace_graph(workflow, draft)
    else:
        _check_only_allowed_changes(actor, workflow, draft)
        _update_started(workflow, draft)
    name = clean_name(draft.name)  # the name and description are not structure: they change in any editable state
    description = _description(workflow, draft.description)
    (Workflow
     .update(name=name, description=description, sort_name=fold(name)[:120],
             search_text=workflow_search_text(name, description), version=Workflow.version + 1,
             updated_at=clock.now(actor.account_id), run_problem=None)
     .where(Workflow.id == workflow.id)
     .execute())
    refresh_derived(workflow)
    version = record_version(workflow.id, actor.person_id, note)
    record_by(actor, action, [workflow], detail, links([version]))
    if name != workflow.name:
        record_by(actor, 'renamed', [Workflow.get_by_id(workflow.id)], f'was "{workflow.name}"')


def _description(workflow: Workflow, typed: str) -> str:
    """0 to 500 characters; a longer one that came with an import stays as long as nobody changes it."""
    clean = (typed or '').strip()
    if clean != workflow.description.strip() and len(clean) > DESCRIPTION_MAX:
        raise Invalid(f'A description has at most {DESCRIPTION_MAX} characters ({len(clean)} given)')
    return clean if clean != workflow.description.strip() else workflow.description


def _check(actor: Actor, workflow: Workflow, draft: Draft) -> None:
    """References and structure that a forged request could get wrong."""
    if [n.kind for n in draft.nodes.values()].count('start') != 1:
        raise Invalid('A workflow has exactly one Start node')
    allowed = {
        'segment': {s.id for s in Segment.select(Segment.id).where(Segment.account == actor.account_id)},
        'custom_field': {f.id for f in (CustomField
                                        .select(CustomField.id)
                                        .where(CustomField.account == actor.account_id))},
        'form': {f.id for f in Form.select(Form.id).where(Form.account == actor.account_id)},
        'content': set(draft.contents),
    }
    for key, node in draft.nodes.items():
        if node.kind not in CATALOGUE:
            raise Invalid(f'Unknown node kind "{node.kind}"')
        for name, value in node.config.items():
            setting = CATALOGUE[node.kind].setting(name)
            if setting is None and name not in (*LEFTOVER_SETTINGS, 'integrated_form'):
                raise Invalid(f'Unknown setting "{name}" on node {key}')
            if setting is not None and setting.type in allowed and value is not None and value not in allowed[
                    setting.type]:
                raise Invalid(f'{setting.label} of node {key} does not exist in this account')
            if setting is not None and setting.type == 'number' and (problem := number_problem(setting, value)):
                raise Invalid(f'{problem} (node {key})')
    for content in draft.contents.values():
        clean_name(content.name, 'The content name', default='Content')  # refuses hidden characters, long names
    seen = set()
    for edge in draft.edges:
        if edge.source not in draft.nodes or edge.target not in draft.nodes or edge.source == edge.target:
            raise Invalid('A connection joins nodes that do not exist')
        source = draft.nodes[edge.source]
        if edge.output not in output_names(source.kind, source.config) or (edge.source, edge.output) in seen:
            raise Invalid(f'Node {edge.source} has no free output "{edge.output}"')
        seen.add((edge.source, edge.output))


def _check_only_allowed_changes(actor: Actor, workflow: Workflow, draft: Draft) -> None:
    _, stored = load_draft(actor, workflow.id)
    if {k: n.kind for k, n in stored.nodes.items()} != {k: n.kind for k, n in draft.nodes.items()} \
            or set(stored.edges) != set(draft.edges):
        raise Refused('A started workflow keeps its nodes and connections: only some settings can change')
    for key, node in draft.nodes.items():
        free = editable_settings(workflow.state, node.kind)
        before = stored.nodes[key].config
        changed = {name for name in set(before) | set(node.config) if before.get(name) != node.config.get(name)}
        if changed - free:
            raise Refused(f'"{", ".join(sorted(changed - free))}" cannot change once the workflow has started')
    if set(stored.contents) != set(draft.contents) or any(
            getattr(stored.contents[i], part) != getattr(draft.contents[i], part)
            for i in stored.contents for part in CONTENT_LOCKED_AFTER_START):
        raise Refused('Once started, only the subject and body of contents can change')


def replace_graph(workflow: Workflow, draft: Draft) -> None:
    """Store the draft's contents, nodes and connections in place of the workflow's (inside the caller's
    transaction); contents with negative ids are created."""
    new_ids = {}
    for content_id, content in draft.contents.items():
        fields = {'channel': content.channel, 'name': content.name[:120] or 'Content', 'subject': content.subject,
                  'body': content.body}
        if content_id < 0:
            new_ids[content_id] = Content.create(workflow=workflow, **fields).id
        else:
            Content.update(**fields).where((Content.id == content_id) & (Content.workflow == workflow.id)).execute()
    Content.delete().where((Content.workflow == workflow.id) & Content.id.not_in(
        [i for i in draft.contents if i > 0] + list(new_ids.values()))).execute()
    Connection.delete().where(Connection.workflow == workflow.id).execute()
    Node.delete().where(Node.workflow == workflow.id).execute()
    links: dict[str, dict[str, str]] = {}
    for edge in draft.edges:
        links.setdefault(edge.source, {})[edge.output] = edge.target
    specs = []
    for key, node in draft.nodes.items():
        config = copy.deepcopy(node.config)
        if config.get('content') in new_ids:
            config['content'] = new_ids[config['content']]
        specs.append(NodeSpec(key, node.kind, config, links.get(key, {}), node.x, node.y))
    build_nodes(workflow, specs)


def _update_started(workflow: Workflow, draft: Draft) -> None:
    for key, node in draft.nodes.items():
        Node.update(config=node.config).where((Node.workflow == workflow.id) & (Node.key == key)).execute()
    for content_id, content in draft.contents.items():
        (Content
         .update(subject=content.subject, body=content.body)
         .where((Content.id == content_id) & (Content.workflow == workflow.id))
         .execute())


def pickers(actor: Actor) -> dict[str, dict[int, str]]:
    """The account's segments and custom fields, for the editor's pickers."""
    require(actor, Action.READ)
    return {
        'segment': {s.id: s.name for s in (Segment
                                           .select(Segment.id, Segment.name)
                                           .where(Segment.account == actor.account_id)
                                           .order_by(Segment.name))},
        'custom_field': {f.id: f.name for f in (CustomField
                                                .select(CustomField.id, CustomField.name)
                                                .where(CustomField.account == actor.account_id)
                                                .order_by(CustomField.name))},
    }
