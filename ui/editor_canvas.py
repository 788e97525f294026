"""The editor's canvas and its palette: every change made on it is stored at once, with the version check,
and can be undone and redone while the page is open.

A change is a :class:`model.editing.CanvasEdit`, made from the working copy, stored by
:func:`model.editing.save_canvas_edit`, then made on the working copy too. A refusal says why and sends the
canvas again as it was.
"""

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Protocol

from nicegui import ui
from nicegui.events import GenericEventArguments

from model.access.gate import Actor
from model.common.errors import DomainError
from model.workflows.catalogue import CATALOGUE, GROUPS
from model.workflows.editing import (
    CanvasEdit,
    Draft,
    add_edit,
    apply_edit,
    connect_edit,
    move_edit,
    reconnect_edit,
    remove_edit,
    save_canvas_edit,
)
from model.workflows.incidents import find_incidents
from ui.calls import call
from ui.canvas_cards import ICONS, cards, edge_id
from ui.flow_canvas import EDIT, MOVE, FlowCanvas

KIND_TYPE = 'application/x-workflow-kind'  # what a palette entry carries when dragged onto the canvas


class Host(Protocol):
    """What the canvas needs from the editor page."""

    draft: Draft
    selected: str | None

    @property
    def version(self) -> int: ...

    def stored(self, version: int) -> None: ...

    def refused(self) -> None: ...

    def select(self, key: str | None) -> None: ...

    def canvas_changed(self) -> None: ...


class EditorCanvas:
    def __init__(self, actor: Actor, workflow_id: int, host: Host, mode: str,
                 names: Callable[[], dict[str, dict[int, str]]]) -> None:
        self.actor, self.workflow_id, self.host, self.mode, self.names = actor, workflow_id, host, mode, names
        self.done: list[CanvasEdit] = []
        self.undone: list[CanvasEdit] = []
        self.busy = asyncio.Lock()  # one change at a time, each on the version the previous one left

    def build(self) -> None:
        with ui.row().classes('w-full items-center no-wrap gap-1 q-px-sm q-py-xs') \
                .style('border-bottom: 1px solid #e5e7eb'):
            self.undo_button = _tool('undo', 'Undo', 'Undo (Ctrl+Z)', self.undo).mark('canvas-undo')
            self.redo_button = _tool('redo', 'Redo', 'Redo (Ctrl+Shift+Z)', self.redo).mark('canvas-redo')
            if self.mode == EDIT:
                _tool('delete_outline', 'Remove node', 'Remove the selected node (Delete)', self.remove_selected) \
                    .mark('canvas-delete')
            ui.separator().props('vertical')
            ui.button('Tidy up', icon='auto_fix_high', on_click=self.tidy) \
                .props('flat dense no-caps').mark('canvas-tidy')
            _tool('fit_screen', 'Fit to screen', 'Show the whole workflow', self.fit)
            ui.space()
            hint = ('Drag from an output to a node to connect · drop on a line to insert · Shift+drag to select'
                    if self.mode == EDIT else 'Nodes can be moved; the structure is locked once started'
                    if self.mode == MOVE else 'Read-only')
            ui.label(hint).classes('text-caption text-grey-7 ellipsis')
        self.canvas = FlowCanvas(self.mode).classes('w-full') \
            .style('height: calc(100vh - 300px); min-height: 460px').mark('canvas')
        for event, handler in (('select', self._selected), ('move', self._moved), ('connect', self._connected),
                               ('add', self._dropped), ('remove', self._removed)):
            self.canvas.on(event, handler)
        self.canvas.on('undo', self.undo)
        self.canvas.on('redo', self.redo)
        self.show()

    def tidy(self) -> None:
        self.canvas.tidy()

    def fit(self) -> None:
        self.canvas.fit()

    def show(self) -> None:
        draft = self.host.draft
        self.canvas.show(*cards(draft, find_incidents(draft.graph()), self.names()), self.host.selected)
        self.show_buttons()

    def show_buttons(self) -> None:
        self.undo_button.set_enabled(bool(self.done))
        self.redo_button.set_enabled(bool(self.undone))

    def palette(self) -> None:
        """Every kind of the catalogue, grouped: drag one onto the canvas, or press it to add it after the
        selected node."""
        ui.label('Add a node').classes('text-subtitle2')
        ui.label('Drag onto the canvas, or press to add after the selected node').classes('text-caption text-grey-7')
        for group in GROUPS[1:]:
            with ui.expansion(group, value=True).classes('w-full').props('dense'):
                with ui.list().props('dense'):
                    for kind in (k for k in CATALOGUE.values() if k.group == group):
                        item = ui.item(on_click=lambda k=kind.kind: self.add_after_selected(k)) \
                            .classes('rounded-borders cursor-grab text-body2 q-px-xs').mark(f'add-{kind.kind}')
                        item.props['draggable'] = 'true'
                        item.on('dragstart', js_handler=f'(e) => e.dataTransfer.setData("{KIND_TYPE}", '
                                                        f'"{kind.kind}")')
                        with item:
                            with ui.item_section().props('avatar').classes('min-w-0 q-pr-sm'):
                                ui.icon(ICONS[kind.kind], size='xs').classes('text-grey-7')
                            ui.item_section(kind.label)

    async def add_after_selected(self, kind: str) -> None:
        edit = await self.store(lambda draft: add_edit(draft, kind, after=self.host.selected))
        if edit is not None:
            self.host.select(next(iter(edit.added)))

    async def reconnect(self, source: str, output: str, target: str | None) -> None:
        """The node panel's `Connect to…` menu."""
        await self.store(lambda draft: reconnect_edit(draft, source, output, target))

    async def remove(self, keys: list[str], edge_ids: list[str] | None = None) -> None:
        edges = [e for e in self.host.draft.edges if edge_id(e) in (edge_ids or [])]
        if await self.store(lambda draft: remove_edit(draft, keys, edges)) is not None:
            if self.host.selected in keys:
                self.host.select(None)

    async def remove_selected(self) -> None:
        if self.host.selected is None:
            ui.notify('Select a node first')
            return
        await self.remove([self.host.selected])

    async def undo(self) -> None:
        if not self.done:
            ui.notify('Nothing to undo')
            return
        edit = self.done[-1]
        if await self.store(lambda draft: edit.inverse(_told('Undone', edit)), remember=False) is not None:
            self.undone.append(self.done.pop())
            self.show_buttons()

    async def redo(self) -> None:
        if not self.undone:
            ui.notify('Nothing to redo')
            return
        edit = self.undone[-1]
        if await self.store(lambda draft: dataclasses.replace(edit, message=_told('Redone', edit)),
                            remember=False) is not None:
            self.done.append(self.undone.pop())
            self.show_buttons()

    async def store(self, make: Callable[[Draft], CanvasEdit], remember: bool = True) -> CanvasEdit | None:
        """Make a change from the working copy, store it, and make it on the working copy; None if refused."""
        async with self.busy:
            try:
                edit = make(self.host.draft)
            except DomainError as error:
                ui.notify(error.message, type='warning')
                self.canvas.redraw()
                return None
            if not (edit.structural or edit.moved):
                return None
            outcome = await call(save_canvas_edit, self.actor, self.workflow_id, self.host.version, edit,
                                 done=edit.message or None)
            if not outcome.ok or outcome.value is None:
                self.canvas.redraw()
                self.host.refused()
                return None
            apply_edit(self.host.draft, edit)
            self.host.stored(outcome.value)
            if remember:
                self.done.append(edit)
                self.undone.clear()
        self.show()
        self.host.canvas_changed()
        return edit

    async def _selected(self, event: GenericEventArguments) -> None:
        key = event.args.get('id')
        if key != self.host.selected:
            self.host.select(key)

    async def _moved(self, event: GenericEventArguments) -> None:
        positions = {key: (int(x), int(y)) for key, (x, y) in event.args.get('positions', {}).items()}
        await self.store(lambda draft: move_edit(draft, positions, 'Tidied up' if event.args.get('tidy') else ''))

    async def _connected(self, event: GenericEventArguments) -> None:
        args = event.args
        await self.store(lambda draft: connect_edit(draft, args['source'], args['output'], args['target']))

    async def _dropped(self, event: GenericEventArguments) -> None:
        args = event.args
        on_edge = next((e for e in self.host.draft.edges if edge_id(e) == args.get('edge')), None)
        edit = await self.store(lambda draft: add_edit(draft, args['kind'], at=(int(args['x']), int(args['y'])),
                                                       on_edge=on_edge))
        if edit is not None:
            self.host.select(next(iter(edit.added)))

    async def _removed(self, event: GenericEventArguments) -> None:
        await self.remove(list(event.args.get('nodes', [])), list(event.args.get('edges', [])))


def _tool(icon: str, name: str, tip: str, action: Callable) -> ui.button:
    button = ui.button(icon=icon, on_click=action).props('flat dense round').tooltip(tip)
    button.props['aria-label'] = name
    return button


def _told(verb: str, edit: CanvasEdit) -> str:
    """'Undone: removed Wait' (or only 'Undone' for a move, which says nothing when made)."""
    return f'{verb}: {edit.message[0].lower()}{edit.message[1:]}' if edit.message else verb
