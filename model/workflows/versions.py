"""Version history: every saved change of a workflow's content kept as a whole, compared and pruned.

A version holds the content as that change left it — name, description, type, nodes with their settings and
positions, connections, contents, forms, and the names of the segments and custom fields the settings refer to —
as zlib-compressed JSON, so reading one never needs another (docs/decisions.md, "Version history").
Services that change content call :func:`record_version` inside their own transaction; restoring is in
``model/workflows/version_restore.py``. Keeping: every version of the last 90 days, then the last one of each
day, at most 500 per workflow (:func:`prune_versions`, run with the sweep).
"""

import bz2
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from peewee import JOIN, ModelSelect, chunked, fn

from model.access.gate import Action, Actor, require
from model.common.clock import clock
from model.common.errors import NotFound, Refused
from model.storage.db import ID_CHUNK, db
from model.storage.schema import (
    Connection,
    Content,
    CustomField,
    Form,
    Node,
    Person,
    Segment,
    Workflow,
    WorkflowVersion,
    kept,
)
from model.workflows.catalogue import CATALOGUE
from model.workflows.version_changes import Difference, difference

FORMAT = 1  # of the stored content; an upgrade step would convert older ones
KEEP_ALL_DAYS = 90
MAX_PER_WORKFLOW = 500
NOT_KEPT = 'This version does not exist (it may no longer be kept)'


@dataclass(frozen=True)
class VersionInfo:
    id: int
    number: int
    at: datetime
    person: str  # '' for the application itself
    state: str
    summary: str


@dataclass(frozen=True)
class Drawing:
    """A version's graph to draw read-only: its nodes as stored (key, kind, config, x, y), its connections, the
    names its settings refer to (as the version kept them), and a compare's mark per node key."""

    nodes: list[dict]
    edges: list[tuple[str, str, str]]
    names: dict[str, dict[int, str]]
    contents: list[dict]  # the email, SMS and web contents its nodes send (id, channel, name, subject, body)
    marks: dict[str, str]


@dataclass(frozen=True)
class VersionView:
    info: VersionInfo
    content: dict
    latest: bool
    same_structure_as_now: bool  # what a started workflow may take back: its settings only

    @property
    def drawing(self) -> Drawing:
        return Drawing(self.content['nodes'], [tuple(edge) for edge in self.content['connections']],  # type: ignore[misc]
                       names_in(self.content), self.content.get('contents', []), {})


@dataclass(frozen=True)
class Comparison:
    older: VersionInfo
    newer: VersionInfo
    difference: Difference
    drawing: Drawing  # the newer version with the older one's removed nodes and connections added back


def pack(content: dict) -> bytes:
    """JSON, bz2-compressed: a third smaller than zlib for the node keys and positions (docs/benchmarks.md)."""
    return bz2.compress(json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(',', ':')).encode())


def unpack(data: bytes | memoryview) -> dict:
    raw = bytes(data)
    return json.loads(bz2.decompress(raw) if raw.startswith(b'BZh') else zlib.decompress(raw))  # zlib: before bz2


def snapshot(workflow_id: int) -> dict:
    """The workflow's content as stored now, in the form versions keep."""
    return _content_and_state(workflow_id)[0]


def _content_and_state(workflow_id: int) -> tuple[dict, str]:
    """Rows are read as tuples: a save of a 200-node workflow reads them all once more (docs/benchmarks.md)."""
    ((name, description, workflow_type, state),) = _tuples(Workflow
                                                           .select(Workflow.name, Workflow.description,
                                                                   Workflow.workflow_type, Workflow.state)
                                                           .where(Workflow.id == workflow_id))
    rows = _tuples(Node
                   .select(Node.id, Node.key, Node.kind, Node.config, Node.x, Node.y)
                   .where(Node.workflow == workflow_id)
                   .order_by(Node.id))
    keys = {row[0]: row[1] for row in rows}
    nodes = [{'key': key, 'kind': kind, 'config': config, 'x': x, 'y': y} for _, key, kind, config, x, y in rows]
    references: dict[str, set[int]] = {'segment': set(), 'custom_field': set(), 'form': set()}
    for node in nodes:
        for setting in CATALOGUE[node['kind']].settings:
            if setting.type in references and isinstance(node['config'].get(setting.name), int):
                references[setting.type].add(node['config'][setting.name])
    connections = _tuples(Connection
                          .select(Connection.source, Connection.output, Connection.target)
                          .where(Connection.workflow == workflow_id))
    contents = _tuples(Content
                       .select(Content.id, Content.channel, Content.name, Content.subject, Content.body)
                       .where(Content.workflow == workflow_id)
                       .order_by(Content.id))
    forms = _tuples(Form  # the account's forms its nodes listen to
                    .select(Form.id, Form.name, Form.fields)
                    .where(Form.id.in_(sorted(references['form'])))
                    .order_by(Form.id)) if references['form'] else []
    return {
        'format': FORMAT,
        'name': name,
        'description': description,
        'type': workflow_type,
        'nodes': nodes,
        'connections': sorted([keys[source], output, keys[target]] for source, output, target in connections),
        'contents': [{'id': i, 'channel': channel, 'name': title, 'subject': subject, 'body': body}
                     for i, channel, title, subject, body in contents],
        'forms': [{'id': i, 'name': title, 'fields': fields} for i, title, fields in forms],
        'segments': _names(Segment, references['segment']),
        'custom_fields': _names(CustomField, references['custom_field']),
    }, state


def record_version(workflow_id: int, person_id: int | None, note: str = '',
                   at: datetime | None = None) -> WorkflowVersion | None:
    """Store the workflow's content as its next version, inside the caller's transaction.

    The summary is ``note`` ("Started", "Restored version 3") followed by what changed since the previous
    version. Nothing is stored when the content did not change and there is no note.
    """
    content, state = _content_and_state(workflow_id)
    previous = (WorkflowVersion
                .select()
                .where(WorkflowVersion.workflow == workflow_id)
                .order_by(WorkflowVersion.number.desc())
                .first())
    if previous is None:
        return record_first_version(workflow_id, person_id, note, content, state, at)
    older = unpack(previous.content)
    if older == content and not note:
        return None
    changes = difference(older, content).summary()
    summary = f'{note}: {changes}' if note and changes else (note or changes)
    return WorkflowVersion.create(workflow=workflow_id, number=previous.number + 1, person=person_id,
                                  at=at or clock.now(), state=state, summary=summary[:255], content=pack(content))


def record_first_version(workflow_id: int, person_id: int | None, note: str, content: dict, state: str,
                         at: datetime | None = None) -> WorkflowVersion:
    """Version 1 of a workflow that has none yet, whose ``content`` (as :func:`snapshot` gives it) the caller
    has just written: a duplicate records its copy without reading it back."""
    return WorkflowVersion.create(workflow=workflow_id, number=1, person=person_id, at=at or clock.now(),
                                  state=state, summary=(note or 'First version')[:255], content=pack(content))


def links(versions: list[WorkflowVersion | None]) -> dict[int, int]:
    """Workflow id → the version recorded for it, for the activity entries of the same change."""
    return {version.workflow_id: version.id for version in versions if version is not None}


def latest_number(workflow_id: int) -> int | None:
    return (WorkflowVersion
            .select(fn.MAX(WorkflowVersion.number))
            .where(WorkflowVersion.workflow == workflow_id)
            .scalar())


def list_versions(actor: Actor, workflow_id: int) -> list[VersionInfo]:
    """The workflow's versions, newest first, without their content (any member may look)."""
    require(actor, Action.READ)
    _owned_workflow(actor, workflow_id)
    return [_info(row) for row in _described().where(WorkflowVersion.workflow == workflow_id)
            .order_by(WorkflowVersion.number.desc())]


def read_version(actor: Actor, workflow_id: int, version_id: int) -> VersionView:
    """One version with its content, and whether its structure is the workflow's structure now."""
    require(actor, Action.READ)
    (row,) = versions_of(actor, workflow_id, [version_id])
    content = unpack(row.content)
    now = snapshot(workflow_id)
    return VersionView(_info(row), content, row.number == latest_number(workflow_id),
                       difference(content, now).same_structure)


def compare_versions(actor: Actor, workflow_id: int, first_id: int, second_id: int) -> Comparison:
    """Two versions of one workflow, the older first; versions of another workflow are refused."""
    require(actor, Action.READ)
    rows = sorted(versions_of(actor, workflow_id, [first_id, second_id]), key=lambda row: row.number)
    older, newer = rows[0], rows[-1]
    old_content, new_content = unpack(older.content), unpack(newer.content)
    changes = difference(old_content, new_content)
    nodes = new_content['nodes'] + [n for n in old_content['nodes']
                                    if n['key'] in changes.removed and n['key'] not in changes.added]
    edges = {tuple(e) for e in new_content['connections']} | {tuple(e) for e in old_content['connections']
                                                             if e[0] in changes.removed or e[2] in changes.removed}
    newer_names = names_in(new_content)
    names = {kind: {**older, **newer_names[kind]} for kind, older in names_in(old_content).items()}
    contents = list({c['id']: c for c in old_content.get('contents', []) + new_content.get('contents', [])}.values())
    return Comparison(_info(older), _info(newer), changes,
                      Drawing(nodes, sorted(edges), names, contents, changes.marks()))  # type: ignore[arg-type]


def names_in(content: dict) -> dict[str, dict[int, str]]:
    """The segment, custom field and form names a version's settings refer to, as it kept them."""
    return {'segment': {int(i): name for i, name in content.get('segments', {}).items()},
            'custom_field': {int(i): name for i, name in content.get('custom_fields', {}).items()},
            'form': {form['id']: form['name'] for form in content.get('forms', [])}}


def prune_versions(now: datetime | None = None) -> int:
    """Keep every version of the last 90 days, then the last of each day, at most 500 per workflow; returns how
    many were removed. Idempotent, so concurrent sweeps remove each version once."""
    moment = now or clock.now()
    cutoff = moment - timedelta(days=KEEP_ALL_DAYS)
    with db.atomic():
        old = cast(Iterable[tuple[int, int, datetime]],
                   WorkflowVersion
                   .select(WorkflowVersion.id, WorkflowVersion.workflow, WorkflowVersion.at)
                   .where(WorkflowVersion.at < cutoff)
                   .order_by(WorkflowVersion.workflow, WorkflowVersion.at.desc(), WorkflowVersion.id.desc())
                   .tuples())
        removed: list[int] = []
        seen: set[tuple[int, date]] = set()
        for version_id, workflow_id, at in old:  # the newest of each day comes first and stays
            if (workflow_id, at.date()) in seen:
                removed.append(version_id)
            seen.add((workflow_id, at.date()))
        crowded = cast(Iterable[tuple[int]],
                       WorkflowVersion
                       .select(WorkflowVersion.workflow)
                       .group_by(WorkflowVersion.workflow)
                       .having(fn.COUNT(WorkflowVersion.id) > MAX_PER_WORKFLOW)
                       .tuples())
        for (workflow_id,) in crowded:
            beyond = (WorkflowVersion
                      .select(WorkflowVersion.id)
                      .where(WorkflowVersion.workflow == workflow_id)
                      .order_by(WorkflowVersion.number.desc())
                      .offset(MAX_PER_WORKFLOW)
                      .tuples())
            removed += [row[0] for row in cast(Iterable[tuple[int]], beyond)]
        unique = sorted(set(removed))
        for ids in chunked(unique, ID_CHUNK):
            WorkflowVersion.delete().where(WorkflowVersion.id.in_(ids)).execute()
    return len(unique)


def _names(model: type[Segment] | type[CustomField], ids: set[int]) -> dict[str, str]:
    if not ids:
        return {}
    return {str(i): name for i, name in _tuples(model.select(model.id, model.name).where(model.id.in_(sorted(ids))))}


def _tuples(query: "ModelSelect[Any]") -> list[tuple[Any, ...]]:
    return cast(list[tuple[Any, ...]], list(query.tuples()))


def _owned_workflow(actor: Actor, workflow_id: int) -> None:
    if not Workflow.select().where((Workflow.id == workflow_id) & (Workflow.account == actor.account_id)
                                   & kept()).exists():
        raise NotFound('This workflow does not exist (it may have been deleted)')


def versions_of(actor: Actor, workflow_id: int, version_ids: list[int]) -> list[WorkflowVersion]:
    """The versions with these ids in the actor's account; all of them must be of ``workflow_id``."""
    require(actor, Action.READ)
    _owned_workflow(actor, workflow_id)
    wanted = set(version_ids)
    rows: list[WorkflowVersion] = list(_described()
                .select_extend(WorkflowVersion.content)
                .join_from(WorkflowVersion, Workflow)
                .where(WorkflowVersion.id.in_(sorted(wanted)) & (Workflow.account == actor.account_id)))
    if len(rows) != len(wanted):
        raise NotFound(NOT_KEPT)
    if any(row.workflow_id != workflow_id for row in rows):
        raise Refused('Only versions of this workflow can be shown or compared here')
    return rows


def _described() -> 'ModelSelect[WorkflowVersion]':
    """Versions with who made them, without their content."""
    return (WorkflowVersion
            .select(WorkflowVersion.id, WorkflowVersion.workflow, WorkflowVersion.number, WorkflowVersion.at,
                    WorkflowVersion.state, WorkflowVersion.summary, Person.display_name.alias('person_name'))
            .join(Person, JOIN.LEFT_OUTER, on=(WorkflowVersion.person == Person.id))
            .objects())


def _info(row: WorkflowVersion) -> VersionInfo:
    person = getattr(row, 'person_name', None)  # selected by _described()
    return VersionInfo(row.id, row.number, row.at, person or '', row.state, row.summary)
