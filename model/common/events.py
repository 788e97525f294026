"""Typed change announcements: services announce what changed, open pages listen and update.

One mechanism for the whole application. A :class:`Change` says which account, which workflows and
what happened; it is small and turns into JSON (:meth:`Change.to_json`), so a bridge can carry it
between processes (PostgreSQL ``LISTEN``/``NOTIFY``, see ``model/storage/crossprocess.py``).

Listeners are called synchronously in the announcing thread and must only take note; pages do
their drawing in their own context.
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from threading import Lock

MAX_CARRIED_IDS = 200  # more ids than this travel as "many workflows" (empty tuple): NOTIFY payloads stay small


class ChangeKind(StrEnum):
    """What happened. Pages decide from the kind whether a row updates in place or the list re-queries."""

    CREATED = 'created'  # new workflows (blank, template, import, duplicate)
    UPDATED = 'updated'  # a workflow's state, content or name changed; the set of rows did not
    DELETED = 'deleted'
    RESTORED = 'restored'
    MOVED = 'moved'  # workflows changed folder
    FOLDERS = 'folders'  # folders created, renamed, nested or deleted
    PRIORITY = 'priority'  # the execution order changed
    STATISTICS = 'statistics'  # the simulator counted something
    SETTINGS = 'settings'  # application-wide settings (clock, simulator)
    PEOPLE = 'people'  # memberships, roles, sessions
    RESOURCES = 'resources'  # an account's segments or custom fields
    RESET = 'reset'  # an account's data was replaced as a whole


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    account_id: int | None  # None: every account (the sweep, the clock)
    workflow_ids: tuple[int, ...] = ()  # empty: not said (many, or none in particular)

    def concerns(self, account_id: int) -> bool:
        return self.account_id is None or self.account_id == account_id

    def to_json(self) -> str:
        return json.dumps({'k': self.kind.value, 'a': self.account_id, 'w': list(self.workflow_ids)},
                          separators=(',', ':'))

    @classmethod
    def from_json(cls, text: str) -> 'Change':
        """The change ``text`` carries; :class:`MalformedChange` for anything else (another process is trusted to
        say what changed, never to make a listener fail)."""
        try:
            data = json.loads(text)
        except ValueError as error:
            raise MalformedChange(f'not JSON: {error}') from None
        if not isinstance(data, dict) or set(data) != {'k', 'a', 'w'}:
            raise MalformedChange('not an object with exactly the keys k, a and w')
        kind, account_id, workflow_ids = data['k'], data['a'], data['w']
        if kind not in ChangeKind._value2member_map_:
            raise MalformedChange(f'unknown change kind {kind!r}')
        if account_id is not None and not _is_id(account_id):
            raise MalformedChange('the account is neither null nor a positive whole number')
        if not isinstance(workflow_ids, list) or len(workflow_ids) > MAX_CARRIED_IDS \
                or not all(_is_id(i) for i in workflow_ids):
            raise MalformedChange(f'the workflows are not a list of at most {MAX_CARRIED_IDS} positive whole numbers')
        return cls(ChangeKind(kind), account_id, tuple(workflow_ids))


class MalformedChange(ValueError):
    """A cross-process payload that is not a change this code announces."""


def _is_id(value: object) -> bool:
    return type(value) is int and 0 < value < 2**63


Listener = Callable[[Change], None]

_listeners: set[Listener] = set()
_lock = Lock()
_forward: Callable[[Change], None] | None = None  # set by the cross-process bridge, when there is one


def subscribe(listener: Listener) -> Callable[[], None]:
    """Register ``listener``; returns the function that unregisters it."""
    with _lock:
        _listeners.add(listener)
    return lambda: unsubscribe(listener)


def unsubscribe(listener: Listener) -> None:
    with _lock:
        _listeners.discard(listener)


def announce(kind: ChangeKind, account_id: int | None, workflow_ids: Iterable[int] = ()) -> None:
    """Tell this process's listeners, and the other processes when a bridge is set, what changed."""
    ids = tuple(workflow_ids)
    change = Change(kind, account_id, ids if len(ids) <= MAX_CARRIED_IDS else ())
    deliver(change)
    if _forward is not None:
        _forward(change)


def deliver(change: Change) -> None:
    """Hand ``change`` to this process's listeners (the bridge calls this for other processes' changes)."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(change)


def set_forwarder(forward: Callable[[Change], None] | None) -> None:
    global _forward
    _forward = forward
