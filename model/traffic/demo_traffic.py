"""Demo contacts and 90 days of statistics history, so Live view has figures on first start."""

import random
from datetime import timedelta
from typing import Any

from model.common.clock import clock
from model.storage.db import db
from model.storage.schema import BaseModel, Connection, Contact, CustomField, Node, NodeStat, Segment, Workflow

CONTACTS = 5000
HISTORY_DAYS = 90


def seed_contacts(account_id: int, count: int = CONTACTS, seed: int = 11) -> None:
    rng = random.Random(seed)
    segments = [s.id for s in Segment.select(Segment.id).where((Segment.account == account_id)
                                                               & (Segment.kind == 'contact')).order_by(Segment.id)]
    fields = {f.name: f.id for f in CustomField.select().where(CustomField.account == account_id)}
    rows = []
    for _ in range(count):
        values: dict[str, str | int] = {}
        if 'Birthday' in fields and rng.random() < 0.6:
            values[str(fields['Birthday'])] = f'19{rng.randint(50, 99)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}'
        if 'Points' in fields:
            values[str(fields['Points'])] = rng.randint(0, 400)
        rows.append({'account': account_id, 'has_email': rng.random() < 0.85, 'has_phone': rng.random() < 0.5,
                     'has_push': rng.random() < 0.3, 'is_new': rng.random() < 0.2,
                     'segments': [s for s in segments if rng.random() < 0.25], 'fields': values})
    insert_rows(Contact, rows)


def seed_history(account_id: int, seed: int = 12) -> None:
    """Plausible daily figures per node for every started workflow, up to when it was paused or finalized."""
    rng = random.Random(seed)
    today = clock.now(account_id).date()
    rows = []
    started = Workflow.select().where((Workflow.account == account_id) & Workflow.started_at.is_null(False)
                                      & Workflow.has_data).order_by(Workflow.id)
    for workflow in started:
        nodes = list(Node.select().where(Node.workflow == workflow.id).order_by(Node.id))
        shares = _shares(workflow.id, [n.key for n in nodes])
        last = (workflow.finalized_at or workflow.paused_at or clock.now(account_id)).date()
        started_on = workflow.started_at.date() if workflow.started_at else today
        first = max(started_on, today - timedelta(days=HISTORY_DAYS - 1))
        first = min(first, last - timedelta(days=14))  # at least two weeks of figures
        day = first
        while day <= last:
            flow = rng.randint(20, 140)
            for node in nodes:
                entered = int(flow * shares.get(node.key, 0))
                row = {'workflow': workflow.id, 'node_key': node.key, 'day': day, 'entered': entered,
                       'completed': entered, 'exited': 0, 'sent': 0, 'opened': 0, 'clicked': 0, 'conversions': 0,
                       'overridden': 0, 'revenue': 0.0}
                if node.kind.startswith('send_'):
                    opened = int(entered * rng.uniform(0.3, 0.55))
                    clicked = int(opened * rng.uniform(0.2, 0.4))
                    conversions = int(clicked * rng.uniform(0.1, 0.3))
                    row |= {'sent': entered, 'opened': opened, 'clicked': clicked, 'conversions': conversions,
                            'revenue': round(conversions * rng.uniform(30, 90), 2)}
                rows.append(row)
            day += timedelta(days=1)
    insert_rows(NodeStat, rows)


def insert_rows(model: type[BaseModel], rows: list[dict[str, Any]]) -> None:
    """Many rows in one prepared statement (``executemany``): several times faster than ``insert_many``, which
    builds SQL for every value, and the demo is seeded for every page test and every trainee account."""
    if not rows:
        return
    database = db.obj
    fields = [model._meta.fields[name] for name in rows[0]]  # type: ignore[attr-defined]
    columns = ', '.join(f'"{field.column_name}"' for field in fields)
    placeholders = ', '.join([database.param] * len(fields))
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({placeholders})'  # type: ignore[attr-defined]
    cursor = database.cursor()
    cursor.executemany(sql, [[field.db_value(row[field.name]) for field in fields] for row in rows])


def _shares(workflow_id: int, keys: list[str]) -> dict[str, float]:
    """Which part of the contacts entering Start reaches each node: splits and conditions divide the flow."""
    nodes = {n.id: n.key for n in Node.select().where(Node.workflow == workflow_id)}
    outgoing: dict[str, list[str]] = {}
    for connection in Connection.select().where(Connection.workflow == workflow_id).order_by(Connection.id):
        outgoing.setdefault(nodes[connection.source_id], []).append(nodes[connection.target_id])
    shares = {'start': 1.0}
    for key in keys:  # nodes are stored in drawing order, parents before children
        children = outgoing.get(key, [])
        for child in children:
            shares[child] = shares.get(child, 0) + shares.get(key, 0) * 0.95 / len(children)
    return shares
