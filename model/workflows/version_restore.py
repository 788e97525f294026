"""Restoring a version (docs/decisions.md, "Version history").

- A draft takes the whole version back (`Restore this version`), saved like an editor save.
- A started workflow keeps its structure (docs/decisions.md, "Editor"): when the version has the same nodes,
  connections and contents, only the settings editable after start come back; otherwise it is refused and
  `Restore as a new draft` is the way.
- A finalized workflow only offers `Restore as a new draft`: a copy named like a duplicate, with ``[n]``.

Either way the restore is recorded as a new version and the incidents are recomputed. References that no longer
exist in the account come back like an import's leftovers: the node names the missing segment or custom field.
"""

import copy

from model.access.activity import record_by
from model.access.gate import Action, Actor, require
from model.common import events
from model.common.errors import Refused
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import Form, Workflow
from model.workflows.catalogue import CATALOGUE
from model.workflows.editing import (
    Draft,
    DraftContent,
    DraftNode,
    editable_settings,
    load_draft,
    pickers,
    replace_graph,
    store_draft,
)
from model.workflows.graph import refresh_derived
from model.workflows.incidents import GraphEdge
from model.workflows.lifecycle import get_workflow, label, new_copy
from model.workflows.states import DRAFT, EDITABLE_STATES, STATE_LABELS
from model.workflows.versions import links, record_version, unpack, versions_of


def restore_version(actor: Actor, workflow_id: int, version_id: int, expected_version: int) -> Workflow:
    """Make the version the workflow's content again (a draft), or its settings (a started workflow)."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # two restores of one version: the second finds it stale (PostgreSQL too)
        workflow = get_workflow(actor, workflow_id)
        (row,) = versions_of(actor, workflow_id, [version_id])
        if workflow.state not in EDITABLE_STATES:
            raise Refused(f'"{label(workflow)}" is {STATE_LABELS[workflow.state]}: restore version {row.number} '
                          'as a new draft instead')
        content = unpack(row.content)
        _, current = load_draft(actor, workflow_id)
        if workflow.state == DRAFT:
            draft = as_draft(content, pickers(actor), set(current.contents), current.forms)
            note = f'Restored version {row.number}'
        else:
            draft = _settings_of(content, current, workflow, row.number)
            note = f'Restored the settings of version {row.number}'
        store_draft(actor, workflow_id, expected_version, draft, note, 'version restored', f'version {row.number}')
    events.announce(events.ChangeKind.UPDATED, actor.account_id, [workflow_id])
    return Workflow.get_by_id(workflow_id)


def restore_as_new_draft(actor: Actor, workflow_id: int, version_id: int) -> Workflow:
    """A new draft with the version's content, beside the workflow and named like its duplicate."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # the copy's number [n] is read, then written
        source = get_workflow(actor, workflow_id)
        (row,) = versions_of(actor, workflow_id, [version_id])
        content = unpack(row.content)
        created = new_copy(source, content['name'], content['description'])
        forms = {f.id: f.name for f in Form.select().where(Form.account == actor.account_id)}  # the account's
        draft = as_draft(content, pickers(actor), set(), forms)
        replace_graph(created, draft)
        refresh_derived(created)
        version = record_version(created.id, actor.person_id, f'Copy of version {row.number} of "{label(source)}"')
        record_by(actor, 'duplicated', [created], f'copy of version {row.number} of "{source.name}"',
                  links([version]))
    events.announce(events.ChangeKind.CREATED, actor.account_id, [created.id])
    return Workflow.get_by_id(created.id)


def as_draft(content: dict, references: dict[str, dict[int, str]], kept_contents: set[int],
             forms: dict[int, str]) -> Draft:
    """A stored version as a working copy: contents in ``kept_contents`` keep their ids, the others are new;
    a form no longer among the account's ``forms`` is left empty; segments and custom fields not in ``references``
    become leftovers."""
    contents: dict[int, DraftContent] = {}
    content_ids: dict[int, int] = {}
    for item in content['contents']:
        new_id = item['id'] if item['id'] in kept_contents else -1 - len(content_ids)
        content_ids[item['id']] = new_id
        contents[new_id] = DraftContent(item['channel'], item['name'], item['subject'], item['body'])
    nodes = {}
    for node in content['nodes']:
        config = copy.deepcopy(node['config'])
        for setting in CATALOGUE[node['kind']].settings:
            value = config.get(setting.name)
            if value is None:
                continue
            if setting.type == 'content':
                value = content_ids.get(value)
            elif setting.type == 'form':
                value = value if value in forms else None
            elif setting.type in references and value not in references[setting.type]:
                _leave_name(config, setting.type, content, value)
                value = None
            if value is None:
                del config[setting.name]
            else:
                config[setting.name] = value
        nodes[node['key']] = DraftNode(node['kind'], config, node['x'], node['y'])
    return Draft(content['name'], nodes, [GraphEdge(*edge) for edge in content['connections']], contents, forms,
                 content['description'])


def _leave_name(config: dict, setting_type: str, content: dict, missing_id: int) -> None:
    """Say which segment or custom field the node had, as an import does when it cannot match one."""
    name = content['segments' if setting_type == 'segment' else 'custom_fields'].get(str(missing_id))
    if name is None:
        return
    if setting_type == 'segment':
        config['unmatched_segment'] = name
    else:
        config['removed_fields'] = [*config.get('removed_fields', []), name]


def _settings_of(content: dict, current: Draft, workflow: Workflow, number: int) -> Draft:
    """The started workflow's working copy with the version's settings that may change after start."""
    restored = Draft(current.name, {key: DraftNode(n.kind, dict(n.config), n.x, n.y) for key, n in
                                    current.nodes.items()}, list(current.edges),
                     {i: DraftContent(c.channel, c.name, c.subject, c.body) for i, c in current.contents.items()},
                     current.forms, current.description)
    kinds = {node['key']: node['kind'] for node in content['nodes']}
    channels = {item['id']: item['channel'] for item in content['contents']}
    if (kinds != {key: node.kind for key, node in current.nodes.items()}
            or {GraphEdge(*edge) for edge in content['connections']} != set(current.edges)
            or channels != {i: c.channel for i, c in current.contents.items()}):
        raise Refused(f'Version {number} has other nodes, connections or contents than "{label(workflow)}" now, '
                      'and a started workflow keeps its structure: restore it as a new draft instead')
    for node in content['nodes']:
        config = restored.nodes[node['key']].config
        for name in editable_settings(workflow.state, node['kind']):
            if node['config'].get(name) is None:
                config.pop(name, None)
            else:
                config[name] = node['config'][name]
    for item in content['contents']:
        restored.contents[item['id']].subject = item['subject']
        restored.contents[item['id']].body = item['body']
    return restored
