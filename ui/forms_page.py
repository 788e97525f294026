"""The Forms page: the account's forms, which `On form submitted` nodes listen to; create, rename, delete."""

from collections.abc import Callable

from fastapi import Request
from nicegui import ui

from model.account_data.forms import FIELDS_MAX, create_form, delete_form, form_users, list_forms, update_form
from model.account_data.references import NAME_MAX
from model.storage.schema import Form
from ui.account_items import ItemKind, ItemsView
from ui.calls import call
from ui.dialogs import transient_dialog
from ui.frame import page_frame
from ui.session import current_actor


@ui.page('/forms')
def forms_page(request: Request) -> None:
    with page_frame('Forms'):
        ItemsView(FORMS, request.query_params.get('q', '')[:200]).build()


def _details(form: Form) -> None:
    ui.label(', '.join(form.fields) or 'no fields').classes('text-caption text-grey-8 ellipsis').mark('form-fields')


def _open_form(form: Form | None, redraw: Callable[[], object]) -> None:
    """Create (``form`` None) or edit one: its name and its fields, one per line."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[28rem]').mark('form-dialog'):
        ui.label('New form' if form is None else 'Edit form').classes('text-h6')
        name = ui.input('Name', value=form.name if form else '') \
            .props('autofocus counter').classes('w-full').mark('form-name')
        name.props['maxlength'] = NAME_MAX
        fields = ui.textarea('Fields, one per line', value='\n'.join(form.fields) if form else '',
                             placeholder='email\nfirst name') \
            .props('autogrow').classes('w-full').mark('form-fields-input')
        ui.label(f'At most {FIELDS_MAX} fields.').classes('text-caption text-grey-7')

        async def save() -> None:
            typed = (fields.value or '').splitlines()
            if form is None:
                outcome = await call(create_form, current_actor(), name.value or '', typed,
                                     done=lambda f: f'Form "{f.name}" created')
            else:
                outcome = await call(update_form, current_actor(), form.id, name.value or '', typed,
                                     done=lambda f: f'Form "{f.name}" saved')
            if outcome.ok:
                redraw()
                dialog.close()

        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button('Save', on_click=save).mark('form-save')
    dialog.open()


FORMS = ItemKind(title='Forms', noun='form', path='/forms', items=list_forms, users=form_users, delete=delete_form,
                 details=_details, open_form=_open_form)
