"""Peewee models for every concept of docs/product.md §1, and the indexes the list and the sweep rely on."""

import json
from typing import Any

from peewee import (
    SQL,
    AutoField,
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


class Account(BaseModel):
    id = AutoField()
    name = CharField(max_length=120)
    created_at = DateTimeField(default=now)


class Person(BaseModel):
    id = AutoField()
    email = CharField(max_length=254, unique=True)
    display_name = CharField(max_length=120)
    password_hash = CharField(max_length=255, null=True)
    created_at = DateTimeField(default=now)


class SignInThrottle(BaseModel):
    """Failed sign-ins per email (known or not), for slowing down and locking out guessing."""

    email = CharField(max_length=254, primary_key=True)
    failures = IntegerField(default=0)
    last_failure = DateTimeField(null=True)
    locked_until = DateTimeField(null=True)


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


class CustomField(BaseModel):
    id = AutoField()
    account = ForeignKeyField(Account, backref='custom_fields', on_delete='CASCADE')
    name = CharField(max_length=120)
    field_type = CharField(max_length=16)  # text | number | date | boolean | select
    options = JSONField(default=list)


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
    account_id: int
    folder_id: int | None
    duplicate_of_id: int | None

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
        )


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
    id = AutoField()
    workflow = ForeignKeyField(Workflow, backref='forms', on_delete='CASCADE')
    name = CharField(max_length=120)
    fields = JSONField(default=list)
    workflow_id: int


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


ALL_MODELS = [Account, Person, SignInThrottle, Membership, Folder, Segment, CustomField, Workflow, Node, Connection,
              Content, Form, Contact, Journey, NodeStat]


def create_tables() -> None:
    with db.atomic():
        db.create_tables(ALL_MODELS, safe=True)
