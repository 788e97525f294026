"""The schema's history after version 1 (the first release, commit 66af114): one function per version.

``MIGRATIONS[i]`` takes a database from version ``i + 1`` to ``i + 2``; its docstring's first line is what
``python main.py migrate`` prints. Append, never reorder or edit a step that has shipped. A step that creates a
table defines its own copy of the model as of that step, so later changes to ``model/storage/schema.py`` never change
what an old step does. Every step comes with a check in ``tests/test_migrations.py``.
"""

import json
import zlib
from collections.abc import Callable

from peewee import (
    SQL,
    AutoField,
    BlobField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.migrate import SchemaMigrator, migrate

Step = Callable[[SchemaMigrator], None]

def _add_leases(migrator: SchemaMigrator) -> None:
    """Add the lease table: jobs that must run in one process only (simulator, sweep), and running processes."""

    class Lease(Model):  # as of version 2: a step keeps its own copy of what it creates
        name = CharField(max_length=120, primary_key=True)
        holder = CharField(max_length=120)
        expires_at = DateTimeField()

        class Meta:
            database = migrator.database
            table_name = 'lease'

    migrator.database.create_tables([Lease])


def _add_signin_sessions(migrator: SchemaMigrator) -> None:
    """Add server-side sign-in sessions, which sign-out, a password change and removal end."""

    class Person(Model):
        class Meta:
            database = migrator.database
            table_name = 'person'

    class SignInSession(Model):  # as of this step
        id = CharField(max_length=64, primary_key=True)
        person = ForeignKeyField(Person, on_delete='CASCADE')
        created_at = DateTimeField()
        last_seen_at = DateTimeField()
        ended_at = DateTimeField(null=True)
        handoff = CharField(max_length=64, null=True, unique=True)

        class Meta:
            database = migrator.database
            table_name = 'signin_session'
            indexes = ((('person', 'ended_at'), False),)

    migrator.database.create_tables([SignInSession])


def _add_temporary_password_at(migrator: SchemaMigrator) -> None:
    """Add person.temporary_password_at: a temporary password is changed at the next sign-in."""
    # nullable: on SQLite a NOT NULL column rebuilds the table, and dropping `person` would cascade to memberships
    migrate(migrator.add_column('person', 'temporary_password_at', DateTimeField(null=True)))


def _add_run_problem(migrator: SchemaMigrator) -> None:
    """Add workflow.run_problem: why the simulator skips a workflow until it is saved again."""
    migrate(migrator.add_column('workflow', 'run_problem', CharField(max_length=255, null=True)))


def _add_recently_deleted_and_activity(migrator: SchemaMigrator) -> None:
    """Add `Recently deleted` (workflow.deleted_at) and the activity log table."""

    class Account(Model):  # as of version 3, only what the activity table refers to
        class Meta:
            database = migrator.database
            table_name = 'account'

    class Person(Model):
        class Meta:
            database = migrator.database
            table_name = 'person'

    class Activity(Model):
        id = AutoField()
        account = ForeignKeyField(Account, on_delete='CASCADE')
        person = ForeignKeyField(Person, null=True, on_delete='SET NULL')
        action = CharField(max_length=32)
        workflow_id = IntegerField(null=True)
        workflow_name = CharField(max_length=120, default='')
        detail = CharField(max_length=255, default='')
        at = DateTimeField()

        class Meta:
            database = migrator.database
            table_name = 'activity'
            indexes = ((('account', 'at'), False), (('account', 'workflow_id', 'at'), False))

    migrate(migrator.add_column('workflow', 'deleted_at', DateTimeField(null=True)),
            migrator.add_index('workflow', ('account_id', 'deleted_at')))
    migrator.database.create_tables([Activity])


def _add_training(migrator: SchemaMigrator) -> None:
    """Add account kinds (the demo, trainee copies) and application settings (movable clock, simulator)."""

    class AppSetting(Model):  # as of this step
        key = CharField(max_length=60, primary_key=True)
        value = TextField()

        class Meta:
            database = migrator.database
            table_name = 'app_setting'

    class Account(Model):
        name = CharField(max_length=120)
        kind = CharField(max_length=16)

        class Meta:
            database = migrator.database
            table_name = 'account'

    # NOT NULL with a DEFAULT in the ADD COLUMN itself: SQLite would otherwise rebuild the account table, and
    # dropping the old one cascades to every account's workflows
    kind = CharField(max_length=16, default='regular', constraints=[SQL("DEFAULT 'regular'")])
    migrate(migrator.alter_add_column('account', 'kind', kind, allow_not_null=True))
    Account.update(kind='demo').where(Account.name == 'Demo Shop').execute()  # the account DEMO_DATA seeded
    migrator.database.create_tables([AppSetting])



def _add_finalized_by(migrator: SchemaMigrator) -> None:
    """Add workflow.finalized_by: the person who finalized it (empty for workflows finalized before)."""

    class Person(Model):  # what the reference needs of it
        id = AutoField()

        class Meta:
            database = migrator.database
            table_name = 'person'

    migrate(migrator.add_column('workflow', 'finalized_by_id',
                                ForeignKeyField(Person, null=True, field=Person.id, on_delete='SET NULL')))


def _add_workflow_versions(migrator: SchemaMigrator) -> None:
    """Add version history; every workflow gets its current content as its first version."""
    database = migrator.database

    class Table(Model):
        class Meta:
            database = migrator.database

    class Person(Table):
        id = AutoField()

    class Workflow(Table):  # what a first version reads, as of this step
        id = AutoField()
        name = CharField()
        description = TextField()
        state = CharField()
        workflow_type = CharField()
        updated_at = DateTimeField()

    class WorkflowVersion(Table):
        id = AutoField()
        workflow = ForeignKeyField(Workflow, on_delete='CASCADE')
        number = IntegerField()
        person = ForeignKeyField(Person, null=True, on_delete='SET NULL')
        at = DateTimeField()
        state = CharField(max_length=16)
        summary = CharField(max_length=255, default='')
        content = BlobField()

        class Meta:
            table_name = 'workflow_version'
            indexes = ((('workflow', 'number'), True), (('at',), False))

    migrate(migrator.add_column('activity', 'version_id', IntegerField(null=True)))
    database.create_tables([WorkflowVersion])
    rows = database.execute_sql('SELECT workflow_id, id, key, kind, config, x, y FROM node ORDER BY id').fetchall()
    nodes: dict[int, list[dict]] = {}
    keys: dict[int, str] = {}
    for workflow_id, node_id, key, kind, config, x, y in rows:
        nodes.setdefault(workflow_id, []).append({'key': key, 'kind': kind, 'config': json.loads(config or '{}'),
                                                  'x': x, 'y': y})
        keys[node_id] = key
    connections: dict[int, list[list[str]]] = {}
    for workflow_id, source, output, target in database.execute_sql(
            'SELECT workflow_id, source_id, output, target_id FROM connection').fetchall():
        connections.setdefault(workflow_id, []).append([keys[source], output, keys[target]])
    contents: dict[int, list[dict]] = {}
    for workflow_id, content_id, channel, name, subject, body in database.execute_sql(
            'SELECT workflow_id, id, channel, name, subject, body FROM content ORDER BY id').fetchall():
        contents.setdefault(workflow_id, []).append({'id': content_id, 'channel': channel, 'name': name,
                                                     'subject': subject, 'body': body})
    forms: dict[int, list[dict]] = {}
    for workflow_id, form_id, name, fields in database.execute_sql(
            'SELECT workflow_id, id, name, fields FROM form ORDER BY id').fetchall():
        forms.setdefault(workflow_id, []).append({'id': form_id, 'name': name, 'fields': json.loads(fields or '[]')})
    names = {table: {str(row_id): name for row_id, name in
                     database.execute_sql(f'SELECT id, name FROM {table}').fetchall()}
             for table in ('segment', 'customfield')}
    for workflow in Workflow.select().order_by(Workflow.id):
        own = nodes.get(workflow.id, [])
        # as of this step, settings named "segment" refer to segments and "field" to custom fields
        used = {setting: {str(n['config'][setting]) for n in own if isinstance(n['config'].get(setting), int)}
                for setting in ('segment', 'field')}
        content = {'format': 1, 'name': workflow.name, 'description': workflow.description,
                   'type': workflow.workflow_type, 'nodes': own,
                   'connections': sorted(connections.get(workflow.id, [])),
                   'contents': contents.get(workflow.id, []), 'forms': forms.get(workflow.id, []),
                   'segments': {i: names['segment'][i] for i in used['segment'] if i in names['segment']},
                   'custom_fields': {i: names['customfield'][i] for i in used['field'] if i in names['customfield']}}
        packed = zlib.compress(json.dumps(content, ensure_ascii=False, sort_keys=True,
                                          separators=(',', ':')).encode())
        WorkflowVersion.create(workflow=workflow.id, number=1, person=None, at=workflow.updated_at,
                               state=workflow.state, summary='Content when version history began', content=packed)


MIGRATIONS: list[Step] = [  # MIGRATIONS[i] takes version i + 1 to i + 2; append, never reorder or edit
    _add_leases,
    _add_signin_sessions,
    _add_temporary_password_at,
    _add_run_problem,
    _add_recently_deleted_and_activity,
    _add_training,
    _add_finalized_by,
    _add_workflow_versions,
]
