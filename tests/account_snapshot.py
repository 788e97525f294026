"""An account's data as comparable values: every row of every table it owns, ids replaced by their rank in the
account (references in node settings and contacts too), so two seedings compare equal whatever ids they got."""

from typing import Any

from peewee import ForeignKeyField, Model

from model.storage.schema import (
    Account,
    Connection,
    Contact,
    Content,
    CustomField,
    Folder,
    Form,
    Journey,
    Node,
    NodeStat,
    Segment,
    Workflow,
)

OWNED: tuple[Any, ...] = (Folder, Segment, CustomField, Form, Workflow, Contact)  # Any: mypy cannot join the models
PER_WORKFLOW: tuple[Any, ...] = (Node, Connection, Content, NodeStat, Journey)
CONFIG_REFERENCES = {'content': Content, 'form': Form, 'segment': Segment, 'field': CustomField}


def account_snapshot(account_id: int) -> dict[str, Any]:
    rows: dict[Any, list[dict]] = {}
    for model in OWNED:
        rows[model] = list(model.select().where(model.account == account_id).order_by(model.id).dicts())
    workflow_ids = [w['id'] for w in rows[Workflow]]
    for model in PER_WORKFLOW:
        rows[model] = list(model.select().where(model.workflow.in_(workflow_ids)).order_by(model.id).dicts())
    rank = {model: {row['id']: index for index, row in enumerate(found)} for model, found in rows.items()}
    account = Account.get_by_id(account_id)
    snapshot: dict[str, Any] = {'account': (account.name, account.kind)}
    for owner, found in rows.items():
        snapshot[owner._meta.table_name] = [_plain(owner, row, rank) for row in found]
    return snapshot


def _plain(model: type[Model], row: dict, rank: dict) -> dict:
    plain = {}
    for name, value in row.items():
        field = model._meta.fields[name]
        if name == 'id' or (isinstance(field, ForeignKeyField) and field.rel_model is Account):
            continue
        if isinstance(field, ForeignKeyField) and field.rel_model in rank:
            value = None if value is None else rank[field.rel_model][value]
        elif isinstance(field, ForeignKeyField):  # a person (finalized by): each account has its own people
            value = value is not None
        elif model is Node and name == 'config':
            value = {key: rank[CONFIG_REFERENCES[key]][item] if key in CONFIG_REFERENCES and item is not None
                     else item for key, item in value.items()}
        elif model is Contact and name == 'segments':
            value = [rank[Segment][item] for item in value]
        elif model is Contact and name == 'fields':
            value = {rank[CustomField][int(key)]: item for key, item in value.items()}
        plain[name] = value
    return plain
