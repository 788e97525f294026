"""Live updates: the model announces typed changes (model/common/events.py), each open page follows the kinds it
shows and updates itself in place.

One mechanism per page: :func:`watch_page` (from the page frame) registers the page and the person it was drawn
for, and every :func:`follow_changes` of the page hangs from it. A change to people (sessions, memberships, roles)
makes the page check its access before it hands anything further to its followers; when the session ended or the
rights changed, the page stops at once: it follows nothing more and shows only the sign-in / reload message.

The listener only takes note (it may run in a worker thread) and wakes the event loop. Each follower then
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
from urllib.parse import quote

from nicegui import Client, background_tasks, context, core, storage, ui

from model.access.gate import Action, Actor, current_role, require
from model.access.sessions import SESSION_ENDED
from model.common import events
from model.common.errors import Forbidden, NotFound, SessionEnded
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


class Page:
    """One open page: its followers, and the person whose access it keeps checking."""

    def __init__(self, client: Client, actor: Actor) -> None:
        self.client = client
        self.actor = actor
        self.followers: list[Follower] = []
        self.held: list[events.Change] = []  # changes waiting for the access check
        self.recheck = False
        self.checking = False
        self.stopped = False

    def take(self, changes: list[events.Change]) -> None:
        if self.stopped:
            return
        self.held.extend(changes)
        if any(c.kind == ChangeKind.PEOPLE and c.concerns(self.actor.account_id) for c in changes):
            self.recheck = True
        if self.checking:
            return
        if self.recheck:
            self.checking = True
            background_tasks.create(self._check(), name='access check')
        else:
            self._hand_out()

    async def _check(self) -> None:
        """Check the access again for as long as people changes arrive; hand the held changes out if it holds."""
        try:
            while self.recheck:
                self.recheck = False
                news = await off_loop(access_news, self.actor)
                if news is not None:
                    self.stop(*news)
                    return
            if self.client.id in Client.instances:
                self._hand_out()
        except Exception:
            log.exception('Checking a page\'s access failed')
        finally:
            self.checking = False

    def _hand_out(self) -> None:
        changes, self.held = self.held, []
        for follower in self.followers:
            follower.take(changes)

    def stop(self, message: str, action: str) -> None:
        """Follow nothing more and show only ``message``: every element, with its handlers and names, goes."""
        self.stopped = True
        self.followers.clear()
        self.held.clear()
        _hub.forget(self.client.id)
        if self.client.id not in Client.instances:
            return
        for element in list(self.client.layout.default_slot.children):
            if element is not self.client.page_container:
                self.client.layout.remove(element)
        self.client.content.clear()
        with self.client:
            ui.page_title('Workflows Area')  # a title may have named a workflow
        path = self.client.request.url.path if self.client.request is not None else '/'
        target = f'/signin?next={quote(path)}' if action == SIGN_IN else path
        with self.client.content, ui.card().classes('absolute-center w-96 bg-amber-1 q-pa-md') \
                .props('flat bordered').mark('access-banner'):
            with ui.row().classes('w-full items-center no-wrap'):
                ui.icon('lock_clock', size='sm').classes('text-warning')
                ui.label(message).classes('grow').mark('access-message')
            ui.button(action, on_click=lambda: ui.navigate.to(target)).props('outline').mark('access-action')


SIGN_IN = 'Sign in'


def access_news(actor: Actor) -> tuple[str, str] | None:
    """What ended this page's access (the message, and `Sign in` or `Reload`), or None while it holds."""
    try:
        role = current_role(actor)
    except SessionEnded:
        return SESSION_ENDED, SIGN_IN
    except Forbidden as refusal:
        return refusal.message, 'Reload'
    if role != actor.role:
        return f'Your role in this account is now {role}', 'Reload'
    return None


class Follower:
    def __init__(self, page: Page, account_id: int, kinds: frozenset[ChangeKind],
                 update: Callable[[Update], Awaitable[None]]) -> None:
        self.page = page
        self.account_id = account_id
        self.kinds = kinds
        self.update = update
        self.client = page.client
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
                if self.client.id not in Client.instances or self.page.stopped:
                    return
                update, self.pending = self.pending, Update()
                try:
                    await self.update(update)
                except (Forbidden, NotFound) as refusal:  # the gate refused this page: its access banner says why
                    log.info('A live update was refused: %s', refusal)
                except Exception:  # one page's failure must not stop the others' updates
                    if not self.page.stopped:  # a stopped page's elements are gone under the running update
                        log.exception('A live update failed')
        finally:
            self.busy = False


class _Hub:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: list[events.Change] = []
        self.scheduled = False
        self.pages: dict[str, Page] = {}  # by client id
        self.reads: dict[Hashable, asyncio.Future] = {}
        self.subscribed = False

    def watch(self, page: Page) -> None:
        if not self.subscribed:
            events.subscribe(self.note)
            self.subscribed = True
        self.pages[page.client.id] = page
        page.client.on_delete(lambda: self.forget(page.client.id))

    def forget(self, client_id: str) -> None:
        self.pages.pop(client_id, None)

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
        for client_id, page in list(self.pages.items()):
            if client_id in Client.instances:
                page.take(changes)
            else:
                self.forget(client_id)

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


def watch_page(actor: Actor) -> None:
    """This page, drawn for ``actor``, follows changes from now on, and stops at once when the actor's access goes."""
    _hub.watch(Page(context.client, actor))


def follow_changes(account_id: int, update: Callable[[Update], Awaitable[None]],
                   kinds: frozenset[ChangeKind] = WORKFLOW_KINDS) -> Follower:
    """Call ``update`` on this page for the changes of ``kinds`` in ``account_id`` (or in every account), while the
    page's access holds (:func:`watch_page` first).

    Returns the follower; ``follower.ask()`` queues an update of the page's own (e.g. after a new query).
    """
    page = _hub.pages.get(context.client.id)
    if page is None:
        raise RuntimeError('A page follows changes only after watch_page (the page frame calls it)')
    follower = Follower(page, account_id, kinds, update)
    if not page.stopped:
        page.followers.append(follower)
    return follower
