"""An account's custom fields: name, type and, for choice fields, the options.

Types are stored as ``text``, ``number``, ``date``, ``boolean`` and ``select``; ``select`` is what
people see as *Choice* (the `.cn` format has always written ``select``, see docs/decisions.md).
Creating or renaming a field gives it back to the imported drafts that lost a field of that name.
"""

from model.access.gate import Action, Actor, not_found, require
from model.account_data.references import (
    NAME_MAX,
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
from model.storage.schema import CustomField

FIELD_TYPES = {'text': 'Text', 'number': 'Number', 'date': 'Date', 'boolean': 'Boolean', 'select': 'Choice'}
CHOICE = 'select'
OPTIONS_MAX = 50


def list_fields(actor: Actor, search: str = '') -> list[CustomField]:
    require(actor, Action.READ)
    folded = fold(search.strip())
    fields = CustomField.select().where(CustomField.account == actor.account_id)
    found = [f for f in fields if folded in fold(f'{f.name}\n{FIELD_TYPES.get(f.field_type, "")}\n'
                                                  + '\n'.join(f.options or []))]
    return sorted(found, key=lambda f: (f.name.casefold(), f.id))


def get_field(actor: Actor, field_id: int) -> CustomField:
    """The custom field, if it is of the actor's account; any other is "not found"."""
    found = CustomField.get_or_none(CustomField.id == field_id)
    if found is None:
        raise not_found('CustomField')
    require(actor, Action.READ, found)
    return found


def create_field(actor: Actor, name: str, field_type: str, options: list[str] | None = None) -> CustomField:
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # names unique in the account, on PostgreSQL too
        clean = _valid_name(actor, name)
        kind = _valid_type(field_type)
        created = CustomField.create(account=actor.account_id, name=clean, field_type=kind,
                                     options=_valid_options(kind, options))
        adopted = adopt_unmatched(actor.account_id, 'custom_field', created.id, clean)
    announce_change(actor.account_id, adopted)
    return created


def update_field(actor: Actor, field_id: int, name: str, field_type: str,
                 options: list[str] | None = None) -> CustomField:
    """Rename it or change its options; its type changes only while no workflow uses it."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # names unique in the account, on PostgreSQL too
        found = get_field(actor, field_id)
        kind = _valid_type(field_type)
        if kind != found.field_type:
            refuse_if_used(field_users(actor, found.id), f'The type of "{found.name}" cannot change: it')
        found.name = _valid_name(actor, name, ignore_id=found.id)
        found.field_type = kind
        found.options = _valid_options(kind, options)
        found.save()
        adopted = adopt_unmatched(actor.account_id, 'custom_field', found.id, found.name)
    announce_change(actor.account_id, adopted)
    return found


def delete_field(actor: Actor, field_id: int) -> str:
    require(actor, Action.CHANGE)
    with db.atomic():
        found = get_field(actor, field_id)
        refuse_if_used(field_users(actor, found.id), f'"{found.name}"')
        found.delete_instance()
    announce_change(actor.account_id, [])
    return found.name


def field_users(actor: Actor, field_id: int) -> list[WorkflowUse]:
    require(actor, Action.READ)
    return workflows_using(actor.account_id, 'custom_field', field_id)


def parse_options(text: str) -> list[str]:
    """Options as a person types them: one per line or separated by commas."""
    return [part.strip() for line in (text or '').splitlines() for part in line.split(',') if part.strip()]


def _valid_name(actor: Actor, name: str, ignore_id: int | None = None) -> str:
    taken = [(f.id, f.name) for f in (CustomField
                                      .select(CustomField.id, CustomField.name)
                                      .where(CustomField.account == actor.account_id))]
    return clean_name(name, 'custom field', taken, ignore_id)


def _valid_type(field_type: str) -> str:
    kind = CHOICE if field_type == 'choice' else field_type
    if kind not in FIELD_TYPES:
        raise Invalid(f'A custom field\'s type is one of {", ".join(t.lower() for t in FIELD_TYPES.values())}')
    return kind


def _valid_options(kind: str, options: list[str] | None) -> list[str]:
    if kind != CHOICE:
        if options:
            raise Invalid(f'Only choice fields have options; a {FIELD_TYPES[kind].lower()} field has none')
        return []
    clean = [str(option).strip() for option in options or [] if str(option).strip()]
    if not clean:
        raise Invalid('A choice field needs at least one option')
    if len(clean) > OPTIONS_MAX:
        raise Invalid(f'A choice field has at most {OPTIONS_MAX} options ({len(clean)} given)')
    for option in clean:
        if problem := hidden_character_problem(option):
            raise Invalid(f'An option {problem}')
    if too_long := next((option for option in clean if len(option) > NAME_MAX), None):
        raise Invalid(f'An option has at most {NAME_MAX} characters ("{too_long[:20]}…" has {len(too_long)})')
    folded = [option.casefold() for option in clean]
    if repeated := next((option for option, key in zip(clean, folded, strict=True) if folded.count(key) > 1), None):
        raise Invalid(f'The option "{repeated}" is given twice')
    return clean

