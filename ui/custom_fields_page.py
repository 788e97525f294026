"""The Custom fields page: name, type (text, number, date, boolean, choice) and a choice's options."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from nicegui import ui

from model.account_data.custom_fields import (
    CHOICE,
    FIELD_TYPES,
    create_field,
    delete_field,
    field_users,
    list_fields,
    parse_options,
    update_field,
)
from model.storage.schema import CustomField
from ui.account_items import ItemKind, ItemsView
from ui.frame import page_frame


@ui.page('/custom-fields')
def custom_fields_page(request: Request) -> None:
    with page_frame('Custom fields'):
        ItemsView(CUSTOM_FIELDS, request.query_params.get('q', '')[:200]).build()


def _details(field: CustomField) -> None:
    ui.badge(FIELD_TYPES.get(field.field_type, field.field_type), color='grey-3', text_color='grey-9') \
        .mark('field-type')
    if field.options:
        ui.label(', '.join(field.options)).classes('text-caption text-grey-8 ellipsis').mark('field-options')


def _own_inputs(field: CustomField | None) -> Callable[[], list[Any]]:
    """The type, and the options, shown for choice fields only."""
    field_type = ui.select(FIELD_TYPES, label='Type', value=field.field_type if field else 'text') \
        .classes('w-full').mark('field-type-select')
    options = ui.textarea('Options (one per line)', value='\n'.join(field.options) if field else '') \
        .props('autogrow').classes('w-full').mark('field-options-input')
    options.bind_visibility_from(field_type, 'value', backward=lambda value: value == CHOICE)
    return lambda: [field_type.value, parse_options(options.value or '') if field_type.value == CHOICE else []]


CUSTOM_FIELDS = ItemKind(title='Custom fields', noun='custom field', path='/custom-fields', items=list_fields,
                         users=field_users, delete=delete_field, details=_details, create=create_field,
                         update=update_field, own_inputs=_own_inputs, dialog_mark='field')
