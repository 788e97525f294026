"""Writes ``v1_data.json``: every row of a small first-release database, made by the first release's own code.

Run from a checkout of commit 66af114 (the schema version 1):
``git worktree add /tmp/v1 66af114 && cd /tmp/v1 && python /path/to/tests/migration_fixtures/make_v1_data.py OUT``.
"""

import datetime
import json
import sys

from model.access.gate import Actor
from model.access.people import add_member, create_account_with_admin  # type: ignore[attr-defined]  # the first release's
from model.common.clock import clock
from model.jobs.startup import Settings, prepare_data
from model.storage.schema import ALL_MODELS, Contact, Journey, NodeStat, SignInThrottle, Workflow

clock.freeze(datetime.datetime(2026, 11, 24, 12, 0, 0))
prepare_data(Settings.from_env({'DATABASE_URL': 'sqlite:////tmp/v1-fixture.db', 'ADMIN_EMAIL': 'v1@example.com',
                                'ADMIN_PASSWORD': 'first-release-password'}))
other: Actor = create_account_with_admin('Second account', 'second@example.com', 'Second admin', 'second-password-x')
add_member(other, 'viewer@example.com', 'A viewer', 'viewer')
SignInThrottle.create(email='someone@example.com', failures=2, last_failure=clock.now())
Contact.delete().where(Contact.id > 120).execute()  # keep the file small: 120 contacts, two weeks of figures
NodeStat.delete().where(NodeStat.day < datetime.date(2026, 11, 10)).execute()
active = Workflow.select().where(Workflow.state == 'active').first()
for contact in Contact.select().limit(5):
    Journey.create(workflow=active, contact=contact, at='start', wake_at=clock.now())


def plain(value: object) -> object:
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value


rows: dict[str, list[dict]] = {}
for model in ALL_MODELS:
    stored: list[dict] = list(model.select().order_by(model._meta.primary_key).dicts())  # type: ignore[arg-type]
    rows[model._meta.table_name] = [{column: plain(value) for column, value in row.items()} for row in stored]
json.dump(rows, open(sys.argv[1], 'w'), indent=0, ensure_ascii=False, sort_keys=True)
