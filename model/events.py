"""One small change announcement mechanism: services announce, open pages listen and redraw.

Listeners are called synchronously in the announcing thread and must only take note (set a
flag); pages redraw from their own timer, so a listener never touches the UI from a worker thread.
"""

from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock


@dataclass(frozen=True)
class Change:
    account_id: int | None  # None: several accounts (e.g. the sweep)
    topic: str  # workflows | folders | priority


Listener = Callable[[Change], None]

_listeners: set[Listener] = set()
_lock = Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Register ``listener``; returns the function that unregisters it."""
    with _lock:
        _listeners.add(listener)
    return lambda: unsubscribe(listener)


def unsubscribe(listener: Listener) -> None:
    with _lock:
        _listeners.discard(listener)


def announce(account_id: int | None, topic: str = 'workflows') -> None:
    change = Change(account_id, topic)
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(change)
