"""The "Not found" page body, inside the frame: a wrong address or another account's workflow, never raw JSON."""

from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from ui.frame import page_frame

WHAT_HAPPENED = 'There is no such page in this account: the address may be mistyped, or what it showed was deleted.'


def not_found(message: str = WHAT_HAPPENED) -> None:
    with ui.column().classes('w-full items-center q-pa-xl gap-2').mark('not-found'):
        ui.icon('search_off', size='xl').classes('text-grey-6')
        ui.label('Not found').classes('text-h4')
        ui.label(message).classes('text-grey-7 text-center')
        ui.button('Back to Workflows', icon='arrow_back', on_click=lambda: ui.navigate.to('/')) \
            .props('outline').mark('back-to-workflows')


def workflow_id_from(text: str) -> int | None:
    """The id in a /workflows/<id> address; None for anything that is not a plain positive number."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


@ui.page('/not-found')
def unknown_address_page(address: str = '') -> None:
    with page_frame('Not found'):
        not_found(f'There is no page at {address[:200]}: the address may be mistyped.' if address else WHAT_HAPPENED)


async def unknown_address(request: Request, exception: Exception) -> Response:
    """An address no page answers (main.py puts this in place of NiceGUI's own 404 page): our page, in the
    frame. A 404 from an endpoint that is not a page (files, resources) stays JSON, as NiceGUI does."""
    endpoint = request.scope.get('endpoint')
    if endpoint is not None and endpoint is not app and not request.scope.get('nicegui_page_path'):
        return await http_exception_handler(request, exception)  # type: ignore[arg-type]
    return RedirectResponse('/not-found?' + urlencode({'address': request.url.path}), status_code=303)
