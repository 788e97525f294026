"""Messages carried to the next page of the same browser: an action's result is shown on the page it leads to,
with its `Undo` when it has one (the editor's delete leads to the list).

Kept in this process's memory (nginx keeps a browser on one process) for :data:`CARRY_SECONDS`: a message
that no page picks up by then is dropped, and so never shows up on some later page.
"""

import time
from dataclasses import dataclass, field

from nicegui import app, ui

from model.workflows.bulk import UndoToken

CARRY_SECONDS = 30.0
_carried: dict[str, 'Carried'] = {}  # browser id → what its next page shows


@dataclass(frozen=True)
class Carried:
    message: str
    kind: str = 'positive'
    undo: UndoToken | None = None
    at: float = field(default_factory=time.monotonic)

    def expired(self, now: float) -> bool:
        return now - self.at > CARRY_SECONDS


def carry(message: str, kind: str = 'positive', undo: UndoToken | None = None) -> None:
    """Hand ``message`` (and its `Undo`) to this browser's next page."""
    now = time.monotonic()
    for browser in [browser for browser, carried in _carried.items() if carried.expired(now)]:
        del _carried[browser]
    _carried[app.storage.browser['id']] = Carried(message, kind, undo)


def navigate_with_notice(url: str, message: str, kind: str = 'positive') -> None:
    carry(message, kind)
    ui.navigate.to(url)


def take_carried() -> Carried | None:
    """What the previous page of this browser handed over, once; None when nothing was or it expired."""
    carried = _carried.pop(app.storage.browser['id'], None)
    return None if carried is None or carried.expired(time.monotonic()) else carried
