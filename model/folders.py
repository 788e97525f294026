"""Folder queries the list needs; the folder tree's own services live beside them."""

from model.schema import Folder


def descendant_ids(account_id: int, folder_id: int) -> list[int]:
    """``folder_id`` and every folder below it (folders are few: one query, walked in Python)."""
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


def folder_paths(account_id: int) -> dict[int, str]:
    """Every folder of the account with its full path ('Newsletters / Weekly'), in path order."""
    rows = {folder.id: (folder.name, folder.parent_id) for folder in (Folder
                                                                     .select(Folder.id, Folder.name, Folder.parent)
                                                                     .where(Folder.account == account_id))}

    def path(folder_id: int) -> str:
        name, parent_id = rows[folder_id]
        return f'{path(parent_id)} / {name}' if parent_id in rows else name

    paths = {folder_id: path(folder_id) for folder_id in rows}
    return dict(sorted(paths.items(), key=lambda item: item[1].casefold()))
