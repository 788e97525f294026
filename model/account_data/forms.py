"""An account's forms, which `On form submitted` nodes listen to: list, create, rename, delete while unused.

Like segments (model/account_data/segments.py): names are unique in the account ignoring case, a form in use
cannot be deleted, and `.cn` import matches forms by name; creating or renaming one to the name an import could
not match gives it to those drafts' nodes.
"""

from model.access.gate import Action, Actor, not_found, require
from model.account_data.references import (
    WorkflowUse,
    adopt_unmatched,
    announce_change,
    clean_name,
    refuse_if_used,
    workflows_using,
)
from model.common.errors import Invalid
from model.common.text import fold, hidden_character_problem
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import Form

FIELDS_MAX = 30
FIELD_NAME_MAX = 60


def list_forms(actor: Actor, search: str = '') -> list[Form]:
    """The account's forms by name; ``search`` matches the name or a field, ignoring case and accents."""
    require(actor, Action.READ)
    folded = fold(search.strip())
    forms = Form.select().where(Form.account == actor.account_id)
    found = [f for f in forms if folded in fold('\n'.join([f.name, *f.fields]))]
    return sorted(found, key=lambda f: (f.name.casefold(), f.id))


def get_form(actor: Actor, form_id: int) -> Form:
    """The form, if it is of the actor's account; any other is "not found"."""
    form = Form.get_or_none(Form.id == form_id)
    if form is None:
        raise not_found('Form')
    require(actor, Action.READ, form)
    return form


def create_form(actor: Actor, name: str, fields: list[str]) -> Form:
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # names unique in the account, on PostgreSQL too
        clean = _valid_name(actor, name)
        form = Form.create(account=actor.account_id, name=clean, fields=_valid_fields(fields))
        adopted = adopt_unmatched(actor.account_id, 'form', form.id, clean)
    announce_change(actor.account_id, adopted)
    return form


def update_form(actor: Actor, form_id: int, name: str, fields: list[str]) -> Form:
    """Rename it and change its fields; workflows keep using it (they refer to it by id)."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)
        form = get_form(actor, form_id)
        form.name = _valid_name(actor, name, ignore_id=form.id)
        form.fields = _valid_fields(fields)
        form.save()
        adopted = adopt_unmatched(actor.account_id, 'form', form.id, form.name)
    announce_change(actor.account_id, adopted)
    return form


def delete_form(actor: Actor, form_id: int) -> str:
    """Delete an unused form; returns its name. One used by a workflow is refused, naming them."""
    require(actor, Action.CHANGE)
    with db.atomic():
        form = get_form(actor, form_id)
        refuse_if_used(form_users(actor, form.id), f'"{form.name}"')
        form.delete_instance()
    announce_change(actor.account_id, [])
    return form.name


def form_users(actor: Actor, form_id: int) -> list[WorkflowUse]:
    require(actor, Action.READ)
    return workflows_using(actor.account_id, 'form', form_id)


def _valid_name(actor: Actor, name: str, ignore_id: int | None = None) -> str:
    taken = [(f.id, f.name) for f in Form.select(Form.id, Form.name).where(Form.account == actor.account_id)]
    return clean_name(name, 'form', taken, ignore_id)


def _valid_fields(fields: list[str]) -> list[str]:
    """Field names as typed, trimmed, empty ones and repeats left out."""
    clean = list(dict.fromkeys(field.strip() for field in fields if field.strip()))
    if len(clean) > FIELDS_MAX:
        raise Invalid(f'A form has at most {FIELDS_MAX} fields ({len(clean)} given)')
    for field in clean:
        if problem := hidden_character_problem(field):
            raise Invalid(f'The field name "{field[:20]}" {problem}')
    if too_long := next((field for field in clean if len(field) > FIELD_NAME_MAX), None):
        raise Invalid(f'A field name has at most {FIELD_NAME_MAX} characters ("{too_long[:20]}…" is longer)')
    return clean
