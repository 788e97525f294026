"""The frame every page shares: the `Workflows` link, the account switcher, the person and `Sign out`.

Under 1280 px (ui/layout.py) everything but the `Workflows` link folds into one menu.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from model.access.gate import Action, Actor, Rights, rights
from model.access.invitations import open_invitations
from model.access.people import accounts_of, person_name
from ui.clock_controls import clock_banner, clock_menu, clock_menu_items
from ui.layout import use_layout
from ui.live import watch_page
from ui.session import INVITATIONS_PATH, current_actor, sign_out, switch_account
from ui.undo_bar import show_carried


@contextmanager
def page_frame(title: str, wide: bool = False) -> Iterator[None]:
    """``wide``: the page uses the whole window (the canvas pages), not a centred column."""
    actor = current_actor()
    watch_page(actor)
    ui.page_title(f'{title} · Workflows Area')
    ui.colors(primary='#3348c8')
    use_layout()
    accounts = accounts_of(actor.person_id)
    person = f'{person_name(actor.person_id)} · {actor.role}'
    with ui.header().classes('items-center no-wrap bg-white text-grey-9 shadow-1 q-px-md q-py-sm'):
        ui.icon('account_tree', size='md').classes('text-primary')
        ui.link('Workflows', '/').classes('text-h6 text-primary no-underline').mark('nav-workflows')
        with ui.row().classes('header-wide items-center no-wrap gap-4 q-ml-md'):
            ui.link('Segments', '/segments').classes('text-body1 text-grey-9 no-underline').mark('nav-segments')
            ui.link('Custom fields', '/custom-fields').classes('text-body1 text-grey-9 no-underline') \
                .mark('nav-custom-fields')
            ui.link('Forms', '/forms').classes('text-body1 text-grey-9 no-underline').mark('nav-forms')
        ui.space()
        mine = rights(actor)
        with ui.row().classes('header-wide items-center no-wrap gap-2'):
            ui.select(accounts, value=actor.account_id, on_change=lambda e: _switch(e.value)) \
                .props('dense borderless options-dense').classes('min-w-40').mark('account-switcher') \
                .tooltip('Account')
            clock_menu(mine)
            if mine.allows(Action.ADMINISTER):
                ui.button('People and accounts', icon='group', on_click=lambda: ui.navigate.to('/admin')) \
                    .props('flat dense no-caps').mark('nav-admin')
            ui.label(person).classes('text-grey-7 text-caption').mark('person')
            ui.button(icon='key', on_click=lambda: ui.navigate.to('/password')) \
                .props('flat round dense aria-label="Change password"').mark('nav-password').tooltip('Change password')
            ui.button(icon='logout', on_click=sign_out).props('flat round dense aria-label="Sign out"') \
                .mark('sign-out').tooltip('Sign out')
        _folded_menu(actor, mine, accounts, person)
    show_carried(actor)
    _invitations_banner(actor)
    clock_banner(actor, mine)
    with ui.column().classes(f'page-content w-full {"" if wide else "max-w-screen-xl"} mx-auto q-pa-md gap-4'):
        yield


def _invitations_banner(actor: Actor) -> None:
    count = len(open_invitations(actor.session_id)) if actor.session_id else 0
    if count:
        with ui.row().classes('w-full items-center bg-blue-1 q-px-md q-py-xs').mark('invitations-banner'):
            ui.icon('mail', size='sm').classes('text-primary')
            text = 'An account invites you to join it' if count == 1 else f'{count} accounts invite you to join them'
            ui.label(text).classes('grow')
            ui.button('See invitations', on_click=lambda: ui.navigate.to(INVITATIONS_PATH)).props('flat dense no-caps')


def _folded_menu(actor: Actor, mine: Rights, accounts: dict[int, str], person: str) -> None:
    """The header's links and controls as one menu, for narrow screens."""
    with ui.button(icon='menu').props('flat round aria-label="Menu"').classes('header-folded').mark('header-menu'), \
            ui.menu().classes('min-w-56').mark('header-menu-items'):
        ui.item_label(person).props('header').classes('text-grey-7 q-py-sm')
        ui.menu_item('Segments', on_click=lambda: ui.navigate.to('/segments'))
        ui.menu_item('Custom fields', on_click=lambda: ui.navigate.to('/custom-fields'))
        ui.menu_item('Forms', on_click=lambda: ui.navigate.to('/forms'))
        if len(accounts) > 1:
            ui.separator()
            ui.item_label('Account').props('header').classes('q-py-sm')
            for account_id, name in accounts.items():
                with ui.menu_item(on_click=lambda a=account_id: _switch(a)).mark(f'menu-account-{account_id}'):
                    with ui.item_section().props('avatar'):
                        ui.icon('check' if account_id == actor.account_id else '')
                    ui.item_section(name)
        if mine.allows(Action.ADMINISTER):
            ui.separator()
            ui.menu_item('People and accounts', on_click=lambda: ui.navigate.to('/admin'))
            clock_menu_items(mine)
        ui.separator()
        ui.menu_item('Change password', on_click=lambda: ui.navigate.to('/password'))
        ui.menu_item('Sign out', on_click=sign_out).mark('menu-sign-out')


def _switch(account_id: int) -> None:
    if account_id != current_actor().account_id:
        switch_account(account_id)
        ui.navigate.to('/')
