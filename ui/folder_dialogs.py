"""Small dialogs of the folder tree: a name (create, rename), delete confirmation, and `Move to folder`."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from model.workflows.folders import FolderNode, flatten
from ui.dialogs import dialog_buttons, transient_dialog
from ui.format import plural

Choice = Callable[[int | None], Awaitable[None] | None]


def ask_folder_name(title: str, initial: str, on_ok: Callable[[str], Awaitable[bool]]) -> None:
    """``on_ok`` returns False to keep the dialog open (the name was refused and the reason shown)."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[22rem]').mark('folder-name-dialog'):
        ui.label(title).classes('text-h6')
        name = ui.input('Folder name', value=initial).props('autofocus maxlength=60 counter').classes('w-full') \
            .mark('folder-name')

        async def confirm() -> None:
            if await on_ok(name.value or ''):
                dialog.close()

        name.on('keydown.enter', confirm)
        dialog_buttons(dialog, 'Save', confirm, 'folder-name-save')
    dialog.open()


def confirm_folder_delete(folder: FolderNode, parent_name: str, on_ok: Callable[[], Awaitable[None]]) -> None:
    with transient_dialog() as dialog, ui.card().classes('min-w-[22rem]').mark('folder-delete-dialog'):
        ui.label('Delete folder').classes('text-h6')
        ui.label(f'Delete "{folder.name}"? No workflow is deleted: its {plural(folder.own_count, "workflow")} and '
                 f'{plural(len(folder.children), "subfolder")} move to {parent_name}.')

        async def confirm() -> None:
            await on_ok()
            dialog.close()

        dialog_buttons(dialog, 'Delete folder', confirm, 'folder-delete-confirm', color='negative')
    dialog.open()


def choose_folder(title: str, tree: list[FolderNode], on_choose: Choice,
                  leave_out: frozenset[int] | set[int] = frozenset()) -> None:
    """`Move to folder` without a mouse: a searchable list of every folder (but ``leave_out``), by path."""
    options = {0: 'No folder (top level)',
               **{node.id: _path(node, tree) for node in flatten(tree) if node.id not in leave_out}}
    with transient_dialog() as dialog, ui.card().classes('min-w-[26rem]').mark('move-dialog'):
        ui.label(title).classes('text-h6')
        target = ui.select(options, value=0, label='Folder', with_input=True).classes('w-full') \
            .props('outlined autofocus').mark('move-target')

        async def confirm() -> None:
            result = on_choose(target.value or None)
            if result is not None:
                await result
            dialog.close()

        dialog_buttons(dialog, 'Move', confirm, 'move-confirm')
    dialog.open()


def _path(node: FolderNode, tree: list[FolderNode]) -> str:
    by_id = {n.id: n for n in flatten(tree)}
    names = [node.name]
    while node.parent_id in by_id:
        node = by_id[node.parent_id]  # type: ignore[index]
        names.append(node.name)
    return ' / '.join(reversed(names))
