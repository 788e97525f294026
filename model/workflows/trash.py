"""`Recently deleted`: deleted workflows wait 30 days (application clock) to be restored or removed for good.

Restore rule (docs/decisions.md): a workflow comes back in its folder, or at the top level if that
folder was deleted meanwhile (the foreign key already set it to null). A draft or finalized workflow
keeps its state; an active or paused one comes back paused, its pause restarting from the moment of
restoring and its place at the end of the execution order: nothing runs again without a person
choosing `Resume`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from peewee import JOIN, Select, chunked

from model.access.activity import record, record_by
from model.access.gate import Action, Actor, require
from model.common import events
from model.common.clock import clock
from model.storage.account_time import moments_by_account
from model.storage.db import ID_CHUNK, db
from model.storage.engine import lock_account
from model.storage.schema import Folder, Workflow
from model.workflows.bulk import BulkResult
from model.workflows.lifecycle import next_priority_position, pause_expiry
from model.workflows.states import ACTIVE, PAUSED

RETENTION_DAYS = 30
PAGE_SIZE = 50


@dataclass(frozen=True)
class DeletedWorkflow:
    id: int
    name: str
    state: str
    folder: str  # '' at the top level
    deleted_at: datetime

    @property
    def purged_on(self) -> datetime:
        return self.deleted_at + timedelta(days=RETENTION_DAYS)


@dataclass
class DeletedPage:
    rows: list[DeletedWorkflow]
    total: int
    page: int
    pages: int


def deleted_page(actor: Actor, page: int = 1, page_size: int = PAGE_SIZE) -> DeletedPage:
    """The account's recently deleted workflows, the most recently deleted first."""
    require(actor, Action.READ)
    total = _deleted(actor).count()
    pages = max(1, ceil(total / page_size))
    page = min(max(page, 1), pages)
    rows = (_deleted(actor, Workflow, Folder)
            .join(Folder, JOIN.LEFT_OUTER, on=(Workflow.folder == Folder.id))
            .order_by(Workflow.deleted_at.desc(), Workflow.id.desc())
            .paginate(page, page_size))
    return DeletedPage([DeletedWorkflow(w.id, w.name, w.state, w.folder.name if w.folder_id else '', w.deleted_at)
                        for w in rows], total, page, pages)


def deleted_ids(actor: Actor) -> list[int]:
    require(actor, Action.READ)
    return [row[0] for row in _deleted(actor, Workflow.id).tuples()]


def restore(actor: Actor, workflow_ids: Iterable[int]) -> BulkResult:
    """Bring recently deleted workflows back by the restore rule above."""
    require(actor, Action.CHANGE)
    moment = clock.now(actor.account_id)
    result = BulkResult()
    restored = []
    with db.atomic():
        lock_account(actor.account_id)  # the next execution-order position is read, then written
        for workflow in _owned_deleted(actor, list(dict.fromkeys(workflow_ids))):
            changes: dict = {'deleted_at': None}
            detail = ''
            if workflow.state in (ACTIVE, PAUSED):
                changes.update(state=PAUSED, paused_at=moment, pause_expires_at=pause_expiry(moment),
                               priority_position=next_priority_position(actor.account_id))
                detail = 'paused, its pause starting again'
            Workflow.update(version=Workflow.version + 1, **changes).where(Workflow.id == workflow.id).execute()
            record_by(actor, 'restored', [workflow], detail)
            result.done.append(workflow.name)
            restored.append(workflow.id)
    if restored:
        events.announce(events.ChangeKind.RESTORED, actor.account_id, restored)
    return result


def delete_permanently(actor: Actor, workflow_ids: Iterable[int]) -> BulkResult:
    """Remove recently deleted workflows for good, with their nodes, contents, forms and statistics."""
    require(actor, Action.CHANGE)
    with db.atomic():
        workflows = _owned_deleted(actor, list(dict.fromkeys(workflow_ids)))
        _remove(workflows)
        record_by(actor, 'purged', workflows)
    if workflows:
        events.announce(events.ChangeKind.DELETED, actor.account_id, [w.id for w in workflows])
    return BulkResult(done=[w.name for w in workflows])


def purge_expired(now: datetime | None = None) -> int:
    """Remove every workflow deleted 30 days ago or more by its account's clock (the application-wide timer calls
    this; ``now`` is the time of an account whose clock was never moved)."""
    expired: list[Workflow] = []
    with db.atomic():
        for moment, accounts in moments_by_account(Workflow.account, now):
            expired.extend(Workflow
                           .select(Workflow.id, Workflow.account, Workflow.name, Workflow.duplicate_number)
                           .where(Workflow.deleted_at.is_null(False)
                                  & (Workflow.deleted_at <= moment - timedelta(days=RETENTION_DAYS)) & accounts))
        _remove(expired)
        by_account: dict[int, list[Workflow]] = {}
        for workflow in expired:
            by_account.setdefault(workflow.account_id, []).append(workflow)
        for account_id, workflows in by_account.items():
            record('purged', account_id, None, workflows, f'after {RETENTION_DAYS} days in Recently deleted')
    if expired:
        events.announce(events.ChangeKind.DELETED, None)
    return len(expired)


def _remove(workflows: list[Workflow]) -> None:
    for chunk in chunked([w.id for w in workflows], ID_CHUNK):
        Workflow.delete().where(Workflow.id.in_(chunk)).execute()


def _deleted(actor: Actor, *columns: object) -> Select:
    return Workflow.select(*columns).where((Workflow.account == actor.account_id) & Workflow.deleted_at.is_null(False))


def _owned_deleted(actor: Actor, ids: list[int]) -> list[Workflow]:
    found: list[Workflow] = []
    for chunk in chunked(ids, ID_CHUNK):
        found.extend(_deleted(actor).where(Workflow.id.in_(chunk)).order_by(Workflow.id))
    return found
