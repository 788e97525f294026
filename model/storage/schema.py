"""Peewee models for every concept of docs/product.md §1, and the indexes the list and the sweep rely on."""

import json
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from model.common.clock import clock
from model.storage.db import db


class JSONField(TextField):
    """JSON stored as text: portable across SQLite and PostgreSQL."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)


def now() -> Any:
    return clock.now()


class BaseModel(Model):
    class Meta:
        database = db


REGULAR_KIND, DEMO_KIND, TRAINEE_KIND = 'regular', 'demo', 'trainee'  # Account.kind


class Account(BaseModel):
    id = AutoField()
    name = CharField(max_length=120)
    created_at = DateTimeField(default=now)
    kind = CharField(max_length=16, default=REGULAR_KIND)  # regular | demo | trainee (a copy of the demo for a course)
    clock_offset_seconds = FloatField(default=0)  # the account's movable clock (model/common/clock.py)
    demo_account = ForeignKeyField('self', null=True, backref='trainee_accounts', on_delete='SET NULL')  # a trainee's
    demo_account_id: int | None


class Person(BaseModel):
    id = AutoField()
    email = CharField(max_length=254, unique=True)
    display_name = CharField(max_length=120)
    password_hash = CharField(max_length=255, null=True)
    created_at = DateTimeField(default=now)
    temporary_password_at = DateTimeField(null=True)  # set with a temporary password: change it at the next sign-in
    site_operator = BooleanField(default=False)  # creates accounts, runs the simulator (model/access/gate.py)


class SignInThrottle(BaseModel):
    """Failed sign-ins counted per key (model/access/throttle.py): a hash of ``email|address``, or of ``|address``.

    ``locked_until`` is when the next attempt for the key may be checked; the column names are the first release's.
    """

    email = CharField(max_length=254, primary_key=True)
    failures = IntegerField(default=0)
    last_failure = DateTimeField(null=True)
    locked_until = DateTimeField(null=True)


class SignInSession(BaseModel):
    """A signed-in browser (model/access/sessions.py): valid while not ended and used in the last 30 days."""

    id = CharField(max_length=64, primary_key=True)
    person = ForeignKeyField(Person, backref='sessions', on_delete='CASCADE')
    created_at = DateTimeField()
    last_seen_at = DateTimeField()
    ended_at = DateTimeField(null=True)
    handoff = CharField(max_length=64, null=True, unique=True)
    browser = CharField(max_length=64, null=True, index=True)  # a hash of the browser's sign-in key: sign-out ends all
    person_id: int

    class Meta:
        table_name = 'signin_session'
        indexes = ((('person', 'ended_at'), False),)


class Membership(BaseModel):
    """A person's role in one account: ``admin``, ``editor`` or ``viewer`` (docs/product.md §13)."""

    id = AutoField()
    person = ForeignKeyField(Person, backref='memberships', on_delete='CASCADE')
    account = ForeignKeyField(Account, backref='memberships', on_delete='CASCADE')
    role = CharField(max_length=16)
    person_id: int
    account_id: int

    class Meta:
        indexes = ((('person', 'account'), True),)


class Invitation(BaseModel):
    """An admin's invitation of a person, who joins the account when they accept it (model/access/invitations.py)."""

    id = AutoField()
    person = ForeignKeyField(Person, backref='invitations', on_delete='CASCADE')
    account = ForeignKeyField(Account, backref='invitations', on_delete='CASCADE')
    role = CharField(max_length=16)
    invited_by = ForeignKeyField(Person, null=True, on_delete='SET NULL')
    created_at = DateTimeField()
    person_id: int
    account_id: int

    class Meta:
        indexes = ((('person', 'account'), True),)


class Folder(BaseModel):
    id = AutoField()
    account = ForeignKeyField(Account, backref='folders', on_delete='CASCADE')
    parent = ForeignKeyField('self', null=True, backref='children', on_delete='CASCADE')
    name = CharField(max_length=60)
    account_id: int
    parent_id: int | None
    created_at = DateTimeField(default=now)


class Segment(BaseModel):
    id = AutoField()
    account = ForeignKeyField(Account, backref='segments', on_delete='CASCADE')
    name = CharField(max_length=120)
    kind = CharField(max_length=16)  # contact | product
    definition = JSONField()
    account_id: int


class CustomField(BaseModel):
    id = AutoField()
    account = ForeignKeyField(Account, backref='custom_fields', on_delete='CASCADE')
    name = CharField(max_length=120)
    field_type = CharField(max_length=16)  # text | number | date | boolean | select
    options = JSONField(default=list)
    account_id: int


class Workflow(BaseModel):
    """A workflow with its derived columns (type, incident counts, search text) kept in step by the services."""

    id = AutoField()
    account = ForeignKeyField(Account, backref='workflows', on_delete='CASCADE')
    folder = ForeignKeyField(Folder, null=True, backref='workflows', on_delete='SET NULL')
    name = CharField(max_length=120)
    description = TextField(default='')
    state = CharField(max_length=16, default='draft')
    priority_position = IntegerField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    started_at = DateTimeField(null=True)
    paused_at = DateTimeField(null=True)
    pause_expires_at = DateTimeField(null=True)
    finalized_at = DateTimeField(null=True)
    finalized_reason = CharField(max_length=16, null=True)  # person | pause expired
    finalized_by = ForeignKeyField(Person, null=True, on_delete='SET NULL')  # who, when the reason is person
    origin = CharField(max_length=16, default='blank')  # blank | template | import | duplicate
    duplicate_of = ForeignKeyField('self', null=True, backref='copies', on_delete='SET NULL')
    duplicate_number = IntegerField(null=True)
    version = IntegerField(default=1)
    workflow_type = CharField(max_length=16, default='mass_action')
    error_count = IntegerField(default=0)
    alert_count = IntegerField(default=0)
    has_data = BooleanField(default=False)
    search_text = TextField(default='')
    sort_name = CharField(max_length=120, default='')
    run_problem = CharField(max_length=255, null=True)  # why the simulator skips it (traffic/simulator.py), till saved
    deleted_at = DateTimeField(null=True)  # set: in `Recently deleted` until restored or purged
    account_id: int
    folder_id: int | None
    duplicate_of_id: int | None
    finalized_by_id: int | None

    class Meta:
        indexes = (
            (('account', 'updated_at'), False),
            (('account', 'created_at'), False),
            (('account', 'sort_name'), False),
            (('account', 'state', 'updated_at'), False),
            (('account', 'folder', 'updated_at'), False),
            (('account', 'priority_position'), False),
            (('state', 'pause_expires_at'), False),
            (('duplicate_of', 'duplicate_number'), False),
            (('account', 'deleted_at'), False),
            (('account', 'deleted_at', 'search_text'), False),  # search reads this index, not the table
        )


def kept() -> Any:
    """The condition every query that shows, counts or runs workflows adds: not in `Recently deleted`."""
    return Workflow.deleted_at.is_null()


class Node(BaseModel):
    id = AutoField()
    workflow = ForeignKeyField(Workflow, backref='nodes', on_delete='CASCADE')
    key = CharField(max_length=40)
    kind = CharField(max_length=40)
    config = JSONField(default=dict)
    x = IntegerField(default=0)
    y = IntegerField(default=0)
    workflow_id: int

    class Meta:
        indexes = ((('workflow', 'key'), True),)


class Connection(BaseModel):
    id = AutoField()
    workflow = ForeignKeyField(Workflow, backref='connections', on_delete='CASCADE')
    source = ForeignKeyField(Node, backref='outgoing', on_delete='CASCADE')
    output = CharField(max_length=16)  # next | yes | no | 1..5
    target = ForeignKeyField(Node, backref='incoming', on_delete='CASCADE')
    source_id: int
    target_id: int
    workflow_id: int

    class Meta:
        indexes = ((('source', 'output'), True),)
        constraints = (SQL('CHECK (source_id <> target_id)'),)


class Content(BaseModel):
    """An email, SMS or web content owned by one workflow; nodes refer to it by id in their config."""

    id = AutoField()
    workflow = ForeignKeyField(Workflow, backref='contents', on_delete='CASCADE')
    channel = CharField(max_length=16)  # email | sms | web
    name = CharField(max_length=120)
    subject = CharField(max_length=255, default='')
    body = TextField(default='')
    workflow_id: int


class Form(BaseModel):
    """An account's form, for `On form submitted` nodes (the Forms page; docs/decisions.md, Forms)."""

    id = AutoField()
    account = ForeignKeyField(Account, backref='forms', on_delete='CASCADE')
    name = CharField(max_length=120)
    fields = JSONField(default=list)
    account_id: int


class Contact(BaseModel):
    id = AutoField()
    account = ForeignKeyField(Account, backref='contacts', on_delete='CASCADE')
    has_email = BooleanField(default=True)
    has_phone = BooleanField(default=False)
    has_push = BooleanField(default=False)
    is_new = BooleanField(default=False)
    segments = JSONField(default=list)  # segment ids
    fields = JSONField(default=dict)  # custom field id (as text) → value
    account_id: int


class Journey(BaseModel):
    """Where one contact stands in one workflow; ``wake_at`` is set while it waits."""

    id = AutoField()
    workflow = ForeignKeyField(Workflow, backref='journeys', on_delete='CASCADE')
    contact = ForeignKeyField(Contact, on_delete='CASCADE')
    at = CharField(max_length=40)  # the node key
    wake_at = DateTimeField(null=True)
    workflow_id: int
    contact_id: int

    class Meta:
        indexes = ((('workflow', 'wake_at'), False), (('workflow', 'contact'), True))


class NodeStat(BaseModel):
    id = AutoField()
    workflow = ForeignKeyField(Workflow, backref='stats', on_delete='CASCADE')
    node_key = CharField(max_length=40)
    day = DateField()
    entered = IntegerField(default=0)
    completed = IntegerField(default=0)
    exited = IntegerField(default=0)
    sent = IntegerField(default=0)
    opened = IntegerField(default=0)
    clicked = IntegerField(default=0)
    conversions = IntegerField(default=0)
    overridden = IntegerField(default=0)
    revenue = FloatField(default=0)
    workflow_id: int

    class Meta:
        indexes = ((('workflow', 'node_key', 'day'), True), (('workflow', 'day'), False))


class Activity(BaseModel):
    """One line of an account's activity log, written in the transaction of the change it records.

    ``workflow_id`` is no foreign key and the name is copied: the history outlives the workflow.
    """

    id = AutoField()
    account = ForeignKeyField(Account, on_delete='CASCADE')
    person = ForeignKeyField(Person, null=True, on_delete='SET NULL')  # None: the application (pause expiry)
    action = CharField(max_length=32)
    workflow_id = IntegerField(null=True)
    workflow_name = CharField(max_length=120, default='')
    detail = CharField(max_length=255, default='')
    at = DateTimeField(default=now)
    version_id = IntegerField(null=True)  # the workflow version this change made (model/workflows/versions.py)
    account_id: int
    person_id: int | None

    class Meta:
        indexes = (
            (('account', 'at'), False),
            (('account', 'workflow_id', 'at'), False),
        )


class WorkflowVersion(BaseModel):
    """A workflow's whole content as one change left it (model/workflows/versions.py): zlib-compressed JSON,
    readable on its own; ``number`` counts 1, 2, 3… per workflow. Kept in `Recently deleted` with the workflow."""

    id = AutoField()
    workflow = ForeignKeyField(Workflow, backref='versions', on_delete='CASCADE')
    number = IntegerField()
    person = ForeignKeyField(Person, null=True, on_delete='SET NULL')  # None: the application (an upgrade)
    at = DateTimeField(default=now)
    state = CharField(max_length=16)  # the workflow's state when this version was made
    summary = CharField(max_length=255, default='')
    content = BlobField()
    workflow_id: int
    person_id: int | None

    class Meta:
        table_name = 'workflow_version'
        indexes = ((('workflow', 'number'), True), (('at',), False))


class Lease(BaseModel):
    """Who holds a job that must run in one process only, or that a process is running, until when (real UTC time)."""

    name = CharField(max_length=120, primary_key=True)
    holder = CharField(max_length=120)
    expires_at = DateTimeField()


class AppSetting(BaseModel):
    """Application-wide settings every process reads (the simulator's switch and speed)."""

    key = CharField(max_length=60, primary_key=True)
    value = JSONField()

    class Meta:
        table_name = 'app_setting'


ALL_MODELS = [Account, Person, SignInThrottle, SignInSession, Membership, Invitation, Folder, Segment, CustomField,
              Workflow, Node, Connection, Content, Form, Contact, Journey, NodeStat, Lease, Activity, AppSetting,
              WorkflowVersion]
