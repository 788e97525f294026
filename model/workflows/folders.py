"""Folders (docs/product.md §5): the tree with counts, create / rename / delete, and moving workflows and folders.

Folders are few per account, so the tree is read in one query and walked in Python; workflow counts
come from one GROUP BY.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import chunked, fn

from model.access.activity import record_by
from model.access.gate import Action, Actor, not_found, require
from model.common import events
from model.common.errors import Invalid
from model.common.text import hidden_character_problem, workflow_label
from model.storage.db import ID_CHUNK, db
from model.storage.engine import lock_account
from model.storage.schema import Folder, Workflow, kept
from model.workflows.bulk import BulkResult, Undone, UndoToken

FOLDER_NAME_MAX = 60


@dataclass
class FolderNode:
    id: int
    name: str
    parent_id: int | None
    own_count: int = 0
    total_count: int = 0  # with every subfolder's workflows
    children: list['FolderNode'] = field(default_factory=list)
    depth: int = 0


def folder_tree(actor: Actor) -> list[FolderNode]:
    """The account's top-level folders, each with its subfolders and counts, sorted by name."""
    require(actor, Action.READ)
    counts: dict[int, int] = dict(Workflow  # type: ignore[arg-type]
                                  .select(Workflow.folder, fn.COUNT(Workflow.id))
                                  .where((Workflow.account == actor.account_id) & kept()
                                         & Workflow.folder.is_null(False))
                                  .group_by(Workflow.folder)
                                  .tuples())
    nodes = {f.id: FolderNode(f.id, f.name, f.parent_id, own_count=counts.get(f.id, 0))
             for f in Folder.select().where(Folder.account == actor.account_id)}
    roots: list[FolderNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(node)
    for root in roots:
        _finish(root, 0)
    return sorted(roots, key=_name_key)


def flatten(tree: list[FolderNode]) -> list[FolderNode]:
    """The tree in display order, depth-first."""
    result = []
    for node in tree:
        result.append(node)
        result.extend(flatten(node.children))
    return result


def count_unfiled(actor: Actor) -> int:
    require(actor, Action.READ)
    return (Workflow
            .select()
            .where((Workflow.account == actor.account_id) & Workflow.folder.is_null() & kept())
            .count())


def create_folder(actor: Actor, name: str, parent_id: int | None = None) -> Folder:
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)
        if parent_id is not None:
            _owned_folder(actor, parent_id)
        clean = _valid_name(actor, name, parent_id)
        folder = Folder.create(account=actor.account_id, name=clean, parent=parent_id)
        record_by(actor, 'folders', detail=f'created folder "{clean}"')
    events.announce(events.ChangeKind.FOLDERS, actor.account_id)
    return folder


def rename_folder(actor: Actor, folder_id: int, name: str) -> Folder:
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)
        folder = _owned_folder(actor, folder_id)
        before = folder.name
        folder.name = _valid_name(actor, name, folder.parent_id, ignore_id=folder.id)
        folder.save()
        record_by(actor, 'folders', detail=f'renamed folder "{before}" to "{folder.name}"')
    events.announce(events.ChangeKind.FOLDERS, actor.account_id)
    return folder


def delete_folder(actor: Actor, folder_id: int) -> tuple[str, int, int]:
    """Delete a folder; its workflows and subfolders move to its parent. Returns (name, workflows, subfolders) moved."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)
        folder = _owned_folder(actor, folder_id)
        for child in Folder.select().where(Folder.parent == folder.id):
            _valid_name(actor, child.name, folder.parent_id, ignore_id=child.id,
                        clash=f'"{folder.name}" cannot be deleted: its subfolder "{child.name}" would meet a folder '
                              'of the same name one level up; rename one of them first')
        moved_workflows = (Workflow
                           .update(folder=folder.parent_id, version=Workflow.version + 1)
                           .where((Workflow.folder == folder.id) & kept())
                           .execute())
        moved_folders = (Folder
                         .update(parent=folder.parent_id)
                         .where(Folder.parent == folder.id)
                         .execute())
        folder.delete_instance()  # recently deleted workflows in it go to the top level (ON DELETE SET NULL)
        record_by(actor, 'folders', detail=f'deleted folder "{folder.name}"')
    events.announce(events.ChangeKind.FOLDERS, actor.account_id)
    return folder.name, moved_workflows, moved_folders


def move_workflows(actor: Actor, workflow_ids: Iterable[int], folder_id: int | None) -> BulkResult:
    """Put the workflows into ``folder_id`` (None: top level); those already there are reported as skipped."""
    require(actor, Action.CHANGE)
    ids = list(dict.fromkeys(workflow_ids))
    result = BulkResult(undo=UndoToken('move', actor.account_id))
    with db.atomic():
        lock_account(actor.account_id)
        destination = _label(actor, folder_id)  # another account's folder is "not found"
        for chunk in chunked(ids, ID_CHUNK):
            found = list(Workflow
                         .select(Workflow.id, Workflow.name, Workflow.duplicate_number, Workflow.folder,
                                 Workflow.version)
                         .where((Workflow.account == actor.account_id) & kept()
                                & Workflow.id.in_(chunk)))
            moving = [w for w in found if w.folder_id != folder_id]
            result.skipped.extend((_workflow_label(w), f'already in {destination}')
                                  for w in found if w.folder_id == folder_id)
            if not moving:
                continue
            (Workflow
             .update(folder=folder_id, version=Workflow.version + 1)
             .where(Workflow.id.in_([w.id for w in moving]))
             .execute())
            record_by(actor, 'moved', moving, f'to {destination}')
            result.done.extend(_workflow_label(w) for w in moving)
            result.undo.items.extend(Undone(w.id, _workflow_label(w), w.version + 1, w.folder_id)  # type: ignore[union-attr]
                                     for w in moving)
    if result.done:
        events.announce(events.ChangeKind.MOVED, actor.account_id, ids)
    return result


def move_folder(actor: Actor, folder_id: int, new_parent_id: int | None) -> Folder:
    """Nest a folder in another (None: top level); never inside itself or one of its descendants."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)
        folder = _owned_folder(actor, folder_id)
        if new_parent_id is not None:
            target = _owned_folder(actor, new_parent_id)
            if new_parent_id in descendant_ids(actor.account_id, folder.id):
                where = 'itself' if target.id == folder.id else f'its own subfolder "{target.name}"'
                raise Invalid(f'"{folder.name}" cannot be moved into {where}')
        folder.name = _valid_name(actor, folder.name, new_parent_id, ignore_id=folder.id)
        folder.parent = new_parent_id
        folder.save()
        record_by(actor, 'folders', detail=f'moved folder "{folder.name}" to {_label(actor, new_parent_id)}')
    events.announce(events.ChangeKind.FOLDERS, actor.account_id)
    return folder


def get_folder(actor: Actor, folder_id: int) -> Folder:
    """The folder, if it is of the actor's account; any other is "not found"."""
    folder = Folder.get_or_none(Folder.id == folder_id)
    if folder is None:
        raise not_found('Folder')
    require(actor, Action.READ, folder)
    return folder


def folder_label(actor: Actor, folder_id: int | None) -> str:
    """How messages name a destination: '"Weekly"', or 'the top level'."""
    require(actor, Action.READ)
    return _label(actor, folder_id)


def _label(actor: Actor, folder_id: int | None) -> str:
    return 'the top level' if folder_id is None else f'"{_owned_folder(actor, folder_id).name}"'


def descendant_ids(account_id: int, folder_id: int) -> list[int]:
    """``folder_id`` and every folder below it."""
    children: dict[int | None, list[int]] = {}
    for folder in (Folder
                   .select(Folder.id, Folder.parent)
                   .where(Folder.account == account_id)):
        children.setdefault(folder.parent_id, []).append(folder.id)
    found, stack = [folder_id], [folder_id]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _finish(node: FolderNode, depth: int) -> int:
    node.depth = depth
    node.children.sort(key=_name_key)
    node.total_count = node.own_count + sum(_finish(child, depth + 1) for child in node.children)
    return node.total_count


def _name_key(node: FolderNode) -> str:
    return node.name.casefold()


def _owned_folder(actor: Actor, folder_id: int) -> Folder:
    folder = (Folder
              .select()
              .where((Folder.id == folder_id) & (Folder.account == actor.account_id))
              .first())
    if folder is None:
        raise not_found('Folder')
    return folder


def _valid_name(actor: Actor, name: str, parent_id: int | None, ignore_id: int | None = None,
                clash: str = '') -> str:
    clean = (name or '').strip()
    if not clean:
        raise Invalid('A folder needs a name')
    if problem := hidden_character_problem(clean):
        raise Invalid(f'The folder name {problem}')
    if len(clean) > FOLDER_NAME_MAX:
        raise Invalid(f'A folder name has at most {FOLDER_NAME_MAX} characters ({len(clean)} given)')
    siblings = (Folder
                .select(Folder.id, Folder.name)
                .where((Folder.account == actor.account_id)
                       & (Folder.parent.is_null() if parent_id is None else Folder.parent == parent_id)))
    if any(s.name.casefold() == clean.casefold() and s.id != ignore_id for s in siblings):
        raise Invalid(clash or f'There is already a folder called "{clean}" here')
    return clean


def _workflow_label(workflow: Workflow) -> str:
    return workflow_label(workflow.name, workflow.duplicate_number)
