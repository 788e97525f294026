"""The account's movable clock in the page frame: `Advance clock` and `Back to real time` for its admins, and for
everyone a banner with the account's date while it is not real time (docs/product.md §14: trainers
show a pause expiring)."""

from nicegui import ui

from model.access.gate import Action, Actor, Rights
from model.common import events
from model.common.clock import clock
from model.jobs.site_settings import ADVANCE_STEPS, ClockMove, advance_clock, back_to_real_time
from ui.calls import call
from ui.format import clock_offset, plural, when
from ui.live import Update, follow_changes
from ui.region import Region
from ui.session import current_actor

BANNER_REFRESH_SECONDS = 30.0  # the shown time moves on even when nobody moves the clock


def clock_menu(rights: Rights) -> None:
    """`Advance clock` with its steps, for the account's admins (the services refuse others too)."""
    if not rights.allows(Action.ADMINISTER):
        return
    with ui.dropdown_button('Advance clock', icon='update', auto_close=True).props('flat dense no-caps') \
            .mark('advance-clock'):
        for step in ADVANCE_STEPS:
            ui.item(f'By {step}', on_click=lambda s=step: _advance(s)).mark(f'advance-{step}')


def clock_menu_items(rights: Rights) -> None:
    """The same steps as items of the header's folded menu (narrow screens)."""
    if not rights.allows(Action.ADMINISTER):
        return
    ui.item_label('Advance clock').props('header').classes('q-py-sm')
    for step in ADVANCE_STEPS:
        ui.menu_item(f'By {step}', on_click=lambda s=step: _advance(s))


def clock_banner(actor: Actor, rights: Rights) -> None:
    """Shown while the account's offset is not zero; follows changes made in any process."""

    @ui.refreshable
    def banner() -> None:
        offset = clock.account_offset(actor.account_id)
        if not offset:
            return
        with ui.row().classes('w-full items-center justify-center gap-3 bg-amber-2 text-amber-10 q-px-md q-py-xs') \
                .mark('clock-banner'):
            ui.icon('schedule')
            ui.label(f'Application time: {when(clock.now(actor.account_id))} ({clock_offset(offset)})') \
                .mark('clock-banner-text')
            if rights.allows(Action.ADMINISTER):
                ui.button('Back to real time', on_click=lambda: call(back_to_real_time, current_actor(),
                                                                     done='The clock is back to real time')) \
                    .props('flat dense no-caps').mark('back-to-real-time')

    with Region():  # redrawn on its own, not with the page around it
        banner()

    async def followed(update: Update) -> None:
        await Update.read('clock offset', clock.refresh_stored_offsets)  # this page may hear before the clock does
        banner.refresh()

    follow_changes(actor.account_id, followed, frozenset({events.ChangeKind.SETTINGS}))
    ui.timer(BANNER_REFRESH_SECONDS, banner.refresh, immediate=False)


async def _advance(step: str) -> None:
    await call(advance_clock, current_actor(), step, done=lambda move: _moved(step, move))


def _moved(step: str, move: ClockMove) -> str:
    finalized = f'; {plural(move.finalized, "paused workflow")} finalized' if move.finalized else ''
    return f'Clock advanced by {step}: it is now {when(move.now)}{finalized}'
