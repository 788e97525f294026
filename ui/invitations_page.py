"""`Invitations`: a person accepts or declines the invitations of account admins, signed in with their own password
(model/access/invitations.py). A person with no account yet lands here; members see a banner on every page."""

from collections.abc import Callable

from nicegui import app, ui

from model.access.invitations import OpenInvitation, accept_invitation, decline_invitation, open_invitations
from ui.calls import call
from ui.session import INVITATIONS_PATH, page_session


@ui.page(INVITATIONS_PATH)
def invitations_page() -> None:
    session_id = page_session()
    ui.page_title('Invitations · Workflows Area')
    with ui.card().classes('absolute-center w-[32rem] gap-3').mark('invitations-card'):
        ui.label('Invitations').classes('text-h6')

        @ui.refreshable
        def listed() -> None:
            invitations = open_invitations(session_id)
            if not invitations:
                ui.label('No invitation is waiting for you.').classes('text-grey-8').mark('no-invitations')
            for invitation in invitations:
                _invitation_row(invitation, session_id, listed.refresh)

        listed()
        ui.button('Go to Workflows', on_click=lambda: ui.navigate.to('/')).props('flat').mark('invitations-done')


def _invitation_row(invitation: OpenInvitation, session_id: str | None, refresh: Callable[[], object]) -> None:
    with ui.row().classes('w-full items-center no-wrap gap-2').mark(f'invitation-{invitation.account_name}'):
        ui.label(f'{invitation.invited_by} invites you to "{invitation.account_name}" as {invitation.role}') \
            .classes('grow')

        async def accept() -> None:
            outcome = await call(accept_invitation, session_id, invitation.id,
                                 done=f'You joined "{invitation.account_name}"')
            if outcome.ok:
                app.storage.user['account_id'] = outcome.value
                ui.navigate.to('/')

        async def decline() -> None:
            await call(decline_invitation, session_id, invitation.id, done='Invitation declined')
            refresh()

        ui.button('Accept', on_click=accept).mark('accept-invitation')
        ui.button('Decline', on_click=decline).props('flat').mark('decline-invitation')
