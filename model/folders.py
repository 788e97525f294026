"""Folder queries the list needs; the folder tree's own services live beside them."""

from model.schema import Folder


def descendant_ids(account_id: int, folder_id: int) -> list[int]:
    """``folder_id`` and every folder below it (folders are few: one query, walked in Python)."""
    children: dict[int | None, list[int]] = {}
    for folder_id_, parent_id in (Folder
                                  .select(Folder.id, Folder.parent)
                                  .where(Folder.account == account_id)
                                  .tuples()):
        children.setdefault(parent_id, []).append(folder_id_)
    found, stack = [folder_id], [folder_id]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found
