"""The editor's working copy of one workflow, the operations on it, and saving it (docs/product.md §2, §7).

The page edits a :class:`Draft` in memory; :func:`save_draft` checks it again on the server — the
version the page loaded, the state's editing rules, every reference — and writes it in one
transaction. A forged save therefore changes nothing the rules forbid.
"""

import copy
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

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
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived, write_edit
from model.workflows.incidents import Graph, GraphEdge, GraphNode
from model.workflows.lifecycle import get_workflow, label
from model.workflows.states import DRAFT, EDITABLE_STATES, STATE_LABELS
from model.workflows.versions import links, record_version

CONTENT_LOCKED_AFTER_START = ('channel', 'name')
DESCRIPTION_MAX = 500
MAX_COORDINATE = 1_000_000  # as far as a .cn file may place a node
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


@dataclass
class CanvasEdit:
    """One change made on the canvas, stored at once by :func:`save_canvas_edit`; :meth:`inverse` undoes it.

    Removed nodes keep what they were (kind, settings, place), so that undoing their removal brings them back.
    """

    added: dict[str, DraftNode] = field(default_factory=dict)
    removed: dict[str, DraftNode] = field(default_factory=dict)
    connected: list[GraphEdge] = field(default_factory=list)
    disconnected: list[GraphEdge] = field(default_factory=list)
    moved: dict[str, tuple[int, int]] = field(default_factory=dict)  # key → new (x, y)
    moved_from: dict[str, tuple[int, int]] = field(default_factory=dict)
    message: str = ''  # what the person is told once it is stored

    @property
    def structural(self) -> bool:
        return bool(self.added or self.removed or self.connected or self.disconnected)

    def inverse(self, message: str) -> 'CanvasEdit':
        return CanvasEdit(self.removed, self.added, self.disconnected, self.connected, self.moved_from, self.moved,
                          message)


def new_key(draft: Draft, kind: str) -> str:
    base = kind.split('_')[0]
    number = 1
    while f'{base}{number}' in draft.nodes:
        number += 1
    return f'{base}{number}'


def node_title(draft: Draft, key: str) -> str:
    """What people call a node: its catalogue label, numbered when the workflow has several of its kind."""
    kind = draft.nodes[key].kind
    same = [k for k, n in draft.nodes.items() if n.kind == kind]
    return CATALOGUE[kind].label + (f' {same.index(key) + 1}' if len(same) > 1 else '')


def move_edit(draft: Draft, positions: dict[str, tuple[int, int]], message: str = '') -> CanvasEdit:
    moved = {key: (int(x), int(y)) for key, (x, y) in positions.items()
             if key in draft.nodes and (draft.nodes[key].x, draft.nodes[key].y) != (int(x), int(y))}
    return CanvasEdit(moved=moved, moved_from={key: (draft.nodes[key].x, draft.nodes[key].y) for key in moved},
                      message=message)


def add_edit(draft: Draft, kind: str, at: tuple[int, int] | None = None, after: str | None = None,
             on_edge: GraphEdge | None = None) -> CanvasEdit:
    """A new node of ``kind``: inserted on a connection, added after a node (from its first free output), or
    placed alone; at ``at``, or below the node it follows."""
    if kind not in CATALOGUE or kind == 'start':
        raise Invalid('This kind of node cannot be added')
    key, label = new_key(draft, kind), CATALOGUE[kind].label
    edit = CanvasEdit(message=f'{label} added')
    if on_edge is not None:
        first = output_names(kind, {})
        edit.disconnected.append(on_edge)
        edit.connected.append(GraphEdge(on_edge.source, on_edge.output, key))
        if first:
            edit.connected.append(GraphEdge(key, first[0], on_edge.target))
        edit.message = (f'{label} inserted between {node_title(draft, on_edge.source)} and '
                        f'{node_title(draft, on_edge.target)}')
    elif after is not None and after in draft.nodes:
        used = {e.output for e in draft.edges if e.source == after}
        free = [o for o in output_names(draft.nodes[after].kind, draft.nodes[after].config) if o not in used]
        if free:
            edit.connected.append(GraphEdge(after, free[0], key))
            edit.message = f'{label} added after {node_title(draft, after)}'
        at = at or _free_spot(draft, draft.nodes[after].x, draft.nodes[after].y + 150)
    at = at or _free_spot(draft, 0, max((n.y for n in draft.nodes.values()), default=0) + 150)
    edit.added[key] = DraftNode(kind, {}, *at)
    return edit


def _free_spot(draft: Draft, x: int, y: int) -> tuple[int, int]:
    """(x, y), or the first place to its right where no node stands."""
    while any(abs(n.x - x) < 230 and abs(n.y - y) < 100 for n in draft.nodes.values()):
        x += 260
    return x, y


def connect_edit(draft: Draft, source: str, output: str, target: str) -> CanvasEdit:
    edge = GraphEdge(source, output, target)
    _check_connection(draft, edge)
    return CanvasEdit(connected=[edge], message=f'{node_title(draft, source)} now leads to {node_title(draft, target)}')


def reconnect_edit(draft: Draft, source: str, output: str, target: str | None) -> CanvasEdit:
    """Point ``source``'s ``output`` at ``target`` instead (None: at nothing), as the `Connect to…` menu does."""
    old = [e for e in draft.edges if e.source == source and e.output == output]
    edit = CanvasEdit(disconnected=old, message=f'{node_title(draft, source)} now leads nowhere' if old else '')
    if target is not None:
        edit.connected.append(GraphEdge(source, output, target))
        _check_connection(dataclasses.replace(draft, edges=[e for e in draft.edges if e not in old]),
                          edit.connected[0])
        edit.message = f'{node_title(draft, source)} now leads to {node_title(draft, target)}'
    return edit


def remove_edit(draft: Draft, keys: list[str], edges: list[GraphEdge]) -> CanvasEdit:
    """Remove nodes (with their connections) and connections."""
    if any(draft.nodes[key].kind == 'start' for key in keys if key in draft.nodes):
        raise Refused('The Start node cannot be removed')
    removed = {key: copy.deepcopy(draft.nodes[key]) for key in keys if key in draft.nodes}
    gone = [e for e in draft.edges if e in edges or e.source in removed or e.target in removed]
    what = [node_title(draft, key) for key in removed] or ['the connection' if len(gone) == 1 else 'the connections']
    return CanvasEdit(removed=removed, disconnected=gone, message=f'Removed {", ".join(what)}')


def apply_edit(draft: Draft, edit: CanvasEdit) -> None:
    """Make ``edit`` on ``draft``, or refuse it (and leave ``draft`` as it was) with the reason."""
    for edge in edit.disconnected:
        if edge not in draft.edges:
            raise Refused('That connection no longer exists')
    for key in edit.removed:
        if key not in draft.nodes or draft.nodes[key].kind == 'start':
            raise Refused('That node no longer exists' if key not in draft.nodes else 'The Start node cannot be '
                                                                                        'removed')
    for key, node in edit.added.items():
        if key in draft.nodes or node.kind not in CATALOGUE or node.kind == 'start':
            raise Invalid('This node cannot be added')
    after = Draft(draft.name, {k: n for k, n in draft.nodes.items() if k not in edit.removed} | edit.added,
                  [e for e in draft.edges if e not in edit.disconnected
                   and e.source not in edit.removed and e.target not in edit.removed], draft.contents, draft.forms)
    for edge in edit.connected:
        _check_connection(after, edge)
        after.edges.append(edge)
    for key, (x, y) in edit.moved.items():
        if key not in after.nodes:
            raise Refused('That node no longer exists')
        if max(abs(x), abs(y)) > MAX_COORDINATE:
            raise Invalid('That place is too far away')
        after.nodes[key] = DraftNode(after.nodes[key].kind, after.nodes[key].config, x, y)
    draft.nodes, draft.edges = after.nodes, after.edges


def _check_connection(draft: Draft, edge: GraphEdge) -> None:
    """Refusals for one new connection, each with its reason."""
    if edge.source not in draft.nodes or edge.target not in draft.nodes:
        raise Refused('That node no longer exists')
    source, target = draft.nodes[edge.source], draft.nodes[edge.target]
    if edge.output not in output_names(source.kind, source.config):
        raise Invalid(f'This node has no output "{edge.output}"')
    if edge.source == edge.target:
        raise Refused('A node cannot lead to itself')
    if target.kind == 'start':
        raise Refused('Nothing can lead into Start: the workflow begins there')
    taken = next((e.target for e in draft.edges if e.source == edge.source and e.output == edge.output), None)
    if taken is not None:
        raise Refused(f'{_output_label(edge.output)} of {node_title(draft, edge.source)} already leads to '
                      f'{node_title(draft, taken)}: remove that connection first')
    if CATALOGUE[target.kind].is_trigger and source.kind != 'start':
        raise Refused(f'{CATALOGUE[target.kind].label} is a trigger: only Start can lead to it, never a step in '
                      'the middle')


def _output_label(output: str) -> str:
    return {'next': 'The output', 'yes': 'The "yes" output', 'no': 'The "no" output'}.get(output,
                                                                                         f'Branch {output}')


def save_canvas_edit(actor: Actor, workflow_id: int, expected_version: int, edit: CanvasEdit) -> int:
    """Store one canvas change if the workflow is still the version the page shows; returns the new version.

    Moving nodes is allowed while the workflow can be edited; adding, removing and connecting only in drafts.
    """
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # two changes from one version: the second finds it stale (PostgreSQL too)
        workflow = get_workflow(actor, workflow_id)
        if workflow.state not in EDITABLE_STATES:
            raise Refused(f'"{label(workflow)}" is {STATE_LABELS[workflow.state]}: it can no longer be edited')
        if edit.structural and workflow.state != DRAFT:
            raise Refused(f'"{label(workflow)}" is {STATE_LABELS[workflow.state]}: its nodes and connections '
                          'can no longer change (they can still be moved)')
        if workflow.version != expected_version:
            raise StaleVersion(f'"{label(workflow)}" was changed by someone else since you opened it: reload to '
                               'see their changes (yours are not saved)')
        edit = dataclasses.replace(edit, added={key: DraftNode(n.kind, _saved_references(n.config), n.x, n.y)
                                                for key, n in edit.added.items()})
        stored = _stored_structure(workflow)
        apply_edit(stored, edit)
        _check_nodes(actor, workflow, stored, edit.added)  # a node brought back by undo keeps its settings
        write_edit(workflow, list(edit.removed), edit.disconnected,
                   [NodeSpec(key, n.kind, n.config, {}, n.x, n.y) for key, n in edit.added.items()],
                   edit.connected, edit.moved)
        changes: dict = {'version': Workflow.version + 1}
        if edit.structural:
            changes |= {'updated_at': clock.now(actor.account_id), 'run_problem': None}
        Workflow.update(**changes).where(Workflow.id == workflow.id).execute()
        if edit.structural:  # a move is no version: where a node sits changes nothing it does
            refresh_derived(workflow, stored.graph())
            record_by(actor, 'edited', [workflow], '', links([record_version(workflow.id, actor.person_id)]))
    events.announce(events.ChangeKind.UPDATED, actor.account_id, [workflow.id])
    return expected_version + 1


def choose_reference(config: dict, setting_type: str) -> None:
    """A segment or custom field picked for a node replaces what an import could not match (and its incident)."""
    for leftover in IMPORT_LEFTOVERS.get(setting_type, ()):
        config.pop(leftover, None)


def _stored_structure(workflow: Workflow) -> Draft:
    """The stored nodes and connections, and which contents exist, read as plain rows (a canvas change is
    checked against them and must be stored within 100 ms on a 200-node workflow)."""
    rows = cast(Iterable[tuple[int, str, str, dict, int, int]], Node
                .select(Node.id, Node.key, Node.kind, Node.config, Node.x, Node.y)
                .where(Node.workflow == workflow.id)
                .order_by(Node.id)
                .tuples())
    keys, nodes = {}, {}
    for node_id, key, kind, config, x, y in rows:
        keys[node_id] = key
        nodes[key] = DraftNode(kind, config, x, y)
    links = cast(Iterable[tuple[int, str, int]], Connection
                 .select(Connection.source, Connection.output, Connection.target)
                 .where(Connection.workflow == workflow.id)
                 .order_by(Connection.id)
                 .tuples())
    contents = cast(Iterable[tuple[int]], Content.select(Content.id).where(Content.workflow == workflow.id).tuples())
    edges = [GraphEdge(keys[source], output, keys[target]) for source, output, target in links]
    return Draft(workflow.name, nodes, edges, {content_id: DraftContent('', '') for (content_id,) in contents}, {},
                 workflow.description)


def _saved_references(config: dict) -> dict:
    """A node's settings without a content that only exists in the page's working copy (`Save` stores both)."""
    return {name: value for name, value in config.items()
            if not (name == 'content' and isinstance(value, int) and value < 0)}


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
    if name != workflow.name:
        record_by(actor, 'renamed', [Workflow.get_by_id(workflow.id)], f'was "{workflow.name}"')
    record_by(actor, action, [workflow], detail, links([version]))


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
    _check_nodes(actor, workflow, draft, draft.nodes)
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


def _check_nodes(actor: Actor, workflow: Workflow, draft: Draft, nodes: dict[str, DraftNode]) -> None:
    """Kinds and settings of ``nodes``: known, in range, and referring only to what this account has."""
    if not nodes:
        return
    allowed = {
        'segment': {s.id for s in Segment.select(Segment.id).where(Segment.account == actor.account_id)},
        'custom_field': {f.id for f in (CustomField
                                        .select(CustomField.id)
                                        .where(CustomField.account == actor.account_id))},
        'form': {f.id for f in Form.select(Form.id).where(Form.account == actor.account_id)},
        'content': set(draft.contents),
    }
    for key, node in nodes.items():
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
