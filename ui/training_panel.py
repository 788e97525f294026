"""Training controls on the People and accounts page (docs/product.md §14): `Reset demo` and trainee accounts with
a printable sign-in sheet for a demo account's admins, and the traffic simulator's switch and speed for site
operators (the services refuse others too)."""

import csv
import io
from collections.abc import Callable

from nicegui import ui

from model.access.gate import Action, Actor, rights
from model.common.clock import clock
from model.jobs.demo import DEMO_ACCOUNT_NAME
from model.jobs.site_settings import EVENTS_PER_TICK, set_simulator, simulator_settings, simulator_status
from model.jobs.training import (
    MAX_TRAINEES,
    TraineeSignIn,
    create_trainee_accounts,
    remove_trainee_accounts,
    reset_demo,
    trainee_accounts,
)
from ui.calls import call, read
from ui.dialogs import dialog_buttons, transient_dialog
from ui.format import clock_offset, plural, when
from ui.session import current_actor

LOST_ON_RESET = ('Every workflow, folder, segment, custom field, content, contact and statistic of this account '
                 'is replaced by the seeded demo data: what was changed since is lost. People, their passwords and '
                 'other accounts stay as they are.')
PRINT_ONLY_THE_SHEET = '''@media print {
  body * { visibility: hidden; }
  .sign-in-sheet, .sign-in-sheet * { visibility: visible; }
  .sign-in-sheet { position: absolute; left: 0; top: 0; }
  .no-print { display: none; }
}'''
STATUS_REFRESH_SECONDS = 2.0


def training_section(actor: Actor) -> None:
    mine = rights(actor)
    if not (mine.allows(Action.TRAIN) or mine.allows(Action.OPERATE_SITE)):
        return
    ui.label('Training').classes('text-h5 q-mt-md')
    if mine.allows(Action.TRAIN):
        _demo_card(actor)
    if mine.allows(Action.OPERATE_SITE):
        _simulator_card()


def _demo_card(actor: Actor) -> None:
    with ui.card().props('flat bordered').classes('w-full max-w-3xl').mark('training'):
        ui.label(f'This is the demo account. "Reset demo" brings back the {DEMO_ACCOUNT_NAME} data; trainee accounts '
                 'give each person in a course their own copy of it, with their own sign-in.').classes('text-grey-8')

        @ui.refreshable
        def trainees() -> None:
            accounts = trainee_accounts(actor)
            if not accounts:
                ui.label('No trainee accounts.').classes('text-grey-7').mark('trainee-list')
                return
            with ui.column().classes('gap-0').mark('trainee-list'):
                ui.label(plural(len(accounts), 'trainee account')).classes('text-subtitle2')
                for name, email in accounts:
                    ui.label(f'{name} · {email}').classes('text-caption')

        trainees()
        with ui.row().classes('gap-2'):
            ui.button('Reset demo', icon='restart_alt', color='negative',
                      on_click=lambda: _confirm_reset(actor.account_id)).props('outline').mark('reset-demo')
            ui.button('Create trainee accounts', icon='group_add',
                      on_click=lambda: _ask_trainees(trainees.refresh)).mark('create-trainees')
            ui.button('Remove trainee accounts', icon='group_remove',
                      on_click=lambda: _confirm_removal(trainees.refresh)).props('outline') \
                .mark('remove-trainees')


def _confirm_reset(account_id: int) -> None:
    async def reset() -> None:
        await call(reset_demo, current_actor(), done='The demo is back to its seeded state')
        dialog.close()

    with transient_dialog() as dialog, ui.card().classes('max-w-lg').mark('confirm-reset'):
        ui.label('Reset demo?').classes('text-h6')
        ui.label(LOST_ON_RESET)
        if offset := clock.account_offset(account_id):
            ui.label(f'The clock is {clock_offset(offset)}: the demo is seeded as of the '
                     'application\'s time. Use "Back to real time" first to start from today.') \
                .classes('text-orange-10').mark('reset-clock-note')
        dialog_buttons(dialog, 'Reset demo', reset, 'confirm-reset-demo', color='negative')
    dialog.open()


def _ask_trainees(changed: Callable[[], object]) -> None:
    async def create() -> None:
        outcome = await call(create_trainee_accounts, current_actor(), int(count.value or 0), prefix.value or '',
                             done=lambda made: f'{plural(len(made), "trainee account")} created')
        if outcome.ok and outcome.value:
            changed()
            _show_sheet(outcome.value)
            dialog.close()  # last: closing deletes the dialog this handler runs in

    with transient_dialog() as dialog, ui.card().classes('min-w-96').mark('trainee-form'):
        ui.label('Create trainee accounts').classes('text-h6')
        ui.label('Each gets a copy of the demo data and an editor sign-in with a generated password.') \
            .classes('text-grey-8')
        count = ui.number('How many', value=10, min=1, max=MAX_TRAINEES, precision=0) \
            .props('outlined dense').mark('trainee-count')
        prefix = ui.input('Name prefix', value='Trainee').props('outlined dense maxlength=100') \
            .mark('trainee-prefix')
        dialog_buttons(dialog, 'Create', create, 'confirm-create-trainees')
    dialog.open()


def _show_sheet(sign_ins: list[TraineeSignIn]) -> None:
    ui.add_css(PRINT_ONLY_THE_SHEET)
    with transient_dialog().props('maximized') as dialog, ui.card().classes('sign-in-sheet w-full') \
            .mark('sign-in-sheet'):
        ui.label('Sign-in sheet').classes('text-h5')
        ui.label('Each trainee signs in with their email and password (shown only now: print or download it).') \
            .classes('text-grey-8')
        ui.table(columns=[{'name': key, 'label': key.capitalize(), 'field': key, 'align': 'left'}
                          for key in ('account', 'email', 'password')],
                 rows=[{'account': s.account, 'email': s.email, 'password': s.password} for s in sign_ins],
                 row_key='email', pagination=0).props('flat bordered dense hide-bottom').classes('w-full font-mono') \
            .mark('sign-in-table')
        with ui.row().classes('w-full justify-end no-print'):
            ui.button('Download CSV', icon='download',
                      on_click=lambda: ui.download.content(sign_in_csv(sign_ins).encode(), 'trainee-sign-ins.csv',
                                                          'text/csv')) \
                .props('flat').mark('download-sign-ins')
            ui.button('Print', icon='print', on_click=lambda: ui.run_javascript('window.print()')).props('flat') \
                .mark('print-sign-ins')
            ui.button('Done', on_click=dialog.close)
    dialog.open()


def sign_in_csv(sign_ins: list[TraineeSignIn]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(['account', 'email', 'password'])
    writer.writerows([s.account, s.email, s.password] for s in sign_ins)
    return out.getvalue()


def _confirm_removal(changed: Callable[[], object]) -> None:
    async def remove() -> None:
        outcome = await call(remove_trainee_accounts, current_actor(),
                             done=lambda count: f'{plural(count, "trainee account")} removed')
        if outcome.ok:
            changed()
        dialog.close()

    with transient_dialog() as dialog, ui.card().classes('max-w-lg').mark('confirm-remove-trainees'):
        ui.label('Remove trainee accounts?').classes('text-h6')
        ui.label('Every trainee account is deleted with all its data, and the trainees\' sign-ins stop working.')
        dialog_buttons(dialog, 'Remove trainee accounts', remove, 'confirm-remove', color='negative')
    dialog.open()


def _simulator_card() -> None:
    current = simulator_settings()
    low, high = EVENTS_PER_TICK
    with ui.card().props('flat bordered').classes('w-full max-w-3xl').mark('simulator'):
        ui.label('Traffic simulator').classes('text-subtitle1')
        with ui.row().classes('items-center gap-4'):
            switch = ui.switch('Simulator on', value=current.on).mark('simulator-on')
            speed = ui.number('Events per tick', value=current.events_per_tick, min=low, max=high, precision=0) \
                .props('outlined dense').classes('w-40').mark('simulator-speed')
            ui.button('Apply', on_click=lambda: call(set_simulator, current_actor(), bool(switch.value),
                                                     int(speed.value or 0), done='Simulator settings saved')) \
                .mark('simulator-apply')
        status = ui.label(simulator_state()).classes('text-caption text-grey-8').mark('simulator-status')

        async def show_status() -> None:  # off the event loop: the database may be busy
            text = await read(simulator_state)
            if text is not None:  # None: the app is shutting down
                status.set_text(text)

        ui.timer(STATUS_REFRESH_SECONDS, show_status)


def simulator_state() -> str:
    current = simulator_settings()
    if not current.on:
        return 'Off: no contacts move'
    text = f'On: {plural(current.events_per_tick, "event")} per tick'
    report, tick = simulator_status.last_report, simulator_status.last_tick
    if report is None or tick is None:
        return f'{text}; no tick in this process yet'
    return (f'{text}; last tick {when(tick)}: {plural(report.events, "event")}, '
            f'{plural(report.admitted, "contact")} admitted, {plural(report.sends, "send")}')
