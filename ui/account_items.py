"""The list page shared by Segments, Custom fields and Forms: search in the URL, create, edit, delete.

A delete first looks at which workflows use the item: if any, they are listed as links and nothing is
deleted (the service refuses too, for a click that raced a change). Viewers see the list only.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from nicegui import ui

from model.access.gate import Action, Actor, allowed
from model.account_data.references import NAME_MAX, WorkflowUse
from model.common.events import ChangeKind
from ui.calls import call
from ui.dialogs import dialog_buttons, transient_dialog
from ui.format import plural
from ui.live import WORKFLOW_KINDS, Update, follow_changes
from ui.session import current_actor


@dataclass(frozen=True)
class ItemKind:
    title: str  # 'Segments'
    noun: str  # 'segment'
    path: str  # '/segments'
    items: Callable[[Actor, str], list[Any]]
    users: Callable[[Actor, int], list[WorkflowUse]]
    delete: Callable[[Actor, int], str]
    details: Callable[[Any], None]  # draws what a row shows besides the name
    create: Callable[..., Any]  # (actor, name, *own values)
    update: Callable[..., Any]  # (actor, item id, name, *own values)
    own_inputs: Callable[[Any | None], Callable[[], list[Any]]]  # draws the kind's inputs below the name in the
    # create (None) or edit dialog; returns what gives their values, as `create` and `update` take them
    dialog_mark: str  # 'segment': marks 'segment-dialog', 'segment-name', 'segment-save'

    @property
    def mark(self) -> str:
        return self.noun.replace(' ', '-')


class ItemsView:
    def __init__(self, kind: ItemKind, search: str) -> None:
        self.kind = kind
        self.actor = current_actor()
        self.may_change = allowed(self.actor, Action.CHANGE)
        self.search = search

    def build(self) -> None:
        kind = self.kind
        with ui.row().classes('w-full items-center'):
            ui.label(kind.title).classes('text-h5')
            ui.space()
            if self.may_change:
                ui.button(f'New {kind.noun}', icon='add', on_click=lambda: self.open_form(None)) \
                    .mark(f'new-{kind.mark}')
        if not self.may_change:
            ui.label(f'Your role in this account ({self.actor.role}) lets you look, not change.') \
                .classes('text-grey-7').mark('viewer-note')
        ui.input(f'Search {kind.title.lower()}', value=self.search, on_change=lambda e: self.find(e.value or '')) \
            .props('outlined dense clearable debounce=300').classes('w-96').mark(f'{kind.mark}-search')
        self.items()
        follow_changes(self.actor.account_id, self.followed, WORKFLOW_KINDS | {ChangeKind.RESOURCES})

    async def followed(self, update: Update) -> None:
        self.items.refresh()

    def find(self, search: str) -> None:
        self.search = search.strip()
        ui.navigate.history.replace(f'{self.kind.path}?{urlencode({"q": self.search})}' if self.search
                                    else self.kind.path)
        self.items.refresh()

    @ui.refreshable_method
    def items(self) -> None:
        found = self.kind.items(self.actor, self.search)
        if not found:
            ui.label(f'No {self.kind.noun} matches this search.' if self.search else
                     f'No {self.kind.noun} yet in this account.').classes('text-grey-7 q-pa-md').mark('empty-list')
        for item in found:
            with ui.card().props('flat bordered').classes('w-full q-px-md q-py-sm').mark(f'{self.kind.mark}-{item.id}'):
                with ui.row().classes('w-full items-center no-wrap gap-3'):
                    ui.label(item.name).classes('text-body1 text-weight-medium ellipsis').mark('item-name')
                    self.kind.details(item)
                    ui.space()
                    ui.button('Used by', icon='account_tree', on_click=lambda i=item: self.show_users(i)) \
                        .props('flat dense no-caps').mark(f'users-{item.id}')
                    if self.may_change:
                        ui.button('Edit', icon='edit', on_click=lambda i=item: self.open_form(i)) \
                            .props('flat dense').mark(f'edit-{item.id}')
                        ui.button('Delete', icon='delete', color='negative',
                                  on_click=lambda i=item: self.ask_delete(i)).props('flat dense') \
                            .mark(f'delete-{item.id}')

    def open_form(self, item: Any | None) -> None:
        """Create (``item`` None) or edit one: its name, then the kind's own inputs."""
        kind, mark = self.kind, self.kind.dialog_mark
        with transient_dialog() as dialog, ui.card().classes('min-w-[28rem]').mark(f'{mark}-dialog'):
            ui.label(f'New {kind.noun}' if item is None else f'Edit {kind.noun}').classes('text-h6')
            name = ui.input('Name', value=item.name if item else '') \
                .props('autofocus counter').classes('w-full').mark(f'{mark}-name')
            name.props['maxlength'] = NAME_MAX
            own_values = kind.own_inputs(item)

            async def save() -> None:
                if item is None:
                    outcome = await call(kind.create, current_actor(), name.value or '', *own_values(),
                                         done=lambda saved: f'{kind.noun.capitalize()} "{saved.name}" created')
                else:
                    outcome = await call(kind.update, current_actor(), item.id, name.value or '', *own_values(),
                                         done=lambda saved: f'{kind.noun.capitalize()} "{saved.name}" saved')
                if outcome.ok:
                    self.items.refresh()
                    dialog.close()

            dialog_buttons(dialog, 'Save', save, f'{mark}-save')
        dialog.open()

    def show_users(self, item: Any, refusal: str = '') -> None:
        uses = self.kind.users(current_actor(), item.id)
        with transient_dialog() as dialog, ui.card().classes('min-w-[24rem]').mark('users-dialog'):
            ui.label(refusal or f'Workflows using "{item.name}"').classes('text-h6')
            if not uses:
                ui.label(f'No workflow uses this {self.kind.noun}.').classes('text-grey-7')
            elif refusal:
                ui.label(f'"{item.name}" is used by {plural(len(uses), "workflow")}; change them first:')
            with ui.column().classes('gap-0 q-pl-md max-h-80 overflow-auto'):
                for use in uses:
                    ui.link(use.label, use.link).mark(f'uses-{use.id}')
            with ui.row().classes('w-full justify-end'):
                ui.button('Close', on_click=dialog.close).props('flat')
        dialog.open()

    def ask_delete(self, item: Any) -> None:
        if self.kind.users(current_actor(), item.id):
            self.show_users(item, refusal=f'"{item.name}" cannot be deleted')
            return
        with transient_dialog() as dialog, ui.card().classes('min-w-[22rem]').mark('delete-dialog'):
            ui.label(f'Delete {self.kind.noun}').classes('text-h6')
            ui.label(f'Delete "{item.name}"? No workflow uses it.')

            async def delete() -> None:
                await call(self.kind.delete, current_actor(), item.id, done=lambda name: f'"{name}" deleted')
                self.items.refresh()
                dialog.close()

            dialog_buttons(dialog, f'Delete {self.kind.noun}', delete, 'confirm-delete', color='negative')
        dialog.open()
