"""`Undo`: reverse exactly what a delete, a move or a duplicate did, workflow by workflow.

A workflow changed since the action (another version) is left as it is and reported with the
reason; the others are reversed in one transaction.
"""

from model.access.activity import record_by
from model.access.gate import Action, Actor, require
from model.common import events
from model.common.errors import NotFound
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import Folder, Workflow, kept
from model.workflows.bulk import BulkResult, Undone, UndoToken
from model.workflows.lifecycle import next_priority_position

CHANGED = 'changed meanwhile'
KINDS = {'delete': events.ChangeKind.RESTORED, 'move': events.ChangeKind.MOVED,
         'duplicate': events.ChangeKind.DELETED}


def undo(actor: Actor, token: UndoToken) -> BulkResult:
    require(actor, Action.CHANGE)
    if token.account_id != actor.account_id or token.action not in KINDS:
        raise NotFound('There is nothing to undo')
    result = BulkResult()
    reversed_ids = []
    with db.atomic():
        lock_account(actor.account_id)  # versions and positions are read, then written
        for item in token.items:
            workflow = Workflow.get_or_none((Workflow.id == item.workflow_id) & (Workflow.account == actor.account_id))
            why = _why_not(token.action, item, workflow)
            if why or workflow is None:
                result.skipped.append((item.name, why or 'no longer exists'))
                continue
            _REVERSE[token.action](actor, item, workflow)
            result.done.append(workflow.name)
            reversed_ids.append(workflow.id)
    if reversed_ids:
        events.announce(KINDS[token.action], actor.account_id, reversed_ids)
    return result


def _why_not(action: str, item: Undone, workflow: Workflow | None) -> str:
    if workflow is None:
        return 'no longer exists'
    if workflow.version != item.version:
        return 'was restored meanwhile' if action == 'delete' and workflow.deleted_at is None else CHANGED
    if action != 'delete' and workflow.deleted_at is not None:
        return 'was deleted meanwhile'
    if action == 'move' and item.folder_id is not None and Folder.get_or_none(Folder.id == item.folder_id) is None:
        return 'its former folder was deleted meanwhile'
    return ''


def _undelete(actor: Actor, item: Undone, workflow: Workflow) -> None:
    position = workflow.priority_position
    if position is not None and (Workflow
                                 .select()
                                 .where((Workflow.account == actor.account_id) & kept()
                                        & (Workflow.priority_position == position))
                                 .exists()):
        position = next_priority_position(actor.account_id)  # the order was saved meanwhile: go last
    (Workflow
     .update(deleted_at=None, priority_position=position, version=Workflow.version + 1)
     .where(Workflow.id == workflow.id)
     .execute())
    record_by(actor, 'restored', [workflow], 'undo of the delete')


def _unmove(actor: Actor, item: Undone, workflow: Workflow) -> None:
    Workflow.update(folder=item.folder_id, version=Workflow.version + 1).where(Workflow.id == workflow.id).execute()
    record_by(actor, 'moved', [workflow], 'undo of the move')


def _unduplicate(actor: Actor, item: Undone, workflow: Workflow) -> None:
    Workflow.delete().where(Workflow.id == workflow.id).execute()
    record_by(actor, 'purged', [workflow], 'undo of the duplicate')


_REVERSE = {'delete': _undelete, 'move': _unmove, 'duplicate': _unduplicate}
