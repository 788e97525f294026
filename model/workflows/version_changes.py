"""What changed between two versions of a workflow, in words a marketer reads: "Wait 24 h → 2 h; added Send SMS;
removed 1 connection".

Works on the content dictionaries :mod:`model.workflows.versions` stores (nodes, connections, contents, forms and
the names of the segments and custom fields they refer to), so it never reads the database.
"""

import re
from dataclasses import dataclass, field

from model.workflows.catalogue import CATALOGUE, Setting

SUMMARY_MAX = 255
NAMED_IN_SUMMARY = 3  # more added or removed nodes than this are counted, not named
CHANNELS = {'email': 'Email', 'sms': 'SMS', 'web': 'Web content'}
IMPORT_LEFTOVERS = ('unmatched_segment', 'removed_fields')  # shown through the setting they stand for
EXCERPT = 60
TAG = re.compile(r'<[^>]*>')


@dataclass(frozen=True)
class SettingChange:
    """One setting that differs: ``where`` names the node (or the workflow, or a content)."""

    where: str
    setting: str  # '' when the node has only one setting: "Wait 24 h → 2 h"
    old: str
    new: str

    def __str__(self) -> str:
        return f'{self.where}{" " + self.setting.lower() if self.setting else ""} {self.old} → {self.new}'


@dataclass
class Difference:
    added: list[str] = field(default_factory=list)  # node keys only in the newer version
    removed: list[str] = field(default_factory=list)  # node keys only in the older one
    changed: list[str] = field(default_factory=list)  # node keys in both whose settings or content differ
    moved: list[str] = field(default_factory=list)
    connections_added: int = 0
    connections_removed: int = 0
    settings: list[SettingChange] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # node key → how the words name it

    @property
    def same_structure(self) -> bool:
        """Same nodes and connections: what a started workflow keeps."""
        return not (self.added or self.removed or self.connections_added or self.connections_removed)

    def marks(self) -> dict[str, str]:
        """Node key → added | removed | changed, for colouring the drawing."""
        return ({key: 'added' for key in self.added} | {key: 'removed' for key in self.removed}
                | {key: 'changed' for key in self.changed})

    def structure_lines(self) -> list[str]:
        lines = [f'Added {self.names[key]}' for key in self.added]
        lines += [f'Removed {self.names[key]}' for key in self.removed]
        lines += [f'{verb} {count} connection{"s" if count != 1 else ""}' for verb, count in
                  (('Added', self.connections_added), ('Removed', self.connections_removed)) if count]
        if self.moved:
            lines.append(f'Moved {_counted(len(self.moved), "node")} on the drawing')
        return lines

    def summary(self) -> str:
        """One line, at most 255 characters: settings first, then what was added, removed, reconnected, moved."""
        parts = [str(change) for change in self.settings]
        for verb, keys in (('added', self.added), ('removed', self.removed)):
            if keys:
                parts.append(f'{verb} ' + (', '.join(self.names[key] for key in keys)
                                           if len(keys) <= NAMED_IN_SUMMARY else _counted(len(keys), 'node')))
        parts += [f'{verb} {_counted(count, "connection")}' for verb, count in
                  (('added', self.connections_added), ('removed', self.connections_removed)) if count]
        if self.moved:
            parts.append(f'moved {_counted(len(self.moved), "node")}')
        return _capitalized(_within(parts, SUMMARY_MAX))


def difference(older: dict, newer: dict) -> Difference:
    """Everything that differs from ``older`` to ``newer`` (two stored contents)."""
    result = Difference()
    old_nodes, new_nodes = _nodes(older), _nodes(newer)
    result.names = _node_names(old_nodes, new_nodes)
    if older['name'] != newer['name']:
        result.settings.append(SettingChange('Name', '', _quoted(older['name']), _quoted(newer['name'])))
    if older.get('description', '') != newer.get('description', ''):
        result.settings.append(SettingChange('Description', '', _excerpt(older.get('description', '')),
                                             _excerpt(newer.get('description', ''))))
    result.added = [key for key in new_nodes if key not in old_nodes]
    result.removed = [key for key in old_nodes if key not in new_nodes]
    old_contents, new_contents = _contents(older), _contents(newer)
    for key, node in new_nodes.items():
        before = old_nodes.get(key)
        if before is None:
            continue
        if before['kind'] != node['kind']:  # the same key reused for another kind: a removal and an addition
            result.removed.append(key)
            result.added.append(key)
            continue
        changes = _setting_changes(result.names[key], node['kind'], before['config'], node['config'], older, newer)
        content_id = node['config'].get('content')
        if content_id is not None and content_id == before['config'].get('content'):
            changes += _content_changes(old_contents.get(content_id), new_contents.get(content_id))
        if changes:
            result.changed.append(key)
            result.settings += changes
        if (before.get('x'), before.get('y')) != (node.get('x'), node.get('y')):
            result.moved.append(key)
    old_edges, new_edges = _edges(older), _edges(newer)
    result.connections_added = len(new_edges - old_edges)
    result.connections_removed = len(old_edges - new_edges)
    return result


def settings_in_words(content: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each node of one version with its settings as words: [(node name, [(setting, value)])]."""
    nodes = _nodes(content)
    names = _node_names(nodes, {})
    contents = _contents(content)
    described = []
    for key, node in nodes.items():
        kind = CATALOGUE[node['kind']]
        values = [(setting.label, _value(setting, node['config'], content)) for setting in kind.settings
                  if setting.name in node['config'] or _leftover(setting, node['config'])]
        written = contents.get(node['config'].get('content'))
        if written is not None:
            values += [(part.title(), _excerpt(written[part])) for part in ('subject', 'body') if written[part]]
        described.append((names[key], values))
    return described


def _setting_changes(where: str, kind: str, before: dict, after: dict, older: dict,
                     newer: dict) -> list[SettingChange]:
    settings = CATALOGUE[kind].settings
    only_one = len(settings) == 1
    changes = []
    for setting in settings:
        old, new = _value(setting, before, older), _value(setting, after, newer)
        if old != new:
            changes.append(SettingChange(where, '' if only_one else setting.label, old, new))
    return changes


def _content_changes(before: dict | None, after: dict | None) -> list[SettingChange]:
    if before is None or after is None:
        return []
    where = f'{CHANNELS.get(after["channel"], "Content")} "{after["name"]}"'
    return [SettingChange(where, part.title(), _excerpt(before[part]), _excerpt(after[part]))
            for part in ('name', 'subject', 'body') if before[part] != after[part]]


def _value(setting: Setting, config: dict, content: dict) -> str:
    """A setting's value as words: "24 h", "VIP customers", "50 % / 50 %", "not set"."""
    value = config.get(setting.name)
    if value is None:
        leftover = _leftover(setting, config)
        return f'{leftover} (not in this account)' if leftover else 'not set'
    if setting.type == 'number':
        return f'{value:g} h' if setting.name == 'duration_hours' else f'{value:g}'
    if setting.type == 'percentages':
        return ' / '.join(f'{part} %' for part in value)
    if setting.type in ('segment', 'custom_field'):
        names = content.get('segments' if setting.type == 'segment' else 'custom_fields', {})
        return names.get(str(value), f'a deleted {setting.label.lower()}')
    if setting.type in ('content', 'form'):
        items = _contents(content) if setting.type == 'content' else {f['id']: f for f in content.get('forms', [])}
        return _quoted(items[value]['name']) if value in items else f'a deleted {setting.type}'
    if setting.type == 'text':
        return _quoted(str(value))
    return str(value)


def _leftover(setting: Setting, config: dict) -> str:
    """The name an import could not match, which stands for the missing segment or custom field."""
    if setting.type == 'segment' and config.get('unmatched_segment'):
        return str(config['unmatched_segment'])
    if setting.type == 'custom_field' and config.get('removed_fields'):
        return ', '.join(map(str, config['removed_fields']))
    return ''


def _nodes(content: dict) -> dict[str, dict]:
    return {node['key']: node for node in content['nodes']}


def _contents(content: dict) -> dict[int, dict]:
    return {item['id']: item for item in content.get('contents', [])}


def _edges(content: dict) -> set[tuple[str, str, str]]:
    return {tuple(edge) for edge in content['connections']}  # type: ignore[misc]


def _node_names(*node_sets: dict[str, dict]) -> dict[str, str]:
    """The catalogue label, with the node's key when several nodes of the versions share the kind."""
    kinds: dict[str, set[str]] = {}
    for nodes in node_sets:
        for key, node in nodes.items():
            kinds.setdefault(node['kind'], set()).add(key)
    return {key: CATALOGUE[node['kind']].label + (f' ({key})' if len(kinds[node['kind']]) > 1 else '')
            for nodes in node_sets for key, node in nodes.items()}


def _quoted(text: str) -> str:
    return f'"{text}"' if text else 'empty'


def _excerpt(text: str) -> str:
    """Texts (email bodies are HTML) as a short quote without markup."""
    plain = ' '.join(TAG.sub(' ', text or '').split())
    return _quoted(plain if len(plain) <= EXCERPT else plain[:EXCERPT - 1] + '…')


def _counted(count: int, noun: str) -> str:
    return f'{count} {noun}{"s" if count != 1 else ""}'


def _within(parts: list[str], limit: int) -> str:
    """``parts`` joined by "; ", the ones that do not fit replaced by "and n more changes"."""
    for shown in range(len(parts), 0, -1):
        rest = len(parts) - shown
        text = '; '.join(parts[:shown]) + (f'; and {rest} more change{"s" if rest != 1 else ""}' if rest else '')
        if len(text) <= limit:
            return text
    return (parts[0][:limit - 1] + '…') if parts else ''


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
