"""Build a benchmark database of N workflows quickly (insert_many in chunks, no per-workflow services).

Each workflow has 5–10 nodes (Start → trigger → wait → emails…), sits in one of 30 folders three
levels deep, and is in one of the four states; 1% of them are paused with an expired pause.
"""

import random
from datetime import timedelta

from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.common.text import fold, workflow_search_text
from model.storage.db import db
from model.storage.schema import Connection, Content, Folder, Node, Workflow

CHUNK = 2000
BENCH_EMAIL, BENCH_PASSWORD = 'bench@example.com', 'bench-password'
WORDS = ('Cart', 'Welcome', 'Winter', 'Summer', 'VIP', 'Newsletter', 'Review', 'Birthday', 'Flash', 'Loyalty',
         'Outlet', 'Promo', 'Café', 'Crème', 'Launch', 'Recovery', 'Digest', 'Survey', 'Browse', 'Gift')


def build(size: int, seed: int = 7) -> int:
    """Fill the (empty) connected database; returns the account id."""
    rng = random.Random(seed)
    now = clock.now()
    actor = create_account_with_admin('Benchmark', BENCH_EMAIL, 'Bench', BENCH_PASSWORD)
    folders = _folders(actor.account_id)
    with db.atomic():
        rows = [_workflow(rng, actor.account_id, index, rng.choice([*folders, None]), now) for index in range(size)]
        for start in range(0, size, CHUNK):
            Workflow.insert_many(rows[start:start + CHUNK]).execute()
    ids = [w.id for w in Workflow.select(Workflow.id).order_by(Workflow.id)]
    with db.atomic():
        _graphs(rng, ids)
    return actor.account_id


def _folders(account_id: int) -> list[int]:
    ids = []
    for top in range(5):
        parent = Folder.create(account=account_id, name=f'Region {top}')
        ids.append(parent.id)
        for middle in range(2):
            child = Folder.create(account=account_id, name=f'Team {middle}', parent=parent)
            ids.append(child.id)
            ids.extend(Folder.create(account=account_id, name=f'Year {year}', parent=child).id for year in range(2))
    return ids


def _workflow(rng: random.Random, account_id: int, index: int, folder: int | None, now) -> dict:
    name = f'{rng.choice(WORDS)} {rng.choice(WORDS).lower()} campaign {index}'
    state = rng.choices(('draft', 'active', 'paused', 'finalized'), weights=(40, 30, 10, 20))[0]
    updated = now - timedelta(minutes=rng.randint(0, 200_000))
    row = {'account': account_id, 'folder': folder, 'name': name, 'description': '', 'state': state,
           'search_text': workflow_search_text(name, ''), 'sort_name': fold(name),
           'created_at': updated - timedelta(days=3),
           'updated_at': updated, 'origin': 'blank', 'workflow_type': rng.choice(('classic', 'reactive', 'rule')),
           'error_count': 0, 'alert_count': 0, 'version': 1,
           # insert_many takes its columns from the first row: every row names every column
           'priority_position': None, 'started_at': None, 'paused_at': None, 'pause_expires_at': None,
           'finalized_at': None, 'finalized_reason': None}
    if state in ('active', 'paused'):
        row['priority_position'] = index
        row['started_at'] = updated
    if state == 'paused':
        expired = index % 10 == 0  # a tenth of the paused ones: 1% of all workflows
        row['paused_at'] = now - timedelta(days=100 if expired else 10)
        row['pause_expires_at'] = row['paused_at'] + timedelta(days=91)
    if state == 'finalized':
        row['finalized_at'] = updated
        row['finalized_reason'] = 'person'
    return row


def _graphs(rng: random.Random, workflow_ids: list[int]) -> None:
    contents = [{'workflow': wid, 'channel': 'email', 'name': 'Email', 'subject': 'Hello', 'body': '<p>Hi</p>'}
                for wid in workflow_ids]
    for start in range(0, len(contents), CHUNK):
        Content.insert_many(contents[start:start + CHUNK]).execute()
    content_of = {content.workflow_id: content.id for content in Content.select(Content.workflow, Content.id)}
    nodes = []
    for wid in workflow_ids:
        nodes.append({'workflow': wid, 'key': 'start', 'kind': 'start', 'x': 0, 'y': 0,
                      'config': {'data_source': 'existing', 'selection': 'all contacts'}})
        nodes.append({'workflow': wid, 'key': 'trigger', 'kind': 'cart_abandonment', 'config': {}, 'x': 0, 'y': 120})
        for step in range(rng.randint(3, 8)):
            kind, config = (('wait', {'duration_hours': 2}) if step % 2 == 0
                            else ('send_email', {'content': content_of[wid]}))
            nodes.append({'workflow': wid, 'key': f'n{step}', 'kind': kind, 'config': config, 'x': 0,
                          'y': 240 + step * 120})
    for start in range(0, len(nodes), CHUNK):
        Node.insert_many(nodes[start:start + CHUNK]).execute()
    connections: list[dict] = []
    previous: dict[int, int] = {}
    for node in Node.select(Node.id, Node.workflow).order_by(Node.id):
        if node.workflow_id in previous:
            connections.append({'workflow': node.workflow_id, 'source': previous[node.workflow_id],
                                'output': 'next', 'target': node.id})
        previous[node.workflow_id] = node.id
    for start in range(0, len(connections), CHUNK):
        Connection.insert_many(connections[start:start + CHUNK]).execute()
