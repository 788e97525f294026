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
    BooleanField,
    CharField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.migrate import SchemaMigrator, SqliteMigrator, migrate

from model.common.text import workflow_search_text

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


def _add_site_operator_and_account_clocks(migrator: SchemaMigrator) -> None:
    """Add site operators (the first admin is one) and a movable clock per account (trainees follow their demo)."""

    class Account(Model):  # as of this step, what it reads and writes
        id = AutoField()
        kind = CharField(max_length=16)
        clock_offset_seconds = FloatField()
        demo_account_id = IntegerField(null=True)

        class Meta:
            database = migrator.database
            table_name = 'account'

    class Person(Model):
        id = AutoField()
        site_operator = BooleanField()

        class Meta:
            database = migrator.database
            table_name = 'person'

    class Membership(Model):
        id = AutoField()
        person = IntegerField(column_name='person_id')
        role = CharField(max_length=16)

        class Meta:
            database = migrator.database
            table_name = 'membership'

    class AppSetting(Model):
        key = CharField(max_length=60, primary_key=True)
        value = TextField()

        class Meta:
            database = migrator.database
            table_name = 'app_setting'

    # NOT NULL with a DEFAULT in the ADD COLUMN itself, so SQLite adds the columns without rebuilding the tables
    migrate(migrator.alter_add_column('person', 'site_operator',
                                      BooleanField(default=False, constraints=[SQL('DEFAULT FALSE')]),
                                      allow_not_null=True),
            migrator.alter_add_column('account', 'clock_offset_seconds',
                                      FloatField(default=0, constraints=[SQL('DEFAULT 0')]), allow_not_null=True),
            migrator.add_column('account', 'demo_account_id',
                                ForeignKeyField(Account, null=True, field=Account.id, on_delete='SET NULL')))
    first_admin = Membership.select(Membership.person).where(Membership.role == 'admin').order_by(Membership.id).first()
    if first_admin is not None:
        Person.update(site_operator=True).where(Person.id == first_admin.person).execute()
    shared = AppSetting.get_or_none(AppSetting.key == 'clock_offset_seconds')  # the one clock every account had
    if shared is not None:
        Account.update(clock_offset_seconds=float(shared.value)).execute()
        shared.delete_instance()
    demo = Account.select(Account.id).where(Account.kind == 'demo').order_by(Account.id).first()
    if demo is not None:
        Account.update(demo_account_id=demo.id).where(Account.kind == 'trainee').execute()


def _add_invitations_and_browsers(migrator: SchemaMigrator) -> None:
    """Add invitations to accounts, and the browser of each sign-in session (sign-out ends all of a browser's)."""

    class Account(Model):  # what the invitation refers to
        id = AutoField()

        class Meta:
            database = migrator.database
            table_name = 'account'

    class Person(Model):
        id = AutoField()

        class Meta:
            database = migrator.database
            table_name = 'person'

    class Invitation(Model):  # as of this step
        id = AutoField()
        person = ForeignKeyField(Person, on_delete='CASCADE')
        account = ForeignKeyField(Account, on_delete='CASCADE')
        role = CharField(max_length=16)
        invited_by = ForeignKeyField(Person, null=True, on_delete='SET NULL')
        created_at = DateTimeField()

        class Meta:
            database = migrator.database
            table_name = 'invitation'
            indexes = ((('person', 'account'), True),)

    migrator.database.create_tables([Invitation])
    migrate(migrator.add_column('signin_session', 'browser', CharField(max_length=64, null=True)),
            migrator.add_index('signin_session', ('browser',)))


def _forgiving_search_text(migrator: SchemaMigrator) -> None:
    """Recompute every workflow's search text so search ignores punctuation and spacing; index it for search."""

    class Workflow(Model):  # what the step reads and writes
        id = AutoField()
        name = CharField(max_length=120)
        description = TextField()
        search_text = TextField()

        class Meta:
            database = migrator.database
            table_name = 'workflow'

    for workflow in list(Workflow.select(Workflow.id, Workflow.name, Workflow.description)):
        Workflow.update(search_text=workflow_search_text(workflow.name, workflow.description or '')) \
            .where(Workflow.id == workflow.id).execute()
    migrate(migrator.add_index('workflow', ('account_id', 'deleted_at', 'search_text')))


def _account_forms(migrator: SchemaMigrator) -> None:
    """Make forms the account's (the Forms page): each joins its workflow's account, one per name in an account."""

    class Account(Model):
        id = AutoField()

        class Meta:
            database = migrator.database
            table_name = 'account'

    class Form(Model):  # as of this step, while it has both columns
        id = AutoField()
        workflow_id = IntegerField()
        account_id = IntegerField(null=True)
        name = CharField(max_length=120)

        class Meta:
            database = migrator.database
            table_name = 'form'

    class Node(Model):
        id = AutoField()
        kind = CharField(max_length=40)
        config = TextField()

        class Meta:
            database = migrator.database
            table_name = 'node'

    migrate(migrator.add_column('form', 'account_id',
                                ForeignKeyField(Account, null=True, field=Account.id, on_delete='CASCADE')))
    migrator.database.execute_sql('UPDATE form SET account_id = (SELECT workflow.account_id FROM workflow '
                                  'WHERE workflow.id = form.workflow_id)')
    kept: dict[tuple[int | None, str], int] = {}
    merged: dict[int, int] = {}  # a form whose name the account already has → that one (the oldest)
    for form in Form.select().order_by(Form.id):
        merged_into = kept.setdefault((form.account_id, form.name.casefold()), form.id)
        if merged_into != form.id:
            merged[form.id] = merged_into
    for node in Node.select().where(Node.kind == 'form_submitted'):
        config = json.loads(node.config)
        if config.get('form') in merged:
            config['form'] = merged[config['form']]
            Node.update(config=json.dumps(config, ensure_ascii=False, sort_keys=True)) \
                .where(Node.id == node.id).execute()
    if merged:
        Form.delete().where(Form.id.in_(list(merged))).execute()
    # SQLite's own DROP COLUMN refuses a column with a foreign key: rebuild the table instead (nothing refers to it)
    legacy = {'legacy': True} if isinstance(migrator, SqliteMigrator) else {}
    migrate(migrator.drop_column('form', 'workflow_id', **legacy), migrator.add_not_null('form', 'account_id'))


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
    forms = {form_id: {'id': form_id, 'name': name, 'fields': json.loads(fields or '[]')}  # the account's, by now
             for form_id, name, fields in database.execute_sql('SELECT id, name, fields FROM form').fetchall()}
    names = {table: {str(row_id): name for row_id, name in
                     database.execute_sql(f'SELECT id, name FROM {table}').fetchall()}
             for table in ('segment', 'customfield')}
    for workflow in Workflow.select().order_by(Workflow.id):
        own = nodes.get(workflow.id, [])
        # as of this step, settings named "segment" refer to segments and "field" to custom fields
        used = {setting: {str(n['config'][setting]) for n in own if isinstance(n['config'].get(setting), int)}
                for setting in ('segment', 'field', 'form')}
        listened = [forms[int(i)] for i in sorted(used['form'], key=int) if int(i) in forms]
        content = {'format': 1, 'name': workflow.name, 'description': workflow.description,
                   'type': workflow.workflow_type, 'nodes': own,
                   'connections': sorted(connections.get(workflow.id, [])),
                   'contents': contents.get(workflow.id, []), 'forms': listened,
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
    _add_site_operator_and_account_clocks,
    _add_invitations_and_browsers,
    _forgiving_search_text,
    _account_forms,
    _add_workflow_versions,
]
