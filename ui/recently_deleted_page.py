"""`Recently deleted`: deleted workflows wait here 30 days; `Restore` brings them back, `Delete permanently`
removes them for good (model/workflows/trash.py holds the rules)."""

from fastapi import Request
from nicegui import ui

from model.access.gate import Action, allowed
from model.common.events import ChangeKind
from model.common.text import parse_int
from model.workflows.trash import (
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
from ui.in_place import put_in_order, show_pages
from ui.live import Update, follow_changes
from ui.session import current_actor
from ui.undo_bar import report


@ui.page('/deleted')
def recently_deleted_page(request: Request) -> None:
    RecentlyDeletedView(parse_int(request.query_params.get('page')) or 1).build()


TRASH_KINDS = frozenset({ChangeKind.DELETED, ChangeKind.RESTORED, ChangeKind.FOLDERS, ChangeKind.RESET})


class RecentlyDeletedView:
    """Drawn once; afterwards rows come and go in place (a row in the bin never changes), the toolbar is redrawn
    for the selection, and changes elsewhere re-read the page off the event loop."""

    def __init__(self, page: int) -> None:
        self.actor = current_actor()
        self.may_change = allowed(self.actor, Action.CHANGE)
        self.page_number = page
        self.page = DeletedPage([], 0, 1, 1)
        self.selected: set[int] = set()
        self.cards: dict[int, ui.card] = {}
        self.checkboxes: dict[int, ui.checkbox] = {}

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
            self.toolbar()
            self.empty = ui.label('Nothing was deleted in the last 30 days.').classes('text-grey-7 q-pa-lg') \
                .mark('trash-empty')
            self.list = ui.column().classes('w-full gap-1')
            self.pagination = ui.pagination(1, 1, direction_links=True, value=1,
                                            on_change=lambda e: self.go_to(e.value)).mark('trash-pagination')
        self.show(deleted_page(self.actor, self.page_number))
        self.follower = follow_changes(self.actor.account_id, self.followed, TRASH_KINDS)

    async def followed(self, update: Update) -> None:
        account = self.actor.account_id
        page = await Update.read(('trash', account, self.page_number), deleted_page, self.actor, self.page_number)
        if self.selected:  # restored or removed elsewhere: no longer selectable
            self.selected &= set(await Update.read(('trash ids', account), deleted_ids, self.actor))
        self.show(page)

    def show(self, page: DeletedPage) -> None:
        self.page = page
        wanted = {row.id for row in page.rows}
        for gone in [workflow_id for workflow_id in self.cards if workflow_id not in wanted]:
            self.cards.pop(gone).delete()
            self.checkboxes.pop(gone, None)
        for row in page.rows:
            if row.id not in self.cards:
                with self.list:
                    self.cards[row.id] = self.row(row)
        cards = [self.cards[row.id] for row in page.rows]
        put_in_order(self.list, cards)
        self.empty.set_visibility(not page.rows)
        show_pages(self.pagination, page.page, page.pages)
        self.show_selection()

    def show_selection(self) -> None:
        for workflow_id, checkbox in self.checkboxes.items():
            if checkbox.value != (workflow_id in self.selected):
                checkbox.set_value(workflow_id in self.selected)
        self.toolbar.refresh()

    @ui.refreshable_method
    def toolbar(self) -> None:
        with ui.row().classes('w-full items-center gap-2 min-h-10').mark('trash-toolbar'):
            ui.label(plural(self.page.total, 'deleted workflow')).classes('text-caption text-grey-7') \
                .mark('trash-total')
            if not self.may_change or not self.page.total:
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

    def row(self, row: DeletedWorkflow) -> ui.card:
        with ui.card().tight().classes('w-full q-px-md q-py-sm').props('flat bordered').mark(f'deleted-{row.id}') \
                as card, ui.row().classes('row-main w-full items-center no-wrap gap-3'):
            if self.may_change:
                self.checkboxes[row.id] = ui.checkbox(value=row.id in self.selected,
                                                      on_change=lambda e: self.toggle(row.id, e.value)) \
                    .props('dense').mark(f'trash-select-{row.id}')
            with ui.column().classes('row-text gap-0 grow min-w-0'):
                with ui.row().classes('row-head items-center gap-2'):
                    ui.label(row.name).classes('row-name text-body1 text-weight-medium ellipsis').mark('deleted-name')
                    ui.badge(state_label(row.state), color=STATE_COLORS[row.state])
                ui.label(f'{row.folder or "No folder"} · deleted {when(row.deleted_at)} · removed for good on '
                         f'{day(row.purged_on)}').classes('text-caption text-grey-7')
            if self.may_change:
                with ui.row().classes('row-actions items-center no-wrap gap-1'):
                    ui.button('Restore', on_click=lambda: self.restore([row.id])).props('flat dense') \
                        .mark(f'restore-{row.id}')
                    ui.button('Delete permanently', on_click=lambda: self.confirm_purge([row.id]),
                              color='negative').props('flat dense').mark(f'purge-{row.id}')
        return card

    def toggle(self, workflow_id: int, selected: bool) -> None:
        if selected != (workflow_id in self.selected):
            (self.selected.add if selected else self.selected.discard)(workflow_id)
            self.toolbar.refresh()

    async def select_all(self) -> None:
        self.selected = set(await Update.read(('trash ids', self.actor.account_id), deleted_ids, self.actor))
        self.show_selection()

    def deselect_all(self) -> None:
        self.selected.clear()
        self.show_selection()

    def go_to(self, page: int) -> None:
        if page == self.page.page:
            return
        self.page_number = page
        ui.navigate.history.replace(f'/deleted?page={page}' if page > 1 else '/deleted')
        self.follower.ask()

    async def restore(self, workflow_ids: list[int]) -> None:
        """The announcement takes the rows away; the selection forgets them now."""
        await call(restore, self.actor, workflow_ids, done=lambda result: report(result, 'restored'))
        self.selected -= set(workflow_ids)
        self.show_selection()

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
                    self.show_selection()

                ui.button('Delete permanently', on_click=purge, color='negative').mark('confirm-purge')
        dialog.open()
