"""People and accounts (docs/product.md §13), for admins: invite people, change roles, remove people (never the
last admin, and only once confirmed), reset a password where the admin administers all the person's accounts,
create and rename accounts. Emails are shown as text, never inside a ``props()`` string."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from model.access.gate import ROLES, Action, rights
from model.access.invitations import invite, sent_invitations, withdraw_invitation
from model.access.people import (
    Member,
    account_name,
    change_role,
    create_account,
    members,
    remove_member,
    rename_account,
    reset_password,
)
from ui.calls import call
from ui.dialogs import dialog_buttons, transient_dialog
from ui.frame import page_frame
from ui.session import current_actor, switch_account
from ui.site_operator_panel import site_operator_section
from ui.training_panel import training_section


@ui.page('/admin')
def admin_page() -> None:
    actor = current_actor()
    with page_frame('People and accounts'):
        mine = rights(actor)
        if not mine.allows(Action.ADMINISTER):
            ui.label('Only an admin of this account can manage its people and accounts.').classes('text-grey-7') \
                .mark('admin-only')
            return
        ui.label(f'People of "{account_name(actor)}"').classes('text-h5')

        @ui.refreshable
        def people() -> None:
            for member in members(current_actor()):
                _member_row(member, attempt)
            for invitation in sent_invitations(current_actor()):
                with ui.row().classes('w-full max-w-3xl items-center no-wrap gap-3') \
                        .mark(f'invited-{invitation.email}'):
                    ui.label('Invited').classes('w-48 text-italic text-grey-7')
                    ui.label(invitation.email).classes('grow ellipsis text-grey-8')
                    ui.label(invitation.role).classes('w-32')
                    withdraw = ui.button(icon='cancel', on_click=lambda i=invitation: attempt(
                        withdraw_invitation, i.id, done=f'The invitation of {i.email} is withdrawn')) \
                        .props('flat round').mark(f'withdraw-{invitation.email}').tooltip('Withdraw the invitation')
                    withdraw.props['aria-label'] = f'Withdraw the invitation of {invitation.email}'

        async def attempt(change: Callable[..., object], *args: object, done: str) -> None:
            await call(change, current_actor(), *args, done=done)
            people.refresh()

        people()
        with ui.card().props('flat bordered').classes('w-full max-w-3xl'):
            ui.label('Invite a person').classes('text-subtitle1')
            ui.label('They join this account when they accept, signed in with their own password; someone new '
                     'signs in with the code shown once here.').classes('text-grey-8 text-caption')
            with ui.row().classes('w-full items-end gap-2'):
                email = ui.input('Email').props('outlined dense').classes('w-64').mark('new-email')
                name = ui.input('Name').props('outlined dense').classes('w-48').mark('new-person-name')
                role = ui.select(list(ROLES), value='editor', label='Role').props('outlined dense').classes('w-32') \
                    .mark('new-role')

                async def add() -> None:
                    outcome = await call(invite, current_actor(), email.value or '', name.value or '', role.value,
                                         done=f'{email.value} is invited as {role.value}')
                    if not outcome.ok or not outcome.value:
                        return
                    _show_code(email.value or '', outcome.value)
                    email.value, name.value = '', ''
                    people.refresh()

                ui.button('Invite', icon='person_add', on_click=add).mark('add-person')
        ui.label('Accounts').classes('text-h5 q-mt-md')
        with ui.row().classes('items-end gap-2'):
            new_name = ui.input('Rename this account', value=account_name(actor)).props('outlined dense') \
                .classes('w-64').mark('rename-account')
            ui.button('Rename', on_click=lambda: _rename(new_name.value or '')).props('outline')
        if mine.allows(Action.OPERATE_SITE):
            with ui.row().classes('items-end gap-2'):
                created = ui.input('New account name').props('outlined dense').classes('w-64').mark('new-account')
                ui.button('Create account', on_click=lambda: _create(created.value or '')).mark('create-account')
        training_section(actor)
        if mine.allows(Action.OPERATE_SITE):
            site_operator_section(actor, members(actor))


def _member_row(member: Member, attempt: Callable[..., Awaitable[None]]) -> None:
    with ui.row().classes('w-full max-w-3xl items-center no-wrap gap-3').mark(f'member-{member.email}'):
        ui.label(member.display_name).classes('w-48 ellipsis')
        ui.label(member.email).classes('grow ellipsis text-grey-8')
        ui.select(list(ROLES), value=member.role,
                  on_change=lambda e: attempt(change_role, member.person_id, e.value,
                                              done=f'{member.email} is now {e.value}')) \
            .props('dense outlined').classes('w-32').mark(f'role-{member.email}')
        remove = ui.button(icon='person_remove', on_click=lambda: _confirm_removal(member, attempt)) \
            .props('flat round color=negative').mark(f'remove-{member.email}').tooltip('Remove from this account')
        remove.props['aria-label'] = f'Remove {member.email}'
        if member.can_reset:  # an admin of one of their other accounts could not be overruled
            reset = ui.button(icon='lock_reset', on_click=lambda: _reset(member.person_id, member.email)) \
                .props('flat round').mark(f'reset-{member.email}').tooltip('Reset password')
            reset.props['aria-label'] = f'Reset the password of {member.email}'


def _confirm_removal(member: Member, attempt: Callable[..., Awaitable[None]]) -> None:
    with transient_dialog() as dialog, ui.card().mark('confirm-removal'):
        ui.label(f'Remove {member.display_name} ({member.email}) from this account?').classes('text-h6')
        ui.label('They lose access to its workflows at once; an admin can invite them again.').classes('text-grey-8')

        async def remove() -> None:
            await attempt(remove_member, member.person_id, done=f'{member.email} removed')
            dialog.close()

        dialog_buttons(dialog, 'Remove', remove, 'confirm-remove', color='negative')
    dialog.open()


async def _reset(person_id: int, email: str) -> None:
    outcome = await call(reset_password, current_actor(), person_id, done=f'{email} has a new temporary password')
    if outcome.ok and outcome.value:
        _show_password(email, outcome.value)


def _show_password(email: str, password: str) -> None:
    with transient_dialog() as dialog, ui.card().mark('temporary-password'):
        ui.label('Temporary password').classes('text-h6')
        ui.label(f'Give {email} this password to sign in (it is not shown again); '
                 'they choose their own at the next sign-in:')
        ui.label(password).classes('text-h6 font-mono').mark('temporary-password-value')
        ui.button('Done', on_click=dialog.close)
    dialog.open()


def _show_code(email: str, code: str) -> None:
    """The same words whether or not ``email`` already had a password here: the admin learns nothing of it."""
    with transient_dialog() as dialog, ui.card().mark('invitation-code'):
        ui.label('Invitation sent').classes('text-h6')
        ui.label(f'{email} joins this account when they accept the invitation after signing in. If they already '
                 'have a Workflows Area password, they use their own; otherwise give them this one-time code to '
                 'sign in with (it is not shown again), and they choose their own password then:')
        ui.label(code).classes('text-h6 font-mono').mark('invitation-code-value')
        ui.button('Done', on_click=dialog.close)
    dialog.open()


async def _rename(name: str) -> None:
    if (await call(rename_account, current_actor(), name)).ok:
        ui.navigate.to('/admin')


async def _create(name: str) -> None:
    account_id = (await call(create_account, current_actor(), name)).value
    if account_id is not None:
        switch_account(account_id)
        ui.navigate.to('/')
