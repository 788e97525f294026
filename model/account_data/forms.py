"""An account's forms, which `On form submitted` nodes listen to: list, create, rename, delete while unused.

Like segments (model/account_data/segments.py): names are unique in the account ignoring case, a form in use
cannot be deleted, and `.cn` import matches forms by name; creating or renaming one to the name an import could
not match gives it to those drafts' nodes.
"""

from model.access.gate import Actor
from model.account_data.named_items import NamedItems
from model.account_data.references import WorkflowUse
from model.common.errors import Invalid
from model.common.text import hidden_character_problem
from model.storage.schema import Form

FIELDS_MAX = 30
FIELD_NAME_MAX = 60
FORMS = NamedItems(Form, 'form', 'form', searched_text=lambda form: '\n'.join(form.fields))


def list_forms(actor: Actor, search: str = '') -> list[Form]:
    """The account's forms by name; ``search`` matches the name or a field, ignoring case and accents."""
    return FORMS.listed(actor, search)


def get_form(actor: Actor, form_id: int) -> Form:
    return FORMS.get(actor, form_id)


def create_form(actor: Actor, name: str, fields: list[str]) -> Form:
    return FORMS.create(actor, name, lambda: {'fields': _valid_fields(fields)})


def update_form(actor: Actor, form_id: int, name: str, fields: list[str]) -> Form:
    return FORMS.update(actor, form_id, name, lambda _: {'fields': _valid_fields(fields)})


def delete_form(actor: Actor, form_id: int) -> str:
    return FORMS.delete(actor, form_id)


def form_users(actor: Actor, form_id: int) -> list[WorkflowUse]:
    return FORMS.users(actor, form_id)


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
