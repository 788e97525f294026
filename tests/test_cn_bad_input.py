"""Every kind of broken `.cn` file gets one clear message naming what and where, and creates nothing."""

import json
from collections.abc import Callable

import pytest

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.errors import Invalid, NotFound
from model.storage.schema import Content, Folder, Form, Node, Workflow
from model.workflows.exchange import export_workflows, import_workflows

VALID = {
    'format': 'cn-workflows', 'version': 1, 'exported_at': '2026-11-24T12:00:00Z',
    'workflows': [{
        'name': 'Welcome', 'description': '',
        'nodes': [{'key': 'start', 'kind': 'start', 'config': {'selection': 'with email', 'data_source': 'new'}},
                  {'key': 'email', 'kind': 'send_email', 'config': {'content': 'c1'}}],
        'connections': [{'source': 'start', 'output': 'next', 'target': 'email'}],
        'contents': [{'key': 'c1', 'channel': 'email', 'name': 'Hello', 'subject': 'Hi', 'body': 'Welcome!'}],
        'forms': [], 'segments': [], 'custom_fields': [],
    }],
}


def changed(change: Callable[[dict], None]) -> bytes:
    document = json.loads(json.dumps(VALID))
    change(document)
    return json.dumps(document).encode()


def nested(depth: int) -> bytes:
    return b'{"format": "cn-workflows", "x": ' + b'[' * depth + b']' * depth + b'}'


def set_path(path: str, value: object) -> Callable[[dict], None]:
    def change(document: dict) -> None:
        *parents, last = path.split('.')
        target = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return change


CASES = [
    ('not json', b'this is not json', 'not valid JSON: Expecting value (line 1, column 1)'),
    ('not utf-8', b'{"format": "cn-workflows", "name": "caf\xe9"}', 'not UTF-8 text (invalid byte at position 39)'),
    ('binary', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'binary file'),
    ('empty', b'', 'The file is empty'),
    ('blank', b'   \n ', 'The file is empty'),
    ('top level array', b'[1, 2]', 'top level must be a JSON object'),
    ('wrong format', changed(set_path('format', 'n8n')), '"format" must be "cn-workflows" (found "n8n")'),
    ('newer version', changed(set_path('version', 7)), 'version 7, newer than this application reads'),
    ('unknown version', changed(set_path('version', 'one')), 'Unknown .cn version "one"'),
    ('schema: missing name', changed(lambda d: d['workflows'][0].pop('name')), 'Field required at workflows[0].name'),
    ('schema: wrong type', changed(set_path('workflows.0.nodes.1.x', 'left')),
     'Input should be a valid integer at workflows[0].nodes[1].x'),
    ('schema: extra field', changed(set_path('workflows.0.colour', 'red')),
     'Extra inputs are not permitted at workflows[0].colour'),
    ('schema: name too long', changed(set_path('workflows.0.name', 'x' * 121)),
     'at most 120 characters at workflows[0].name'),
    ('unknown node kind', changed(set_path('workflows.0.nodes.1.kind', 'send_fax')),
     'Unknown node kind "send_fax" at workflows[0].nodes[1].kind'),
    ('dangling connection', changed(set_path('workflows.0.connections.0.target', 'ghost')),
     'Connection to a missing node "ghost" at workflows[0].connections[0].target'),
    ('duplicate node key', changed(set_path('workflows.0.nodes.1.key', 'start')),
     'Duplicate key "start" at workflows[0].nodes[1].key'),
    ('missing content', changed(set_path('workflows.0.nodes.1.config.content', 'c9')),
     'Reference to a missing content "c9" at workflows[0].nodes[1].config.content'),
    ('no start', changed(set_path('workflows.0.nodes.0', {'key': 'start', 'kind': 'wait', 'config': {}})),
     'exactly one Start node at workflows[0].nodes'),
    ('unknown setting', changed(set_path('workflows.0.nodes.1.config.colour', 'red')),
     'Unknown setting "colour" for Send email at workflows[0].nodes[1].config.colour'),
    ('bad output', changed(set_path('workflows.0.connections.0.output', 'yes')),
     'Start has no output "yes" at workflows[0].connections[0].output'),
    ('over 5 MB', b'{"format": "cn-workflows", "pad": "' + b'x' * (5 * 1024 * 1024) + b'"}', 'limited to 5 MB'),
    ('absurd size', changed(lambda d: d['workflows'][0].__setitem__(
        'nodes', [{'key': f'n{i}', 'kind': 'wait', 'config': {}} for i in range(100_000)])),
     'at most 500 items'),
    ('deeply nested', nested(5000), 'nested 5001 levels deep'),
    ('huge position', changed(set_path('workflows.0.nodes.1.x', 10 ** 30)),
     'less than or equal to 1000000 at workflows[0].nodes[1].x'),
    ('thousands of digits', b'{"format": "cn-workflows", "version": ' + b'9' * 5000 + b'}', 'cannot read'),
    ('bad export time', changed(set_path('exported_at', 'yesterday')), 'at exported_at'),
]


@pytest.mark.parametrize(('data', 'message'), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_is_refused_with_one_clear_message_and_nothing_created(actor: Actor, data: bytes,
                                                                         message: str) -> None:
    with pytest.raises(Invalid) as refusal:
        import_workflows(actor, data)
    assert message in refusal.value.message
    assert [model.select().count() for model in (Workflow, Node, Content, Form)] == [0, 0, 0, 0]


def test_the_valid_reference_file_imports(actor: Actor) -> None:
    (workflow,) = import_workflows(actor, json.dumps(VALID).encode()).workflows
    assert (workflow.name, workflow.error_count, workflow.state) == ('Welcome', 0, 'draft')
    assert Content.get(Content.workflow == workflow.id).body == 'Welcome!'


def test_a_later_broken_workflow_stops_the_whole_file(actor: Actor) -> None:
    def second_broken(document: dict) -> None:
        broken = json.loads(json.dumps(document['workflows'][0]))
        broken['nodes'][1]['kind'] = 'teleport'
        document['workflows'].append(broken)

    with pytest.raises(Invalid, match=r'workflows\[1\]\.nodes\[1\]\.kind'):
        import_workflows(actor, changed(second_broken))
    assert Workflow.select().count() == 0


def test_another_accounts_folder_is_not_found_and_nothing_is_created(actor: Actor) -> None:
    other = create_account_with_admin('Other', 'o@example.com', 'O')
    theirs = Folder.create(account=other.account_id, name='Theirs')
    with pytest.raises(NotFound):
        import_workflows(actor, json.dumps(VALID).encode(), theirs.id)
    assert Workflow.select().count() == 0


def test_node_positions_survive_the_round_trip(actor: Actor) -> None:
    document = json.loads(json.dumps(VALID))
    document['workflows'][0]['nodes'][1].update(x=-40, y=0)
    (workflow,) = import_workflows(actor, json.dumps(document).encode()).workflows
    exported = json.loads(export_workflows(actor, [workflow.id]).data or b'{}')
    assert [(n['x'], n['y']) for n in exported['workflows'][0]['nodes']] == [(0, 0), (-40, 0)]
