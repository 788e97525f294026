"""Live updates: the model announces typed changes (model/common/events.py), each open page follows the kinds it
shows and updates itself in place.

The listener only takes note (it may run in a worker thread) and wakes the event loop. Each page then
runs at most one update at a time: changes that arrive meanwhile are handed to its next update as one
burst, so a person's own click and the announcement it causes make one update. Reads run in worker
threads, and pages showing the same thing share one read per burst (:meth:`Update.read`).
"""

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from nicegui import Client, background_tasks, context, core, storage

from model.access.gate import Action, Actor, require
from model.common import events
from model.common.errors import Forbidden, NotFound
from model.common.events import ChangeKind
from ui.calls import off_loop

T = TypeVar('T')
log = logging.getLogger('workflows_area')

WORKFLOW_KINDS = frozenset(ChangeKind) - {ChangeKind.STATISTICS, ChangeKind.SETTINGS, ChangeKind.PEOPLE,
                                           ChangeKind.RESOURCES}


@dataclass
class Update:
    """What one page update has to take into account: the changes of a burst, or the page's own request."""

    changes: list[events.Change] = field(default_factory=list)
    asked: bool = False  # the page itself asked (its query changed), whatever the changes

    def has(self, *kinds: ChangeKind) -> bool:
        return any(change.kind in kinds for change in self.changes)

    def kinds(self) -> set[ChangeKind]:
        return {change.kind for change in self.changes}

    def workflow_ids(self) -> set[int] | None:
        """The workflows the changes name; None when one of them does not say (many, or all)."""
        ids: set[int] = set()
        for change in self.changes:
            if not change.workflow_ids:
                return None
            ids.update(change.workflow_ids)
        return ids

    @staticmethod
    async def read(key: Hashable, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker thread; pages asking with the same ``key`` before the next burst share
        one read. ``key`` names everything the result depends on (e.g. the account and the list query)."""
        return await _hub.read(key, function, *args)


class Follower:
    def __init__(self, account_id: int, kinds: frozenset[ChangeKind], update: Callable[[Update], Awaitable[None]],
                 client: Client) -> None:
        self.account_id = account_id
        self.kinds = kinds
        self.update = update
        self.client = client
        self.pending = Update()
        self.busy = False

    def take(self, changes: list[events.Change]) -> None:
        relevant = [c for c in changes if c.kind in self.kinds and c.concerns(self.account_id)]
        if relevant:
            self.pending.changes.extend(relevant)
            self._wake()

    def ask(self) -> None:
        """The page wants an update of its own (its query changed): queued behind the one running, if any."""
        self.pending.asked = True
        self._wake()

    def _wake(self) -> None:
        if not self.busy:
            self.busy = True
            background_tasks.create(self._run(), name='live update')

    async def _run(self) -> None:
        # Elements drawn by an update keep the request they were drawn under (their handlers read the
        # person's session from it): the page's own, as if the page had drawn them itself.
        storage.request_contextvar.set(self.client.request)
        try:
            while self.pending.changes or self.pending.asked:
                if self.client.id not in Client.instances:
                    return
                update, self.pending = self.pending, Update()
                try:
                    await self.update(update)
                except (Forbidden, NotFound) as refusal:  # the gate refused this page: its access banner says why
                    log.info('A live update was refused: %s', refusal)
                except Exception:  # one page's failure must not stop the others' updates
                    log.exception('A live update failed')
        finally:
            self.busy = False


class _Hub:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: list[events.Change] = []
        self.scheduled = False
        self.followers: list[Follower] = []
        self.reads: dict[Hashable, asyncio.Future] = {}
        self.subscribed = False

    def follow(self, follower: Follower) -> None:
        if not self.subscribed:
            events.subscribe(self.note)
            self.subscribed = True
        self.followers.append(follower)
        follower.client.on_delete(lambda: self.followers.remove(follower) if follower in self.followers else None)

    def note(self, change: events.Change) -> None:
        """Any thread: remember the change and wake the event loop once for the burst."""
        with self.lock:
            self.pending.append(change)
            if self.scheduled:
                return
            self.scheduled = True
        loop = core.loop
        if loop is None or loop.is_closed():
            with self.lock:
                self.pending.clear()
                self.scheduled = False
            return
        loop.call_soon_threadsafe(self.dispatch)

    def dispatch(self) -> None:
        with self.lock:
            changes, self.pending = self.pending, []
            self.scheduled = False
        self.reads.clear()  # reads from before these changes are not shared any more
        self.followers = [f for f in self.followers if f.client.id in Client.instances]
        for follower in self.followers:
            follower.take(changes)

    async def read(self, key: Hashable, function: Callable[..., T], *args: Any) -> T:
        """One read per key; the gate decides for each page (model/access/gate.py): a page that joins a read
        started by another asks it for its own actor first, and a read refused to the page that started it is
        run again for the others."""
        future = self.reads.get(key)
        if future is None:
            future = self.reads[key] = asyncio.ensure_future(off_loop(function, *args))
            try:
                return await asyncio.shield(future)
            except (Forbidden, NotFound):
                if self.reads.get(key) is future:
                    del self.reads[key]
                raise
        for actor in (arg for arg in args if isinstance(arg, Actor)):
            await off_loop(require, actor, Action.READ)
        try:
            return await asyncio.shield(future)
        except (Forbidden, NotFound):  # refused to the page that started it, not necessarily to this one
            own: asyncio.Future = asyncio.ensure_future(off_loop(function, *args))
            return await own


_hub = _Hub()


def follow_changes(account_id: int, update: Callable[[Update], Awaitable[None]],
                   kinds: frozenset[ChangeKind] = WORKFLOW_KINDS) -> Follower:
    """Call ``update`` on this page for the changes of ``kinds`` in ``account_id`` (or in every account).

    Returns the follower; ``follower.ask()`` queues an update of the page's own (e.g. after a new query).
    """
    follower = Follower(account_id, kinds, update, context.client)
    _hub.follow(follower)
    return follower
