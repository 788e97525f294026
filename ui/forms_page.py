"""The Forms page: the account's forms, which `On form submitted` nodes listen to; create, rename, delete."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from nicegui import ui

from model.account_data.forms import FIELDS_MAX, create_form, delete_form, form_users, list_forms, update_form
from model.storage.schema import Form
from ui.account_items import ItemKind, ItemsView
from ui.frame import page_frame


@ui.page('/forms')
def forms_page(request: Request) -> None:
    with page_frame('Forms'):
        ItemsView(FORMS, request.query_params.get('q', '')[:200]).build()


def _details(form: Form) -> None:
    ui.label(', '.join(form.fields) or 'no fields').classes('text-caption text-grey-8 ellipsis').mark('form-fields')


def _own_inputs(form: Form | None) -> Callable[[], list[Any]]:
    """Its fields, one per line."""
    fields = ui.textarea('Fields, one per line', value='\n'.join(form.fields) if form else '',
                         placeholder='email\nfirst name') \
        .props('autogrow').classes('w-full').mark('form-fields-input')
    ui.label(f'At most {FIELDS_MAX} fields.').classes('text-caption text-grey-7')
    return lambda: [(fields.value or '').splitlines()]


FORMS = ItemKind(title='Forms', noun='form', path='/forms', items=list_forms, users=form_users, delete=delete_form,
                 details=_details, create=create_form, update=update_form, own_inputs=_own_inputs, dialog_mark='form')
