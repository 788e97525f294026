"""Bulk actions in batches: each batch is one transaction of whole workflows, so stopping between
batches never leaves a half-copied or half-deleted workflow, and progress can be shown as it goes.

Every batch reports per workflow (:class:`BulkResult`: done, skipped and why) and how to take it
back (:class:`UndoToken`, reversed by ``model/workflows/undo.py``).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from threading import Event
from uuid import uuid4

from peewee import chunked

from model.storage.leases import hold, real_now, release
from model.storage.schema import Lease

BATCH_SIZE = 50
BULK_PREFIX = 'bulk:'
RUNNING_MARK_SECONDS = 30  # a batch takes well under a second; a killed run stops blocking `Reset demo` after this


@dataclass(frozen=True)
class Undone:
    """One workflow as an action left it: a later change (another version) refuses the undo."""

    workflow_id: int
    name: str
    version: int
    folder_id: int | None = None  # a move: the folder it came from


@dataclass
class UndoToken:
    """What an action did, enough to reverse it exactly: ``action`` is delete, move or duplicate."""

    action: str
    account_id: int
    items: list[Undone] = field(default_factory=list)


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    undo: UndoToken | None = None


@dataclass
class BulkRun:
    """Shared between the worker thread and the page: counts go up, ``stop`` asks to end after the batch."""

    total: int
    account_id: int | None = None  # whose workflows: `Reset demo` waits until that account's runs end
    done: int = 0
    names: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    undo: UndoToken | None = None
    stop: Event = field(default_factory=Event)

    @property
    def stopped_early(self) -> bool:
        return self.stop.is_set() and self.done < self.total

    def add(self, result: BulkResult) -> None:
        self.names.extend(result.done)
        self.skipped.extend(result.skipped)
        if result.undo is not None:
            if self.undo is None:
                self.undo = UndoToken(result.undo.action, result.undo.account_id)
            self.undo.items.extend(result.undo.items)


def run_in_batches(run: BulkRun, ids: Sequence[int], step: Callable[[list[int]], BulkResult],
                   batch_size: int = BATCH_SIZE) -> BulkRun:
    """Call ``step`` (a service reporting what it did) on successive batches until done or stopped.

    While it runs, a lease named after the account says so to every process (renewed at each batch; a
    killed process's lease lapses after :data:`RUNNING_MARK_SECONDS`).
    """
    mark = f'{BULK_PREFIX}{run.account_id}:{uuid4().hex}' if run.account_id is not None else None
    try:
        for batch in chunked(ids, batch_size):
            if run.stop.is_set():
                break
            if mark is not None:
                hold(mark, RUNNING_MARK_SECONDS)
            run.add(step(batch))
            run.done += len(batch)
    finally:
        if mark is not None:
            release(mark)
    return run


def bulk_running(account_id: int) -> bool:
    """Whether a bulk action over ``account_id``'s workflows is running, in any process."""
    return Lease.select().where(Lease.name.startswith(f'{BULK_PREFIX}{account_id}:')
                                & (Lease.expires_at >= real_now())).exists()
