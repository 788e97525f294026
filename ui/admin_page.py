"""People and accounts (docs/product.md §13), for admins: add people with a temporary password, change roles,
remove people (never the last admin), create and rename accounts."""

from collections.abc import Callable

from nicegui import ui

from model.access.gate import ROLES, Action, rights
from model.access.people import (
    account_name,
    add_member,
    change_role,
    create_account,
    members,
    remove_member,
    rename_account,
    reset_password,
)
from ui.calls import call
from ui.dialogs import transient_dialog
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
                with ui.row().classes('w-full max-w-3xl items-center no-wrap gap-3').mark(f'member-{member.email}'):
                    ui.label(member.display_name).classes('w-48 ellipsis')
                    ui.label(member.email).classes('grow ellipsis text-grey-8')
                    ui.select(list(ROLES), value=member.role,
                              on_change=lambda e, m=member: attempt(change_role, m.person_id, e.value,
                                                                    done=f'{m.email} is now {e.value}')) \
                        .props('dense outlined').classes('w-32').mark(f'role-{member.email}')
                    ui.button(icon='person_remove', on_click=lambda m=member: attempt(
                        remove_member, m.person_id, done=f'{m.email} removed')) \
                        .props(f'flat round color=negative aria-label="Remove {member.email}"') \
                        .mark(f'remove-{member.email}')
                    ui.button(icon='lock_reset', on_click=lambda m=member: _reset(m.person_id, m.email)) \
                        .props(f'flat round aria-label="Reset the password of {member.email}"') \
                        .mark(f'reset-{member.email}').tooltip('Reset password')

        async def attempt(change: Callable[..., object], *args: object, done: str) -> None:
            await call(change, current_actor(), *args, done=done)
            people.refresh()

        people()
        with ui.card().props('flat bordered').classes('w-full max-w-3xl'):
            ui.label('Add a person').classes('text-subtitle1')
            with ui.row().classes('w-full items-end gap-2'):
                email = ui.input('Email').props('outlined dense').classes('w-64').mark('new-email')
                name = ui.input('Name').props('outlined dense').classes('w-48').mark('new-person-name')
                role = ui.select(list(ROLES), value='editor', label='Role').props('outlined dense').classes('w-32') \
                    .mark('new-role')

                async def add() -> None:
                    outcome = await call(add_member, current_actor(), email.value or '', name.value or '', role.value,
                                         done=f'{email.value} added as {role.value}')
                    if not outcome.ok:
                        return
                    if outcome.value:
                        _show_password(email.value or '', outcome.value)
                    email.value, name.value = '', ''
                    people.refresh()

                ui.button('Add', icon='person_add', on_click=add).mark('add-person')
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


async def _rename(name: str) -> None:
    if (await call(rename_account, current_actor(), name)).ok:
        ui.navigate.to('/admin')


async def _create(name: str) -> None:
    account_id = (await call(create_account, current_actor(), name)).value
    if account_id is not None:
        switch_account(account_id)
        ui.navigate.to('/')
