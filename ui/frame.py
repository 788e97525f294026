"""The frame every page shares: the `Workflows` link, the account switcher, the person and `Sign out`.

Under 1280 px (ui/layout.py) everything but the `Workflows` link folds into one menu.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from model.access.gate import Actor
from model.access.people import accounts_of, person_name
from ui.clock_controls import clock_banner, clock_menu, clock_menu_items
from ui.flash import show_pending_notice
from ui.layout import use_layout
from ui.session import current_actor, sign_out, switch_account, watch_access
from ui.undo_bar import show_carried_undo


@contextmanager
def page_frame(title: str) -> Iterator[None]:
    actor = current_actor()
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
        ui.space()
        with ui.row().classes('header-wide items-center no-wrap gap-2'):
            ui.select(accounts, value=actor.account_id, on_change=lambda e: _switch(e.value)) \
                .props('dense borderless options-dense').classes('min-w-40').mark('account-switcher') \
                .tooltip('Account')
            clock_menu(actor)
            if actor.manages_account:
                ui.button('People and accounts', icon='group', on_click=lambda: ui.navigate.to('/admin')) \
                    .props('flat dense no-caps').mark('nav-admin')
            ui.label(person).classes('text-grey-7 text-caption').mark('person')
            ui.button(icon='key', on_click=lambda: ui.navigate.to('/password')) \
                .props('flat round dense aria-label="Change password"').mark('nav-password').tooltip('Change password')
            ui.button(icon='logout', on_click=sign_out).props('flat round dense aria-label="Sign out"') \
                .mark('sign-out').tooltip('Sign out')
        _folded_menu(actor, accounts, person)
    show_pending_notice()
    show_carried_undo(actor)
    watch_access(actor)
    clock_banner(actor)
    with ui.column().classes('page-content w-full max-w-screen-xl mx-auto q-pa-md gap-4'):
        yield


def _folded_menu(actor: Actor, accounts: dict[int, str], person: str) -> None:
    """The header's links and controls as one menu, for narrow screens."""
    with ui.button(icon='menu').props('flat round aria-label="Menu"').classes('header-folded').mark('header-menu'), \
            ui.menu().classes('min-w-56').mark('header-menu-items'):
        ui.item_label(person).props('header').classes('text-grey-7 q-py-sm')
        ui.menu_item('Segments', on_click=lambda: ui.navigate.to('/segments'))
        ui.menu_item('Custom fields', on_click=lambda: ui.navigate.to('/custom-fields'))
        if len(accounts) > 1:
            ui.separator()
            ui.item_label('Account').props('header').classes('q-py-sm')
            for account_id, name in accounts.items():
                with ui.menu_item(on_click=lambda a=account_id: _switch(a)).mark(f'menu-account-{account_id}'):
                    with ui.item_section().props('avatar'):
                        ui.icon('check' if account_id == actor.account_id else '')
                    ui.item_section(name)
        if actor.manages_account:
            ui.separator()
            ui.menu_item('People and accounts', on_click=lambda: ui.navigate.to('/admin'))
            clock_menu_items(actor)
        ui.separator()
        ui.menu_item('Change password', on_click=lambda: ui.navigate.to('/password'))
        ui.menu_item('Sign out', on_click=sign_out).mark('menu-sign-out')


def _switch(account_id: int) -> None:
    if account_id != current_actor().account_id:
        switch_account(account_id)
        ui.navigate.to('/')
