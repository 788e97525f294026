"""Bulk actions in batches: each batch is one transaction of whole workflows, so stopping between
batches never leaves a half-copied or half-deleted workflow, and progress can be shown as it goes."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from threading import Event, Lock

BATCH_SIZE = 50


@dataclass
class BulkRun:
    """Shared between the worker thread and the page: counts go up, ``stop`` asks to end after the batch."""

    total: int
    account_id: int | None = None  # whose workflows: `Reset demo` waits until that account's runs end
    done: int = 0
    names: list[str] = field(default_factory=list)
    stop: Event = field(default_factory=Event)

    @property
    def stopped_early(self) -> bool:
        return self.stop.is_set() and self.done < self.total


def run_in_batches(run: BulkRun, ids: Sequence[int], step: Callable[[list[int]], list[str]],
                   batch_size: int = BATCH_SIZE) -> BulkRun:
    """Call ``step`` (a service returning the names it handled) on successive batches until done or stopped."""
    with _running_lock:
        _running.append(run)
    try:
        for start in range(0, len(ids), batch_size):
            if run.stop.is_set():
                break
            batch = list(ids[start:start + batch_size])
            run.names.extend(step(batch))
            run.done += len(batch)
    finally:
        with _running_lock:
            _running.remove(run)
    return run


def bulk_running(account_id: int) -> bool:
    """Whether a bulk action over ``account_id``'s workflows is running in this process."""
    with _running_lock:
        return any(run.account_id == account_id for run in _running)


_running: list[BulkRun] = []
_running_lock = Lock()
