"""`Change password`: everyone changes their own (the current one required, its guesses throttled like sign-in); a
temporary password must be changed here before anything else. Changing it ends the person's other sessions;
`Sign out everywhere` ends all of them, this one too."""

from fastapi import Request
from nicegui import ui

from model.access.sessions import session_person, sign_out_everywhere
from model.access.signin import MIN_PASSWORD, change_password, must_change_password
from ui.calls import call
from ui.layout import use_layout
from ui.session import client_address, page_session, safe_next


@ui.page('/password')
def password_page(request: Request) -> None:
    target = safe_next(request.query_params.get('next'))
    session_id = page_session()
    person_id = session_person(session_id)
    if person_id is None:
        ui.navigate.to('/signin')
        return
    temporary = must_change_password(person_id)
    address = client_address(request)
    ui.page_title('Change password · Workflows Area')
    use_layout()
    with ui.card().classes('absolute-center w-96 gap-3').mark('password-card'):
        ui.label('Change password').classes('text-h6')
        if temporary:
            ui.label('You signed in with a temporary password: choose your own to go on.') \
                .classes('text-grey-8').mark('temporary-note')
        current = ui.input('Current password', password=True).props('outlined autocomplete=current-password') \
            .classes('w-full').mark('current-password')
        new = ui.input(f'New password (at least {MIN_PASSWORD} characters, not your email)', password=True) \
            .props('outlined autocomplete=new-password').classes('w-full').mark('new-password')
        repeat = ui.input('New password again', password=True).props('outlined autocomplete=new-password') \
            .classes('w-full').mark('repeat-password')
        message = ui.label().classes('text-negative').mark('password-message')

        async def save() -> None:
            if (new.value or '') != (repeat.value or ''):
                message.set_text('The two new passwords differ')
                return
            outcome = await call(change_password, person_id, current.value or '', new.value or '', session_id,
                                 address, done='Password changed; your other sessions have ended')
            message.set_text('' if outcome.ok else outcome.message)
            if outcome.ok:
                ui.navigate.to(target)

        with ui.row().classes('w-full justify-end'):
            if not temporary:
                ui.button('Cancel', on_click=lambda: ui.navigate.to(target)).props('flat')
            ui.button('Change password', on_click=save).mark('change-password')
        ui.separator()
        ui.label('Signed in on a computer you no longer use? End every session of yours, this one too.') \
            .classes('text-grey-8 text-caption')
        ui.button('Sign out everywhere', icon='logout', on_click=_sign_out_everywhere).props('outline') \
            .classes('w-full').mark('sign-out-everywhere')


async def _sign_out_everywhere() -> None:
    outcome = await call(sign_out_everywhere, page_session(), done='Every session of yours has ended')
    if outcome.ok:
        ui.navigate.to('/signin')
