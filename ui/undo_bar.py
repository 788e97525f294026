"""The `Undo` bar: after a delete, a move, a duplicate or a bulk action, a bar at the bottom of the page
says what was done and offers `Undo` for :data:`UNDO_SECONDS`.

It lives in the page's layout, outside every redrawn part, so live updates do not take it away; a
newer action's bar replaces the older one. It sits under menus, dialogs and notifications (ui/layout.py).
"""

from collections.abc import Awaitable, Callable

from nicegui import Client, context, ui

from model.access.gate import Actor
from model.workflows.bulk import BulkResult, UndoToken
from model.workflows.undo import undo
from ui.calls import NotifyType, call, tell
from ui.flash import carry, take_carried
from ui.format import plural

UNDO_SECONDS = 12  # the issue asks for at least 10
Redraw = Callable[[], Awaitable[None] | None]
_bars: dict[str, tuple[ui.card, str, UndoToken]] = {}  # client id → its bar, what it says and takes back


def report(result: BulkResult, done_word: str) -> str:
    """E.g. '3 workflows moved to "Weekly"; 1 skipped: "Intro" already in "Weekly"'."""
    if not result.done:
        text = f'No workflow {done_word}'
    elif len(result.done) == 1:
        text = f'"{result.done[0]}" {done_word}'
    else:
        text = f'{plural(len(result.done), "workflow")} {done_word}'
    if result.skipped:
        reasons = '; '.join(f'"{name}" {why}' for name, why in result.skipped[:5])
        more = f' and {len(result.skipped) - 5} more' if len(result.skipped) > 5 else ''
        text += f'; {len(result.skipped):,} skipped: {reasons}{more}'
    return text


def outcome_kind(done: int, skipped: int) -> NotifyType:
    """How a bulk result is coloured: nothing done (all skipped) is a warning, some skipped is worth reading (info),
    none skipped is a success."""
    if not done:
        return 'warning'
    return 'info' if skipped else 'positive'


def offer_undo(actor: Actor, message: str, token: UndoToken | None, redraw: Redraw,
               client: Client | None = None, kind: NotifyType = 'positive') -> None:
    """Show ``message`` with `Undo` (when ``token`` has something to reverse) on ``client``'s page; ``kind`` is
    the outcome (:func:`outcome_kind`): the notification's colour, or the bar's icon."""
    client = client or context.client
    if client.id not in Client.instances:
        return
    if not token or not token.items:
        tell(client, message, kind, multi_line=kind != 'positive')
        return
    previous = _bars.pop(client.id, None)
    if previous is not None and not previous[0].is_deleted:
        previous[0].delete()
    with client.layout:
        with ui.card().classes('undo-bar fixed-bottom-left q-ma-md q-py-sm bg-grey-9 text-white') \
                .mark('undo-bar') as bar, \
                ui.row().classes('items-center no-wrap gap-3'):
            if kind != 'positive':
                ui.icon('info', color='light-blue-3').mark(f'undo-{kind}')
            ui.label(message).classes('text-body2').mark('undo-message')

            async def take_back() -> None:
                bar.delete()
                with client.layout:  # the bar, and this button's slot with it, is gone
                    outcome = await call(undo, actor, token)
                    if outcome.value is not None:
                        tell(client, _undone(outcome.value),
                             outcome_kind(len(outcome.value.done), len(outcome.value.skipped)))
                    result = redraw()
                    if result is not None:
                        await result

            ui.button('Undo', on_click=take_back).props('flat dense color=amber').mark('undo-button')
            ui.button(icon='close', on_click=bar.delete).props('flat dense round size=sm aria-label="Dismiss"')
        ui.timer(UNDO_SECONDS, lambda: None if bar.is_deleted else bar.delete(), once=True)
    _bars[client.id] = (bar, message, token)
    client.on_delete(lambda: _bars.pop(client.id, None))


def carry_undo() -> None:
    """This page is about to leave (the editor after a delete): its `Undo` goes along to the next page."""
    offered = _bars.pop(context.client.id, None)
    if offered is not None:
        carry(offered[1], undo=offered[2])


def show_carried(actor: Actor) -> None:
    """Called by the page frame: what the previous page of this browser handed over, with its `Undo`."""
    carried = take_carried()
    if carried is None:
        return
    if carried.undo is None:
        ui.notify(carried.message, type=carried.kind)  # type: ignore[arg-type]
    else:
        offer_undo(actor, carried.message, carried.undo, redraw=lambda: None)  # the page follows the announcement


def _undone(result: BulkResult) -> str:
    if not result.done:
        reasons = '; '.join(f'"{name}" {why}' for name, why in result.skipped[:5])
        return f'Nothing was undone: {reasons}'
    return report(result, 'put back as it was').replace('skipped', 'not undone')
