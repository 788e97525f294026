"""The Custom fields page: name, type (text, number, date, boolean, choice) and a choice's options."""

from collections.abc import Callable

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
from model.account_data.references import NAME_MAX
from model.storage.schema import CustomField
from ui.account_items import ItemKind, ItemsView
from ui.calls import call
from ui.dialogs import transient_dialog
from ui.frame import page_frame
from ui.session import current_actor


@ui.page('/custom-fields')
def custom_fields_page(request: Request) -> None:
    with page_frame('Custom fields'):
        ItemsView(CUSTOM_FIELDS, request.query_params.get('q', '')[:200]).build()


def _details(field: CustomField) -> None:
    ui.badge(FIELD_TYPES.get(field.field_type, field.field_type), color='grey-3', text_color='grey-9') \
        .mark('field-type')
    if field.options:
        ui.label(', '.join(field.options)).classes('text-caption text-grey-8 ellipsis').mark('field-options')


def _open_form(field: CustomField | None, redraw: Callable[[], object]) -> None:
    """Create (``field`` None) or edit one; options show for choice fields only."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[28rem]').mark('field-dialog'):
        ui.label('New custom field' if field is None else 'Edit custom field').classes('text-h6')
        name = ui.input('Name', value=field.name if field else '') \
            .props('autofocus counter').classes('w-full').mark('field-name')
        name.props['maxlength'] = NAME_MAX
        field_type = ui.select(FIELD_TYPES, label='Type', value=field.field_type if field else 'text') \
            .classes('w-full').mark('field-type-select')
        options = ui.textarea('Options (one per line)', value='\n'.join(field.options) if field else '') \
            .props('autogrow').classes('w-full').mark('field-options-input')
        options.bind_visibility_from(field_type, 'value', backward=lambda value: value == CHOICE)

        async def save() -> None:
            chosen = parse_options(options.value or '') if field_type.value == CHOICE else []
            if field is None:
                outcome = await call(create_field, current_actor(), name.value or '', field_type.value, chosen,
                                     done=lambda f: f'Custom field "{f.name}" created')
            else:
                outcome = await call(update_field, current_actor(), field.id, name.value or '', field_type.value,
                                     chosen, done=lambda f: f'Custom field "{f.name}" saved')
            if outcome.ok:
                redraw()
                dialog.close()

        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button('Save', on_click=save).mark('field-save')
    dialog.open()


CUSTOM_FIELDS = ItemKind(title='Custom fields', noun='custom field', path='/custom-fields', items=list_fields,
                         users=field_users, delete=delete_field, details=_details, open_form=_open_form)
