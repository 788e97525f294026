"""Workflow services: create, state transitions, duplicate, delete, and the pause-expiry sweep.

Every service takes the acting :class:`Actor`, reads time from the application clock, runs its
writes in one transaction and announces the change so open pages redraw.
"""

from collections.abc import Iterable
from datetime import datetime

from peewee import chunked, fn

from model.access.activity import record, record_by
from model.access.gate import Action, Actor, not_found, require
from model.common import events
from model.common.clock import add_calendar_months, clock
from model.common.errors import Refused, StaleVersion
from model.common.text import clean_name, fold, plural, workflow_label, workflow_search_text
from model.storage.account_time import moments_by_account
from model.storage.db import ID_CHUNK, db
from model.storage.engine import lock_account
from model.storage.schema import Node, Workflow, kept
from model.workflows.bulk import BulkResult, Undone, UndoToken
from model.workflows.folders import get_folder
from model.workflows.graph import copy_derived, refresh_derived, write_copy
from model.workflows.states import (
    ACTIVE,
    DONE_LABELS,
    DRAFT,
    FINALIZED,
    PAUSE_LIMIT_MONTHS,
    PAUSED,
    STATE_LABELS,
    STATE_WORDS,
    TRANSITIONS,
    find_transition,
)
from model.workflows.versions import latest_number, links, record_first_version, record_version, snapshot

DEFAULT_START_CONFIG = {'selection': 'all contacts', 'data_source': 'existing'}


def get_workflow(actor: Actor, workflow_id: int) -> Workflow:
    """The workflow with this id in the actor's account; any other id is "not found"."""
    workflow = Workflow.select().where((Workflow.id == workflow_id) & kept()).first()
    if workflow is None:
        raise not_found('Workflow')
    require(actor, Action.READ, workflow)
    return workflow


def create_blank(actor: Actor, name: str | None, folder_id: int | None = None) -> Workflow:
    """A draft with only a Start node; an empty name becomes "Untitled workflow"."""
    require(actor, Action.CHANGE)
    with db.atomic():
        if folder_id is not None:
            get_folder(actor, folder_id)  # another account's folder is "not found"
        workflow = new_workflow(actor.account_id, clean_name(name), folder_id=folder_id, origin='blank')
        Node.create(workflow=workflow, key='start', kind='start', config=DEFAULT_START_CONFIG, x=0, y=0)
        refresh_derived(workflow)
        version = record_version(workflow.id, actor.person_id, 'Created')
        record_by(actor, 'created', [workflow], versions=links([version]))
    events.announce(events.ChangeKind.CREATED, actor.account_id, [workflow.id])
    return workflow


def new_workflow(account_id: int, name: str, **fields: object) -> Workflow:
    """Insert a workflow row with its search columns filled; nodes are the caller's business."""
    moment = clock.now(account_id)
    description = str(fields.pop('description', ''))
    return Workflow.create(account=account_id, name=name, description=description,
                           search_text=workflow_search_text(name, description), sort_name=fold(name)[:120],
                           created_at=moment, updated_at=moment, **fields)


def apply_action(actor: Actor, workflow_id: int, action: str, expected_version: int) -> Workflow:
    """Start, pause, resume or finalize, if the table allows it from the state the caller saw."""
    require(actor, Action.CHANGE)
    if action == 'resume':
        sweep_expired_pauses(account_ids=[actor.account_id])  # a pause that ran out is over, swept or not yet
    with db.atomic():
        lock_account(actor.account_id)
        workflow = get_workflow(actor, workflow_id)
        if workflow.version != expected_version:
            raise StaleVersion(f'"{label(workflow)}" changed meanwhile: it is now {STATE_LABELS[workflow.state]}')
        if problem := _transition_problem(workflow, action):
            raise Refused(f'"{label(workflow)}" {problem}')
        _transition(actor, workflow, action)
    events.announce(events.ChangeKind.UPDATED, actor.account_id, [workflow_id])
    return Workflow.get_by_id(workflow_id)


def apply_action_batch(actor: Actor, workflow_ids: Iterable[int], action: str) -> BulkResult:
    """Pause, resume or finalize a selection: those the table allows change, the others are skipped with the
    reason (a draft cannot be finalized...). Nothing to undo: pausing and resuming reverse each other, and
    finalizing cannot be taken back (the page asks first)."""
    require(actor, Action.CHANGE)
    if action == 'resume':
        sweep_expired_pauses()
    result = BulkResult()
    with db.atomic():
        lock_account(actor.account_id)
        for workflow in sorted(_owned(actor, list(dict.fromkeys(workflow_ids))), key=lambda w: w.id):
            if problem := _transition_problem(workflow, action):
                result.skipped.append((label(workflow), problem))
            else:
                _transition(actor, workflow, action)
                result.done.append(label(workflow))
    if result.done:
        events.announce(events.ChangeKind.UPDATED, actor.account_id, list(workflow_ids))
    return result


def _transition_problem(workflow: Workflow, action: str) -> str | None:
    """Why ``action`` cannot happen to ``workflow`` now, said after its name: 'is a draft: only active workflows
    can be finalized'; or None."""
    transition = find_transition(workflow.state, action)
    state = STATE_WORDS[workflow.state]
    if transition is None:
        sources = [t.source for t in TRANSITIONS if t.action == action]
        if not sources:
            return f'is {state}: {action} is not possible'
        allowed = ' or '.join('drafts' if s == DRAFT else f'{STATE_WORDS[s]} workflows' for s in sources)
        return f'is {state}: only {allowed} can be {DONE_LABELS[action]}'
    if transition.needs_no_errors and workflow.error_count:
        return f'has {plural(workflow.error_count, "error")}: fix them in the editor first'
    return None


def _transition(actor: Actor, workflow: Workflow, action: str) -> None:
    """Move ``workflow`` (read in this transaction, under the account lock) along ``action`` and log it."""
    target = find_transition(workflow.state, action).target  # type: ignore[union-attr]
    changes = _transition_changes(workflow, target, clock.now(actor.account_id), actor.person_id)
    updated = (Workflow
               .update(state=target, version=Workflow.version + 1, **changes)
               .where((Workflow.id == workflow.id) & (Workflow.version == workflow.version))
               .execute())
    if not updated:
        raise StaleVersion(f'"{label(workflow)}" changed meanwhile')
    version = record_version(workflow.id, actor.person_id, 'Started') if action == 'start' else None
    record_by(actor, DONE_LABELS[action], [workflow], 'by a person' if action == 'finalize' else '', links([version]))


def duplicate_many(actor: Actor, workflow_ids: Iterable[int]) -> list[Workflow]:
    """Copy each workflow as a draft beside it, badged ``[n]``; returns the copies."""
    require(actor, Action.CHANGE)
    ids = list(dict.fromkeys(workflow_ids))
    with db.atomic():
        lock_account(actor.account_id)
        sources = sorted(_owned(actor, ids), key=lambda w: w.id)
        copies = []
        for source in sources:
            copy = new_copy(source, source.name, source.description, **copy_derived(source))
            number = latest_number(source.id)
            version = record_first_version(copy.id, actor.person_id, f'Copy of "{label(source)}"'
                                           + (f' as of version {number}' if number else ''),
                                           write_copy(copy, snapshot(source.id)), DRAFT)
            record_by(actor, 'duplicated', [copy], f'copy of "{source.name}"', links([version]))
            copies.append(copy)
    if copies:
        events.announce(events.ChangeKind.CREATED, actor.account_id, [copy.id for copy in copies])
    return copies


def duplicate_batch(actor: Actor, workflow_ids: Iterable[int]) -> BulkResult:
    """:func:`duplicate_many` reported per workflow, with the undo that removes the copies."""
    copies = duplicate_many(actor, workflow_ids)
    return BulkResult(done=[label(copy) for copy in copies],
                      undo=UndoToken('duplicate', actor.account_id,
                                     [Undone(copy.id, label(copy), copy.version) for copy in copies]))


def delete_many(actor: Actor, workflow_ids: Iterable[int],
                expected_versions: dict[int, int] | None = None) -> BulkResult:
    """Move the workflows to `Recently deleted` (restorable for 30 days, see model/workflows/trash.py).

    With ``expected_versions`` (a row's own Delete) a workflow changed meanwhile is not deleted.
    """
    require(actor, Action.CHANGE)
    ids = list(dict.fromkeys(workflow_ids))
    moment = clock.now(actor.account_id)
    with db.atomic():
        lock_account(actor.account_id)  # the versions read become the undo's
        workflows = _owned(actor, ids)
        for workflow in workflows:
            if expected_versions and expected_versions.get(workflow.id, workflow.version) != workflow.version:
                raise StaleVersion(f'"{label(workflow)}" changed meanwhile: nothing was deleted')
        for chunk in chunked([w.id for w in workflows], ID_CHUNK):
            (Workflow
             .update(deleted_at=moment, version=Workflow.version + 1)
             .where(Workflow.id.in_(chunk) & kept())
             .execute())
        record_by(actor, 'deleted', workflows)
    if workflows:
        events.announce(events.ChangeKind.DELETED, actor.account_id, [w.id for w in workflows])
    return BulkResult(done=[label(w) for w in workflows],
                      undo=UndoToken('delete', actor.account_id,
                                     [Undone(w.id, label(w), w.version + 1) for w in workflows]))


def sweep_expired_pauses(now: datetime | None = None, account_ids: Iterable[int] | None = None) -> int:
    """Finalize every workflow paused for three calendar months or more of its account's time (``now``: the time
    of an account whose clock was never moved): one indexed, idempotent UPDATE per clock offset in use, whose
    RETURNING rows (SQLite 3.35+, PostgreSQL) are the workflows it finalized, logged in the same transaction,
    so concurrent sweeps finalize and record each workflow once."""
    finalized: list[Workflow] = []
    with db.atomic():
        for moment, accounts in moments_by_account(Workflow.account, now, account_ids):
            finalized.extend(Workflow
                             .update(state=FINALIZED, finalized_at=Workflow.pause_expires_at,
                                     finalized_reason='pause expired', priority_position=None,
                                     version=Workflow.version + 1, updated_at=moment)
                             .where((Workflow.state == PAUSED) & (Workflow.pause_expires_at <= moment) & kept()
                                    & accounts)
                             .returning(Workflow.id, Workflow.account, Workflow.name, Workflow.duplicate_number)
                             .objects(Workflow)
                             .execute())
        by_account: dict[int, list[Workflow]] = {}
        for workflow in finalized:
            by_account.setdefault(workflow.account_id, []).append(workflow)
        for account_id, workflows in by_account.items():
            record('finalized', account_id, None, workflows, 'the pause expired')
    if finalized:
        events.announce(events.ChangeKind.UPDATED, None)
    return len(finalized)


def label(workflow: Workflow) -> str:
    """The workflow's name as messages say it: a copy with its badge, "Welcome [2]"."""
    return workflow_label(workflow.name, workflow.duplicate_number)


def pause_expiry(paused_at: datetime) -> datetime:
    return add_calendar_months(paused_at, PAUSE_LIMIT_MONTHS)


def _transition_changes(workflow: Workflow, target: str, moment: datetime, person_id: int) -> dict:
    changes: dict = {'updated_at': moment}
    if target == ACTIVE and workflow.state != PAUSED:
        changes.update(started_at=moment, priority_position=next_priority_position(workflow.account_id))
    if target == ACTIVE:
        changes.update(paused_at=None, pause_expires_at=None)
    elif target == PAUSED:
        changes.update(paused_at=moment, pause_expires_at=pause_expiry(moment))
    elif target == FINALIZED:
        changes.update(finalized_at=moment, finalized_reason='person', finalized_by=person_id, priority_position=None,
                       paused_at=None, pause_expires_at=None)
    return changes


def next_priority_position(account_id: int) -> int:
    highest = (Workflow
               .select(fn.MAX(Workflow.priority_position))
               .where(Workflow.account == account_id)
               .scalar())
    return (highest or 0) + 1


def _owned(actor: Actor, ids: list[int]) -> list[Workflow]:
    """The actor's workflows among ``ids``, read in chunks: "Select all" may pass more ids than SQLite
    allows variables in one statement (32,766 in a default build)."""
    found: list[Workflow] = []
    for chunk in chunked(ids, ID_CHUNK):
        found.extend(Workflow
                     .select()
                     .where((Workflow.account == actor.account_id) & kept() & (Workflow.id.in_(chunk))))
    return found


def new_copy(source: Workflow, name: str, description: str, **derived: object) -> Workflow:
    """A draft in the source's folder badged as the next copy of its original, ``[n]``; its content (and the
    ``derived`` columns that go with it) are the caller's business (the caller holds the account lock, so two
    copies never get the same number)."""
    original_id = source.duplicate_of_id or source.id
    highest = (Workflow
               .select(fn.MAX(Workflow.duplicate_number))
               .where(Workflow.duplicate_of == original_id)
               .scalar())
    return new_workflow(source.account_id, name, description=description, folder=source.folder_id,
                        origin='duplicate', duplicate_of=original_id, duplicate_number=(highest or 0) + 1, **derived)


def current_version(actor: Actor, workflow_id: int) -> int | None:
    """The stored version, or None once the workflow is gone: lets an open editor notice changes elsewhere."""
    require(actor, Action.READ)
    row = (Workflow
           .select(Workflow.version)
           .where((Workflow.id == workflow_id) & (Workflow.account == actor.account_id) & kept())
           .first())
    return row.version if row else None
