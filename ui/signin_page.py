"""The sign-in page (docs/product.md §13), and the page for a person who belongs to no account any more."""

from urllib.parse import quote

from fastapi import Request
from nicegui import ui

from model.access.sessions import open_session
from model.access.signin import sign_in
from model.storage.schema import Person
from ui.calls import call
from ui.layout import use_layout
from ui.session import browser_key, client_address, safe_next


def _sign_in_and_open(email: str, password: str, address: str, browser: str) -> str:
    """The one-time token of a new session for these credentials in this browser (refused like sign_in)."""
    person: Person = sign_in(email, password, address)
    return open_session(person.id, browser)


@ui.page('/signin')
def signin_page(request: Request) -> None:
    target = safe_next(request.query_params.get('next'))
    address = client_address(request)
    browser = browser_key(request)  # set with this page's cookie: the hand-off only works in this browser
    ui.page_title('Sign in · Workflows Area')
    use_layout()
    with ui.card().classes('absolute-center w-96 gap-3').mark('signin-card'):
        with ui.row().classes('items-center gap-2'):
            ui.icon('account_tree', size='md').classes('text-primary')
            ui.label('Workflows Area').classes('text-h6')
        email = ui.input('Email').props('autofocus outlined autocomplete=username').classes('w-full') \
            .mark('signin-email')
        password = ui.input('Password', password=True, password_toggle_button=True) \
            .props('outlined autocomplete=current-password').classes('w-full').mark('signin-password')
        message = ui.label().classes('text-negative').mark('signin-message')

        async def attempt() -> None:
            message.set_text('')
            outcome = await call(_sign_in_and_open, email.value or '', password.value or '', address, browser,
                                 refused=message.set_text)
            if not outcome.ok:
                return
            ui.navigate.to(f'/signin/done?token={outcome.value}&next={quote(target)}')

        password.on('keydown.enter', attempt)
        ui.button('Sign in', on_click=attempt).classes('w-full').mark('signin-submit')


@ui.page('/no-account')
def no_account_page() -> None:
    ui.page_title('No account · Workflows Area')
    use_layout()
    with ui.card().classes('absolute-center w-96 gap-3').mark('no-account'):
        ui.label('You no longer belong to any account').classes('text-h6')
        ui.label('An admin removed you from your last account. Ask an admin to add you again, '
                  'or sign in as someone else.').classes('text-grey-8')
        ui.button('Sign in', on_click=lambda: ui.navigate.to('/signin')).mark('no-account-signin')
