"""The sign-in page (SPEC §13)."""

from fastapi import Request
from nicegui import ui

from model.auth import sign_in
from ui.calls import call
from ui.session import start_session


@ui.page('/signin')
def signin_page(request: Request) -> None:
    target = request.query_params.get('next', '/')
    target = target if target.startswith('/') and not target.startswith('//') else '/'
    ui.page_title('Sign in · Workflows Area')
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
            outcome = await call(sign_in, email.value or '', password.value or '', refused=message.set_text)
            if outcome.value is None:
                return
            start_session(outcome.value.id)
            ui.navigate.to(target)

        password.on('keydown.enter', attempt)
        ui.button('Sign in', on_click=attempt).classes('w-full').mark('signin-submit')
