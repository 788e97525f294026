"""Export and import of `.cn` files (docs/product.md §6): whole workflows with their contents, and the segments, custom
fields and forms they reference, matched again in the destination account on import."""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from model.access.activity import record_by
from model.access.gate import Action, Actor, require
from model.common import events
from model.common.clock import clock
from model.common.errors import Invalid
from model.common.text import fold
from model.storage.db import db
from model.storage.schema import Connection, Content, CustomField, Form, Node, Segment, Workflow, kept
from model.workflows.bulk import BulkResult
from model.workflows.catalogue import CATALOGUE, number_problem, output_names
from model.workflows.cn_format import VERSION, CnFile, CnWorkflow, parse
from model.workflows.folders import get_folder
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import label, new_workflow
from model.workflows.versions import links, record_version

LEFT_OUT = ('product_filter', 'integrated_form')  # never exported (docs/product.md §6)
IMPORT_LEFTOVERS = ('unmatched_segment', 'unmatched_form', 'removed_fields')
REFERENCE_TYPES = ('segment', 'custom_field', 'content', 'form')


@dataclass
class ExportResult:
    data: bytes | None
    filename: str
    exported: list[str] = field(default_factory=list)  # names as messages say them: copies with their badge
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


@dataclass
class ImportResult:
    workflows: list[Workflow]


class Exporter:
    """Export batch by batch (a progress dialog can show each step); :meth:`result` makes the one file."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.exported: list[dict] = []
        self.labels: list[str] = []  # the exported workflows as messages name them (copies with their badge)
        self.skipped: list[tuple[str, str]] = []  # (name, reason)

    def batch(self, workflow_ids: list[int]) -> BulkResult:
        """Read these workflows (the actor's, not deleted) and record their export; each batch asks the gate, so a
        member removed or signed out during an export gets no more of it."""
        require(self.actor, Action.READ)
        report = BulkResult()
        with db.atomic():
            workflows = list(Workflow
                             .select()
                             .where((Workflow.account == self.actor.account_id) & kept()
                                    & Workflow.id.in_(workflow_ids))
                             .order_by(Workflow.name, Workflow.id))
            done = []
            for workflow in workflows:
                nodes = list(Node.select().where(Node.workflow == workflow.id).order_by(Node.id))
                if any(node.kind == 'custom_integration' for node in nodes):
                    report.skipped.append((label(workflow), 'contains a custom integration node'))
                else:
                    self.exported.append(_export_one(workflow, nodes))
                    self.labels.append(label(workflow))
                    done.append(workflow)
            if done:
                record_by(self.actor, 'exported', done)
        report.done = [label(w) for w in done]
        self.skipped.extend(report.skipped)
        return report

    def result(self) -> ExportResult:
        """One file for all the workflows that could be exported; the others are named with the reason."""
        require(self.actor, Action.READ)
        if not self.exported:
            return ExportResult(None, '', [], self.skipped)
        in_order = sorted(zip(self.exported, self.labels, strict=True), key=lambda pair: pair[0]['name'])
        exported = [workflow for workflow, _ in in_order]
        now = clock.now(self.actor.account_id)
        document = {'format': 'cn-workflows', 'version': VERSION, 'exported_at': now.isoformat() + 'Z',
                    'workflows': exported}
        data = json.dumps(document, ensure_ascii=False, indent=2).encode()
        return ExportResult(data, _file_name(exported, now), [name for _, name in in_order], self.skipped)


def export_workflows(actor: Actor, workflow_ids: list[int]) -> ExportResult:
    """One file for all the workflows that can be exported; the others are named with the reason."""
    exporter = Exporter(actor)
    exporter.batch(workflow_ids)
    return exporter.result()


def import_workflows(actor: Actor, data: bytes, folder_id: int | None = None, origin: str = 'import') -> ImportResult:
    """Check the whole file, then create every workflow as a draft in one transaction."""
    require(actor, Action.CHANGE)
    if folder_id is not None:
        get_folder(actor, folder_id)  # another account's folder is "not found"
    cn_file = parse(data)
    for index, workflow in enumerate(cn_file.workflows):
        _check_workflow(workflow, f'workflows[{index}]')
    with db.atomic():
        created = [_import_one(actor, workflow, folder_id, origin) for workflow in cn_file.workflows]
        note = 'Created from a template' if origin == 'template' else 'Imported from a .cn file'
        versions = [record_version(workflow.id, actor.person_id, note) for workflow in created]
        record_by(actor, 'created' if origin == 'template' else 'imported', created,
                  'from a template' if origin == 'template' else '', links(versions))
    events.announce(events.ChangeKind.CREATED, actor.account_id, [w.id for w in created])
    return ImportResult(created)


def read_file(data: bytes) -> CnFile:
    """Parse and check a file without writing anything (templates use it to describe themselves)."""
    cn_file = parse(data)
    for index, workflow in enumerate(cn_file.workflows):
        _check_workflow(workflow, f'workflows[{index}]')
    return cn_file


def _export_one(workflow: Workflow, nodes: list[Node]) -> dict:
    contents = list(Content.select().where(Content.workflow == workflow.id).order_by(Content.id))
    forms = list(Form
                 .select()
                 .where((Form.account == workflow.account_id) & Form.id.in_(_referenced(nodes, 'form')))
                 .order_by(Form.name, Form.id))
    content_keys = {c.id: f'c{i}' for i, c in enumerate(contents, 1)}
    form_keys = {f.id: f'f{i}' for i, f in enumerate(forms, 1)}
    segment_ids, field_ids = _referenced(nodes, 'segment'), _referenced(nodes, 'custom_field')
    segments = list(Segment
                    .select()
                    .where((Segment.account == workflow.account_id) & Segment.id.in_(segment_ids))
                    .order_by(Segment.name, Segment.id))
    fields = list(CustomField
                  .select()
                  .where((CustomField.account == workflow.account_id) & CustomField.id.in_(field_ids))
                  .order_by(CustomField.name, CustomField.id))
    keys = {'content': content_keys, 'form': form_keys,
            'segment': {s.id: f's{i}' for i, s in enumerate(segments, 1)},
            'custom_field': {f.id: f'cf{i}' for i, f in enumerate(fields, 1)}}
    node_keys = {n.id: n.key for n in nodes}
    connections = (Connection
                   .select()
                   .where(Connection.workflow == workflow.id))
    return {
        'name': workflow.name,
        'description': workflow.description,
        'nodes': [{'key': n.key, 'kind': n.kind, 'config': _export_config(n, keys), 'x': n.x, 'y': n.y}
                  for n in nodes],
        'connections': sorted(({'source': node_keys[c.source_id], 'output': c.output, 'target': node_keys[c.target_id]}
                               for c in connections), key=lambda c: (c['source'], c['output'])),
        'contents': [{'key': content_keys[c.id], 'channel': c.channel, 'name': c.name, 'subject': c.subject,
                      'body': c.body} for c in contents],
        'forms': [{'key': form_keys[f.id], 'name': f.name, 'fields': f.fields} for f in forms],
        'segments': [{'key': keys['segment'][s.id], 'name': s.name, 'kind': s.kind, 'definition': s.definition}
                     for s in segments],
        'custom_fields': [{'key': keys['custom_field'][f.id], 'name': f.name, 'type': f.field_type,
                           'options': f.options} for f in fields],
    }


def _export_config(node: Node, keys: dict[str, dict[int, str]]) -> dict:
    """Settings with ids replaced by file keys; product filters, integrated forms and import leftovers dropped."""
    config = {}
    for name, value in node.config.items():
        if name in LEFT_OUT or name in IMPORT_LEFTOVERS:
            continue
        setting = CATALOGUE[node.kind].setting(name)
        if setting is not None and setting.type in REFERENCE_TYPES:
            if value not in keys[setting.type]:
                continue  # refers to something that no longer exists
            value = keys[setting.type][value]
        config[name] = value
    return config


def _referenced(nodes: list[Node], setting_type: str) -> set[int]:
    return {node.config[s.name] for node in nodes for s in CATALOGUE[node.kind].settings
            if s.type == setting_type and isinstance(node.config.get(s.name), int)}


def _check_workflow(workflow: CnWorkflow, where: str) -> None:
    """What the schema cannot say: known kinds, one Start, unique keys, connections and references that resolve."""
    keys: dict[str, set[str]] = {}
    for collection in ('nodes', 'contents', 'forms', 'segments', 'custom_fields'):
        seen: set[str] = set()
        for index, item in enumerate(getattr(workflow, collection)):
            if item.key in seen:
                raise Invalid(f'Duplicate key "{item.key}" at {where}.{collection}[{index}].key')
            seen.add(item.key)
        keys[collection] = seen
    kinds = {}
    for index, node in enumerate(workflow.nodes):
        if node.kind not in CATALOGUE:
            raise Invalid(f'Unknown node kind "{node.kind[:40]}" at {where}.nodes[{index}].kind')
        kinds[node.key] = node.kind
        _check_config(node.kind, node.config, keys, f'{where}.nodes[{index}].config')
    if list(kinds.values()).count('start') != 1:
        raise Invalid(f'A workflow needs exactly one Start node at {where}.nodes')
    used = set()
    for index, connection in enumerate(workflow.connections):
        at = f'{where}.connections[{index}]'
        for end in ('source', 'target'):
            if getattr(connection, end) not in kinds:
                raise Invalid(f'Connection to a missing node "{getattr(connection, end)}" at {at}.{end}')
        source_config = next(n.config for n in workflow.nodes if n.key == connection.source)
        if connection.output not in output_names(kinds[connection.source], source_config):
            raise Invalid(f'{CATALOGUE[kinds[connection.source]].label} has no output "{connection.output}" '
                          f'at {at}.output')
        if connection.source == connection.target or (connection.source, connection.output) in used:
            raise Invalid(f'Connection repeated or looping on itself at {at}')
        used.add((connection.source, connection.output))


def _check_config(kind: str, config: dict, keys: dict[str, set[str]], at: str) -> None:
    collection = {'segment': 'segments', 'custom_field': 'custom_fields', 'content': 'contents', 'form': 'forms'}
    for name, value in config.items():
        setting = CATALOGUE[kind].setting(name)
        if setting is None or name in LEFT_OUT:
            raise Invalid(f'Unknown setting "{name}" for {CATALOGUE[kind].label} at {at}.{name}')
        if setting.type in REFERENCE_TYPES and value is not None and (
                not isinstance(value, str) or value not in keys[collection[setting.type]]):
            raise Invalid(f'Reference to a missing {setting.label.lower()} {json.dumps(value)[:40]} at {at}.{name}')
        if setting.type == 'choice' and value is not None and value not in setting.options:
            raise Invalid(f'"{value}" is not a valid {setting.label.lower()} at {at}.{name}')
        if setting.type == 'number' and (problem := number_problem(setting, value)):
            raise Invalid(f'{problem} at {at}.{name}')
        if setting.type in ('text', 'choice') and value is not None and not isinstance(value, str):
            raise Invalid(f'{setting.label} must be text at {at}.{name}')
        if setting.type == 'percentages' and not (isinstance(value, list) and 1 <= len(value) <= 5
                                                 and all(0 <= p <= 100 for p in value)):
            raise Invalid(f'Percentages must be a list of 1 to 5 numbers from 0 to 100 at {at}.{name}')


def _import_one(actor: Actor, cn: CnWorkflow, folder_id: int | None, origin: str) -> Workflow:
    workflow = new_workflow(actor.account_id, cn.name, description=cn.description, folder=folder_id,
                            origin=origin)
    ids: dict[str, dict[str, int | None]] = {
        'content': {c.key: Content.create(workflow=workflow, channel=c.channel, name=c.name, subject=c.subject,
                                          body=c.body).id for c in cn.contents},
        'form': {f.key: _matching_form(actor, f.name) or (Form.create(account=actor.account_id, name=f.name,
                                                                      fields=f.fields).id
                                                          if origin == 'template' else None)
                 for f in cn.forms},  # a template brings the forms it needs; a file only finds them
        'segment': {s.key: _matching_segment(actor, s.name, s.definition) for s in cn.segments},
        'custom_field': {f.key: _matching_field(actor, f.name, f.type, f.options) for f in cn.custom_fields},
    }
    names = {'segment': {s.key: s.name for s in cn.segments}, 'form': {f.key: f.name for f in cn.forms},
             'custom_field': {f.key: f.name for f in cn.custom_fields}}
    links: dict[str, dict[str, str]] = {}
    for connection in cn.connections:
        links.setdefault(connection.source, {})[connection.output] = connection.target
    placed = any({'x', 'y'} & n.model_fields_set for n in cn.nodes) and \
        len({(n.x, n.y) for n in cn.nodes}) > 1  # no places, or all on one spot: the nodes are laid out
    build_nodes(workflow, [NodeSpec(n.key, n.kind, _import_config(n.kind, n.config, ids, names),
                                    links.get(n.key, {}), n.x, n.y if placed else None) for n in cn.nodes])
    refresh_derived(workflow)
    return workflow


def _import_config(kind: str, config: dict, ids: dict, names: dict) -> dict:
    """File keys → this account's ids; an unmatched segment, form or field leaves its name for the incident."""
    result: dict = {}
    for name, value in config.items():
        setting = CATALOGUE[kind].setting(name)
        if setting is None or setting.type not in REFERENCE_TYPES or value is None:
            result[name] = value
        elif ids[setting.type].get(value) is not None:
            result[name] = ids[setting.type][value]
        elif setting.type in ('segment', 'form'):
            result[f'unmatched_{setting.type}'] = names[setting.type][value]
        else:
            result.setdefault('removed_fields', []).append(names['custom_field'][value])
    return result


def _matching_segment(actor: Actor, name: str, definition: dict) -> int | None:
    candidates = Segment.select().where((Segment.account == actor.account_id) & (Segment.name == name))
    return next((s.id for s in candidates if s.definition == definition), None)


def _matching_form(actor: Actor, name: str) -> int | None:
    """The account's form of this name, ignoring case (names are unique that way, model/account_data/forms.py)."""
    return next((f.id for f in Form.select(Form.id, Form.name).where(Form.account == actor.account_id)
                 if f.name.casefold() == name.casefold()), None)


def _matching_field(actor: Actor, name: str, field_type: str, options: list[str]) -> int | None:
    candidates = CustomField.select().where((CustomField.account == actor.account_id) & (CustomField.name == name))
    return next((f.id for f in candidates if f.field_type == field_type and f.options == options), None)


def _file_name(exported: list[dict], now: datetime) -> str:
    if len(exported) == 1:
        slug = re.sub(r'[^a-z0-9]+', '-', fold(exported[0]['name'])).strip('-')[:60]
        return f'{slug or "workflow"}.cn'
    return f'workflows-{len(exported)}-{now:%Y-%m-%d}.cn'
