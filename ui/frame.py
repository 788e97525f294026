"""The frame every page shares: the `Workflows` link, the account switcher, the person and `Sign out`."""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from model.access.gate import Action, Actor, rights
from model.access.invitations import open_invitations
from model.access.people import accounts_of, person_name
from ui.clock_controls import clock_banner, clock_menu
from ui.live import watch_page
from ui.session import INVITATIONS_PATH, current_actor, sign_out, switch_account
from ui.undo_bar import show_carried


@contextmanager
def page_frame(title: str) -> Iterator[None]:
    actor = current_actor()
    watch_page(actor)
    ui.page_title(f'{title} · Workflows Area')
    ui.colors(primary='#3348c8')
    with ui.header().classes('items-center bg-white text-grey-9 shadow-1 q-px-md q-py-sm'):
        ui.icon('account_tree', size='md').classes('text-primary')
        ui.link('Workflows', '/').classes('text-h6 text-primary no-underline').mark('nav-workflows')
        ui.link('Segments', '/segments').classes('text-body1 text-grey-9 no-underline q-ml-md').mark('nav-segments')
        ui.link('Custom fields', '/custom-fields').classes('text-body1 text-grey-9 no-underline') \
            .mark('nav-custom-fields')
        ui.link('Forms', '/forms').classes('text-body1 text-grey-9 no-underline').mark('nav-forms')
        ui.space()
        accounts = accounts_of(actor.person_id)
        ui.select(accounts, value=actor.account_id, on_change=lambda e: _switch(e.value)) \
            .props('dense borderless options-dense').classes('min-w-40').mark('account-switcher') \
            .tooltip('Account')
        mine = rights(actor)
        clock_menu(mine)
        if mine.allows(Action.ADMINISTER):
            ui.button('People and accounts', icon='group', on_click=lambda: ui.navigate.to('/admin')) \
                .props('flat dense no-caps').mark('nav-admin')
        ui.label(f'{person_name(actor.person_id)} · {actor.role}').classes('text-grey-7 text-caption') \
            .mark('person')
        ui.button(icon='key', on_click=lambda: ui.navigate.to('/password')) \
            .props('flat round dense aria-label="Change password"').mark('nav-password').tooltip('Change password')
        ui.button(icon='logout', on_click=sign_out).props('flat round dense aria-label="Sign out"') \
            .mark('sign-out').tooltip('Sign out')
    show_carried(actor)
    _invitations_banner(actor)
    clock_banner(actor, mine)
    with ui.column().classes('w-full max-w-screen-xl mx-auto q-pa-md gap-4'):
        yield


def _invitations_banner(actor: Actor) -> None:
    count = len(open_invitations(actor.session_id)) if actor.session_id else 0
    if count:
        with ui.row().classes('w-full items-center bg-blue-1 q-px-md q-py-xs').mark('invitations-banner'):
            ui.icon('mail', size='sm').classes('text-primary')
            text = 'An account invites you to join it' if count == 1 else f'{count} accounts invite you to join them'
            ui.label(text).classes('grow')
            ui.button('See invitations', on_click=lambda: ui.navigate.to(INVITATIONS_PATH)).props('flat dense no-caps')


def _switch(account_id: int) -> None:
    if account_id != current_actor().account_id:
        switch_account(account_id)
        ui.navigate.to('/')
