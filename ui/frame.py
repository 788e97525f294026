"""The frame every page shares: header with the product name and the `Workflows` link back to the list."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from model.people import account_name
from ui.flash import show_pending_notice
from ui.session import current_actor


@contextmanager
def page_frame(title: str) -> Iterator[None]:
    ui.page_title(f'{title} · Workflows Area')
    ui.colors(primary='#3348c8')
    with ui.header().classes('items-center bg-white text-grey-9 shadow-1 q-px-md q-py-sm'):
        ui.icon('account_tree', size='md').classes('text-primary')
        ui.link('Workflows', '/').classes('text-h6 text-primary no-underline').mark('nav-workflows')
        ui.space()
        ui.label(account_name(current_actor())).classes('text-grey-7').mark('account-name')
    show_pending_notice()
    with ui.column().classes('w-full max-w-screen-xl mx-auto q-pa-md gap-4'):
        yield

