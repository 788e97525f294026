"""Live updates for one open page: the model announces a change, the page redraws within a second.

The listener only sets a flag (it may run in a worker thread); the page's own timer does the
redraw in the page's context.
"""

from collections.abc import Callable

from nicegui import context, ui

from model import events

REDRAW_INTERVAL = 0.3  # seconds; well inside the one-second promise of SPEC §3


WORKFLOW_KINDS = frozenset(events.ChangeKind) - {events.ChangeKind.STATISTICS, events.ChangeKind.SETTINGS,
                                                 events.ChangeKind.PEOPLE}


def follow_changes(account_id: int, redraw: Callable[[], object],
                   kinds: frozenset[events.ChangeKind] = WORKFLOW_KINDS) -> Callable[[], None]:
    """Call ``redraw`` on this page whenever the model announces a change for ``account_id`` (or for all).

    Returns ``redraw_now``, for the page's own actions: it redraws at once and drops the pending
    redraw their announcement caused, so a row is not redrawn twice under the person's pointer.
    """
    pending = False

    def note(change: events.Change) -> None:
        nonlocal pending
        if change.concerns(account_id) and change.kind in kinds:
            pending = True

    def redraw_now() -> None:
        nonlocal pending
        pending = False
        redraw()

    def flush() -> None:
        if pending:
            redraw_now()

    unsubscribe = events.subscribe(note)
    context.client.on_delete(unsubscribe)
    ui.timer(REDRAW_INTERVAL, flush)
    return redraw_now
