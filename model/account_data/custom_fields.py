"""An account's custom fields: name, type and, for choice fields, the options.

Types are stored as ``text``, ``number``, ``date``, ``boolean`` and ``select``; ``select`` is what
people see as *Choice* (the `.cn` format has always written ``select``, see docs/decisions.md).
Creating or renaming a field gives it back to the imported drafts that lost a field of that name.
"""

from model.access.gate import Actor
from model.account_data.named_items import NamedItems
from model.account_data.references import NAME_MAX, WorkflowUse, refuse_if_used
from model.common.errors import Invalid
from model.common.text import hidden_character_problem
from model.storage.schema import CustomField

FIELD_TYPES = {'text': 'Text', 'number': 'Number', 'date': 'Date', 'boolean': 'Boolean', 'select': 'Choice'}
CHOICE = 'select'
OPTIONS_MAX = 50
FIELDS = NamedItems(CustomField, 'custom_field', 'custom field', searched_text=lambda field: '\n'.join(
    [FIELD_TYPES.get(field.field_type, ''), *(field.options or [])]))


def list_fields(actor: Actor, search: str = '') -> list[CustomField]:
    """The account's fields by name; ``search`` matches the name, the type or an option."""
    return FIELDS.listed(actor, search)


def get_field(actor: Actor, field_id: int) -> CustomField:
    return FIELDS.get(actor, field_id)


def create_field(actor: Actor, name: str, field_type: str, options: list[str] | None = None) -> CustomField:
    def values() -> dict:
        kind = _valid_type(field_type)
        return {'field_type': kind, 'options': _valid_options(kind, options)}
    return FIELDS.create(actor, name, values)


def update_field(actor: Actor, field_id: int, name: str, field_type: str,
                 options: list[str] | None = None) -> CustomField:
    """Rename it or change its options; its type changes only while no workflow uses it."""
    def values(found: CustomField) -> dict:
        kind = _valid_type(field_type)
        if kind != found.field_type:
            refuse_if_used(field_users(actor, found.id), f'The type of "{found.name}" cannot change: it')
        return {'field_type': kind, 'options': _valid_options(kind, options)}
    return FIELDS.update(actor, field_id, name, values)


def delete_field(actor: Actor, field_id: int) -> str:
    return FIELDS.delete(actor, field_id)


def field_users(actor: Actor, field_id: int) -> list[WorkflowUse]:
    return FIELDS.users(actor, field_id)


def parse_options(text: str) -> list[str]:
    """Options as a person types them: one per line or separated by commas."""
    return [part.strip() for line in (text or '').splitlines() for part in line.split(',') if part.strip()]


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

