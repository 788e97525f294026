"""`Recently deleted`: deleted workflows wait here 30 days; `Restore` brings them back, `Delete permanently`
removes them for good (model/trash.py holds the rules)."""

from collections.abc import Callable

from fastapi import Request
from nicegui import ui

from model.text import parse_int
from model.trash import (
    RETENTION_DAYS,
    DeletedPage,
    DeletedWorkflow,
    delete_permanently,
    deleted_ids,
    deleted_page,
    restore,
)
from ui.calls import call
from ui.dialogs import transient_dialog
from ui.format import STATE_COLORS, day, plural, state_label, when
from ui.frame import page_frame
from ui.live import follow_changes
from ui.session import current_actor
from ui.undo_bar import report


@ui.page('/deleted')
def recently_deleted_page(request: Request) -> None:
    RecentlyDeletedView(parse_int(request.query_params.get('page')) or 1).build()


class RecentlyDeletedView:
    def __init__(self, page: int) -> None:
        self.actor = current_actor()
        self.page_number = page
        self.page = DeletedPage([], 0, 1, 1)
        self.selected: set[int] = set()
        self.redraw: Callable[[], None] = self.draw

    def build(self) -> None:
        with page_frame('Recently deleted'):
            with ui.row().classes('w-full items-center'):
                ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/')) \
                    .props('flat round dense aria-label="Back to Workflows"')
                ui.label('Recently deleted').classes('text-h5')
            ui.label(f'Deleted workflows stay here for {RETENTION_DAYS} days, then they are removed for good. '
                     'A restored workflow goes back to its folder (or the top level if that folder is gone); '
                     'one that was active or paused comes back paused, its pause starting again.') \
                .classes('text-grey-8 max-w-3xl')
            self.body()
        self.redraw = follow_changes(self.actor.account_id, self.draw)

    def draw(self) -> None:
        self.body.refresh()

    @ui.refreshable_method
    def body(self) -> None:
        self.page = deleted_page(self.actor, self.page_number)
        if self.selected:  # restored or removed elsewhere: no longer selectable
            self.selected &= set(deleted_ids(self.actor))
        self.toolbar()
        if not self.page.rows:
            ui.label('Nothing was deleted in the last 30 days.').classes('text-grey-7 q-pa-lg').mark('trash-empty')
        with ui.column().classes('w-full gap-1'):
            for row in self.page.rows:
                self.row(row)
        if self.page.pages > 1:
            ui.pagination(1, self.page.pages, direction_links=True, value=self.page.page,
                          on_change=lambda e: self.go_to(e.value)).mark('trash-pagination')

    def toolbar(self) -> None:
        with ui.row().classes('w-full items-center gap-2 min-h-10').mark('trash-toolbar'):
            ui.label(plural(self.page.total, 'deleted workflow')).classes('text-caption text-grey-7') \
                .mark('trash-total')
            if not self.actor.can_change or not self.page.total:
                return
            ui.button(f'Select all ({self.page.total})', on_click=self.select_all).props('flat dense') \
                .mark('trash-select-all')
            if not self.selected:
                return
            ui.button('Deselect all', on_click=self.deselect_all).props('flat dense')
            ui.label(f'{plural(len(self.selected), "workflow")} selected').classes('text-weight-medium') \
                .mark('trash-selection-count')
            ui.button('Restore', icon='restore', on_click=lambda: self.restore(sorted(self.selected))) \
                .props('flat dense').mark('trash-restore-selected')
            ui.button('Delete permanently', icon='delete_forever', color='negative',
                      on_click=lambda: self.confirm_purge(sorted(self.selected))) \
                .props('flat dense').mark('trash-purge-selected')

    def row(self, row: DeletedWorkflow) -> None:
        with ui.card().tight().classes('w-full q-px-md q-py-sm').props('flat bordered').mark(f'deleted-{row.id}'), \
                ui.row().classes('w-full items-center no-wrap gap-3'):
            if self.actor.can_change:
                ui.checkbox(value=row.id in self.selected, on_change=lambda e: self.toggle(row.id, e.value)) \
                    .props('dense').mark(f'trash-select-{row.id}')
            with ui.column().classes('gap-0 grow min-w-0'):
                with ui.row().classes('items-center gap-2 no-wrap'):
                    ui.label(row.name).classes('text-body1 text-weight-medium ellipsis').mark('deleted-name')
                    ui.badge(state_label(row.state), color=STATE_COLORS[row.state])
                ui.label(f'{row.folder or "No folder"} · deleted {when(row.deleted_at)} · removed for good on '
                         f'{day(row.purged_on)}').classes('text-caption text-grey-7')
            if self.actor.can_change:
                ui.button('Restore', on_click=lambda: self.restore([row.id])).props('flat dense') \
                    .mark(f'restore-{row.id}')
                ui.button('Delete permanently', on_click=lambda: self.confirm_purge([row.id]), color='negative') \
                    .props('flat dense').mark(f'purge-{row.id}')

    def toggle(self, workflow_id: int, selected: bool) -> None:
        (self.selected.add if selected else self.selected.discard)(workflow_id)
        self.redraw()

    def select_all(self) -> None:
        self.selected = set(deleted_ids(self.actor))
        self.redraw()

    def deselect_all(self) -> None:
        self.selected.clear()
        self.redraw()

    def go_to(self, page: int) -> None:
        self.page_number = page
        ui.navigate.history.replace(f'/deleted?page={page}' if page > 1 else '/deleted')
        self.redraw()

    async def restore(self, workflow_ids: list[int]) -> None:
        await call(restore, self.actor, workflow_ids, done=lambda result: report(result, 'restored'))
        self.selected -= set(workflow_ids)
        self.redraw()

    def confirm_purge(self, workflow_ids: list[int]) -> None:
        with transient_dialog() as dialog, ui.card().classes('min-w-[24rem]').mark('purge-dialog'):
            ui.label('Delete permanently').classes('text-h6')
            ui.label(f'{plural(len(workflow_ids), "workflow")} will be removed for good, with their nodes, '
                     'contents, forms and statistics. This cannot be undone.')
            with ui.row().classes('w-full justify-end'):
                ui.button('Cancel', on_click=dialog.close).props('flat')

                async def purge() -> None:
                    await call(delete_permanently, self.actor, workflow_ids,
                               done=lambda result: report(result, 'deleted permanently'))
                    self.selected -= set(workflow_ids)
                    dialog.close()
                    self.redraw()

                ui.button('Delete permanently', on_click=purge, color='negative').mark('confirm-purge')
        dialog.open()
