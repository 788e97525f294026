"""Block 3 of the Workflows page: the folder tree with counts, its management, and drag and drop.

Each folder with subfolders opens and closes on its own; which are open is remembered per person in
NiceGUI's user storage (docs/decisions.md, Folders).

HTML5 drag and drop: the browser only needs ``preventDefault`` on dragover (done in JavaScript);
what is being dragged is kept on the server in :class:`DragState`, set by the dragstart event.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nicegui import app, context, ui

from model.access.gate import Action, Actor, Rights
from model.workflows.folders import (
    FolderNode,
    count_unfiled,
    create_folder,
    delete_folder,
    flatten,
    folder_label,
    folder_tree,
    move_folder,
    move_workflows,
    rename_folder,
)
from ui.calls import call
from ui.folder_dialogs import ask_folder_name, choose_folder, confirm_folder_delete
from ui.region import Region
from ui.undo_bar import offer_undo, outcome_kind, report

ALLOW_DROP = '(e) => { e.preventDefault(); e.currentTarget.classList.add("drop-hover"); }'
LEAVE = '(e) => e.currentTarget.classList.remove("drop-hover")'
DROP = '(e) => { e.currentTarget.classList.remove("drop-hover"); emit(); }'
SELECTED = 'bg-blue-1 text-primary text-weight-medium'
FOLDER_CSS = '''
.folder-entry.drop-hover { outline: 2px dashed var(--q-primary); }
.folder-entry .q-btn.folder-toggle, .folder-entry .folder-toggle-space { width: 22px; min-width: 22px; flex: none; }
'''

SCROLL_WHILE_DRAGGING = '''<script>
(() => {  // dragging a row near the top or bottom of the window scrolls the list (the folders stay in view)
  const EDGE = 80;
  let pointerY = null, frame = null;
  const step = () => {
    frame = null;
    if (pointerY === null) return;
    const bottom = window.innerHeight - EDGE;
    const speed = pointerY < EDGE ? (pointerY - EDGE) / 3 : pointerY > bottom ? (pointerY - bottom) / 3 : 0;
    const before = window.scrollY;
    if (speed) window.scrollBy(0, speed);
    if (window.scrollY !== before) frame = requestAnimationFrame(step);  // until the list's end; a move restarts
  };
  document.addEventListener('dragover', (e) => {
    pointerY = e.clientY;
    if (!frame) frame = requestAnimationFrame(step);
  });
  for (const end of ['drop', 'dragend']) document.addEventListener(end, () => { pointerY = null; });
})();
</script>'''


@dataclass
class DragState:
    """What the person is dragging: ('workflows', ids) or ('folder', [id])."""

    kind: str = ''
    ids: list[int] = field(default_factory=list)

    def start(self, kind: str, ids: list[int]) -> None:
        self.kind, self.ids = kind, ids


@dataclass(frozen=True)
class FolderData:
    tree: list[FolderNode]
    unfiled: int


class FolderTree:
    """Drawn anew only when the folders themselves changed; new counts and another selected folder are set on
    the entries already drawn."""

    def __init__(self, actor: Actor, rights: Rights, selected: int | None, on_select: Callable[[int | None], None],
                 drag: DragState) -> None:
        self.actor = actor
        self.may_change = rights.allows(Action.CHANGE)  # as the gate answered the page
        self.selected = selected
        self.on_select = on_select
        self.drag = drag
        self.opened = _remembered_open(actor)
        self.data: FolderData | None = None
        self.entries: dict[int | None, tuple[ui.row, ui.icon, ui.label]] = {}  # row, icon and count per folder

    def read(self) -> FolderData:
        """The tree and its counts (a read: the page runs it off the event loop, shared between pages)."""
        return FolderData(folder_tree(self.actor), count_unfiled(self.actor))

    def show(self, data: FolderData) -> None:
        drawn, self.data = self.data, data
        if drawn is None:
            self._open_the_way(data.tree)
            self._draw_header()
            self.draw()
        elif _shape(drawn) != _shape(data):
            self.draw.refresh()
        elif drawn != data:
            self._show_counts()

    def select(self, folder_id: int | None) -> None:
        before, self.selected = self.selected, folder_id
        if self.data is None:
            return
        if self._open_the_way(self.data.tree):
            self.draw.refresh()
            return
        self._mark(before, selected=False)
        self._mark(folder_id, selected=True)

    def _show_counts(self) -> None:
        assert self.data is not None
        counts: dict[int | None, int] = {node.id: node.total_count for node in flatten(self.data.tree)}
        counts[None] = sum(node.total_count for node in self.data.tree) + self.data.unfiled
        for folder_id, (_, _, count) in self.entries.items():
            count.set_text(str(counts.get(folder_id, 0)))

    def _mark(self, folder_id: int | None, selected: bool) -> None:
        if folder_id not in self.entries:
            return
        row, icon, _ = self.entries[folder_id]
        if selected:
            row.classes(add=SELECTED)
        else:
            row.classes(remove=SELECTED)
        icon.set_name(_icon(folder_id, selected))

    def selected_name(self) -> str:
        by_id = {node.id: node.name for node in flatten(self.data.tree)} if self.data else {}
        return by_id.get(self.selected, 'All workflows') if self.selected else 'All workflows'

    def _draw_header(self) -> None:
        """`Folders` (open or close every folder) and `New folder`: drawn once, outside the entries that redraw,
        so a click on them never lands on a button being replaced."""
        with ui.row().classes('w-full items-center no-wrap'):
            self.fold_button = ui.button('Folders', on_click=self._open_or_close_all) \
                .props('flat dense no-caps').mark('folders-toggle')
            with self.fold_button:
                self.fold_tooltip = ui.tooltip()
            ui.space()
            if self.may_change:
                ui.button(icon='create_new_folder', on_click=lambda: self.create(None)) \
                    .props('flat dense round aria-label="New folder"') \
                    .mark('new-folder').tooltip('New folder')

    def _parents(self) -> set[int]:
        return {node.id for node in flatten(self.data.tree) if node.children} if self.data else set()

    def _every_open(self) -> bool:
        parents = self._parents()
        return bool(parents) and parents <= self.opened

    def _open_or_close_all(self) -> None:
        self._remember(set() if self._every_open() else self._parents())

    def _show_fold_state(self) -> None:
        """The header's `Folders` button says whether a click opens or closes every folder."""
        every_open = self._every_open()
        icon = 'unfold_less' if every_open else 'unfold_more'
        if self.fold_button.props.get('icon') != icon:
            self.fold_button.props['icon'] = icon  # sends the button alone
        self.fold_tooltip.set_text('Close every folder' if every_open else 'Open every folder')

    @ui.refreshable_method
    def draw(self) -> None:
        assert self.data is not None
        tree = self.data.tree
        self.entries = {}
        self._show_fold_state()
        total = sum(node.total_count for node in tree) + self.data.unfiled
        self._entry(None, 'All workflows', total, depth=0)
        self._entries(tree, depth=1)

    def _entries(self, nodes: list[FolderNode], depth: int) -> None:
        """``nodes`` and, below each open one, its subfolders."""
        for node in nodes:
            self._entry(node, node.name, node.total_count, depth)
            if node.id in self.opened:
                self._entries(node.children, depth + 1)

    def toggle_open(self, folder_id: int) -> None:
        self._remember(self.opened ^ {folder_id})

    def _remember(self, opened: set[int]) -> None:
        self.opened = opened
        _remember_open(self.actor, opened)
        self.draw.refresh()

    def _open(self, folder_id: int | None) -> None:
        """A folder that just received a subfolder opens, so the person sees where it went."""
        if folder_id is not None and folder_id not in self.opened:
            self._remember(self.opened | {folder_id})

    def _open_the_way(self, tree: list[FolderNode]) -> bool:
        """Open the folders above the selected one (remembered, like a click on each); True when any opened."""
        by_id = {node.id: node for node in flatten(tree)}
        current = by_id.get(self.selected) if self.selected else None
        above: set[int] = set()
        while current is not None and current.parent_id:
            above.add(current.parent_id)
            current = by_id.get(current.parent_id)
        if above <= self.opened:
            return False
        self.opened |= above
        _remember_open(self.actor, self.opened)
        return True

    def _entry(self, node: FolderNode | None, name: str, count: int, depth: int) -> None:
        folder_id = node.id if node else None
        is_selected = folder_id == self.selected
        row = ui.row().classes('folder-entry w-full items-center no-wrap gap-1 rounded cursor-pointer q-px-xs') \
            .classes(SELECTED if is_selected else '') \
            .style(f'padding-left: {depth * 14 + 4}px').mark(f'folder-{folder_id or "root"}')
        row.on('click', lambda: self.on_select(folder_id))
        row.on('dragover', js_handler=ALLOW_DROP)
        row.on('dragleave', js_handler=LEAVE)
        row.on('drop', lambda: self.drop_on(folder_id), js_handler=DROP)
        if node is not None and self.may_change:
            row.props('draggable=true')
            row.on('dragstart', lambda: self.drag.start('folder', [node.id]))
        with row:
            if node is not None and node.children:
                is_open = node.id in self.opened
                toggle = ui.button(icon='expand_more' if is_open else 'chevron_right',
                                   on_click=lambda: self.toggle_open(node.id)) \
                    .props('flat dense round size=xs').classes('folder-toggle').mark(f'folder-toggle-{node.id}') \
                    .on('click.stop', js_handler='() => {}')  # the click opens the folder, it does not select it
                toggle.props['aria-label'] = f'{"Close" if is_open else "Open"} {name}'
            else:
                ui.element('span').classes('folder-toggle-space')
            icon = ui.icon(_icon(folder_id, is_selected), size='xs')
            ui.label(name).classes('ellipsis grow min-w-0').mark('folder-name-label')
            with Region():  # a new count redraws only itself
                self.entries[folder_id] = (row, icon, ui.label(str(count)).classes('text-caption text-grey-7')
                                           .mark('folder-count'))
            if node is not None and self.may_change:
                with ui.button(icon='more_vert').props('flat dense round size=xs aria-label="Folder actions"') \
                        .mark(f'folder-menu-{node.id}') \
                        .on('click.stop', lambda: None):
                    with ui.menu():
                        ui.menu_item('New subfolder', on_click=lambda: self.create(node.id))
                        ui.menu_item('Rename', on_click=lambda: self.rename(node))
                        ui.menu_item('Move to…', on_click=lambda: self.move(node))
                        ui.menu_item('Delete', on_click=lambda: self.delete(node))

    async def drop_on(self, folder_id: int | None) -> None:
        kind, ids = self.drag.kind, self.drag.ids
        self.drag.start('', [])
        target = self._name(folder_id)
        if kind == 'workflows' and ids:
            client = context.client
            outcome = await call(move_workflows, self.actor, ids, folder_id)
            if outcome.value is not None:
                offer_undo(self.actor, report(outcome.value, f'moved to {target}'), outcome.value.undo,
                           lambda: None, client,  # the move and its undo are announced: the page follows
                           outcome_kind(len(outcome.value.done), len(outcome.value.skipped)))
        elif kind == 'folder' and ids and ids[0] != folder_id:
            if await self._attempt(move_folder, ids[0], folder_id,
                                   done=lambda folder: f'"{folder.name}" moved to {target}'):
                self._open(folder_id)

    def create(self, parent_id: int | None) -> None:
        async def save(name: str) -> bool:
            created = await self._attempt(create_folder, name, parent_id,
                                          done=lambda folder: f'Folder "{folder.name}" created')
            if created:
                self._open(parent_id)
            return created

        ask_folder_name('New subfolder' if parent_id else 'New folder', '', save)

    def rename(self, node: FolderNode) -> None:
        async def save(name: str) -> bool:
            return await self._attempt(rename_folder, node.id, name,
                                       done=lambda folder: f'Folder renamed to "{folder.name}"')

        ask_folder_name('Rename folder', node.name, save)

    def move(self, node: FolderNode) -> None:
        """Dragging without a mouse: the same service, so the same rules (never into itself or a subfolder)."""

        async def to(parent_id: int | None) -> None:
            target = self._name(parent_id)
            if await self._attempt(move_folder, node.id, parent_id,
                                   done=lambda folder: f'"{folder.name}" moved to {target}'):
                self._open(parent_id)

        inside = {folder.id for folder in flatten([node])}  # the tree as drawn: no read on the event loop
        choose_folder(f'Move "{node.name}" to', self.data.tree if self.data else [], to, leave_out=inside)

    def delete(self, node: FolderNode) -> None:
        parent = self._name(node.parent_id)

        async def remove() -> None:
            def done(result: tuple[str, int, int]) -> str:
                return f'Folder "{result[0]}" deleted; its workflows and subfolders are now in {parent}'

            if await self._attempt(delete_folder, node.id, done=done) and self.selected == node.id:
                self.on_select(node.parent_id)

        confirm_folder_delete(node, parent, remove)

    async def _attempt(self, change: Callable[..., Any], *args: Any, done: str | Callable[[Any], str]) -> bool:
        """Run the folder service ``change``; a refusal is shown and keeps dialogs open. Its announcement
        redraws the tree."""
        return (await call(change, self.actor, *args, done=done)).ok

    def _name(self, folder_id: int | None) -> str:
        return folder_label(self.actor, folder_id)


def _remembered_open(actor: Actor) -> set[int]:
    return set(app.storage.user.get('open_folders', {}).get(str(actor.person_id), []))


def _remember_open(actor: Actor, opened: set[int]) -> None:
    """Stored per person: two people taking turns on one browser each keep their own tree."""
    app.storage.user['open_folders'] = {**app.storage.user.get('open_folders', {}),
                                        str(actor.person_id): sorted(opened)}


def _shape(data: FolderData) -> list[tuple[int, str, int | None]]:
    """What the drawn entries depend on besides their counts."""
    return [(node.id, node.name, node.parent_id) for node in flatten(data.tree)]


def _icon(folder_id: int | None, selected: bool) -> str:
    return 'folder_open' if selected else ('folder' if folder_id else 'inventory_2')
