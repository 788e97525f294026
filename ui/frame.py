"""The frame every page shares: the `Workflows` link, the account switcher, the person and `Sign out`."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from model.people import accounts_of, person_name
from ui.clock_controls import clock_banner, clock_menu
from ui.flash import show_pending_notice
from ui.session import current_actor, sign_out, switch_account, watch_access
from ui.undo_bar import show_carried_undo


@contextmanager
def page_frame(title: str, wide: bool = False) -> Iterator[None]:
    """``wide``: the page uses the whole window (the canvas pages), not a centred column."""
    actor = current_actor()
    ui.page_title(f'{title} · Workflows Area')
    ui.colors(primary='#3348c8')
    with ui.header().classes('items-center bg-white text-grey-9 shadow-1 q-px-md q-py-sm'):
        ui.icon('account_tree', size='md').classes('text-primary')
        ui.link('Workflows', '/').classes('text-h6 text-primary no-underline').mark('nav-workflows')
        ui.link('Segments', '/segments').classes('text-body1 text-grey-9 no-underline q-ml-md').mark('nav-segments')
        ui.link('Custom fields', '/custom-fields').classes('text-body1 text-grey-9 no-underline') \
            .mark('nav-custom-fields')
        ui.space()
        accounts = accounts_of(actor.person_id)
        ui.select(accounts, value=actor.account_id, on_change=lambda e: _switch(e.value)) \
            .props('dense borderless options-dense').classes('min-w-40').mark('account-switcher') \
            .tooltip('Account')
        clock_menu(actor)
        if actor.manages_account:
            ui.button('People and accounts', icon='group', on_click=lambda: ui.navigate.to('/admin')) \
                .props('flat dense no-caps').mark('nav-admin')
        ui.label(f'{person_name(actor.person_id)} · {actor.role}').classes('text-grey-7 text-caption') \
            .mark('person')
        ui.button(icon='key', on_click=lambda: ui.navigate.to('/password')) \
            .props('flat round dense aria-label="Change password"').mark('nav-password').tooltip('Change password')
        ui.button(icon='logout', on_click=sign_out).props('flat round dense aria-label="Sign out"') \
            .mark('sign-out').tooltip('Sign out')
    show_pending_notice()
    show_carried_undo(actor)
    watch_access(actor)
    clock_banner(actor)
    with ui.column().classes(f'w-full {"" if wide else "max-w-screen-xl"} mx-auto q-pa-md gap-4'):
        yield


def _switch(account_id: int) -> None:
    if account_id != current_actor().account_id:
        switch_account(account_id)
        ui.navigate.to('/')
