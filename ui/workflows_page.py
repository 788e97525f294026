"""The Workflows page (SPEC §3): creation and filters, selection toolbar, folders, and the list."""

from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import Request
from nicegui import ui

from model.folders import folder_label, folder_tree, move_workflows
from model.listing import (
    PAGE_SIZES,
    ListPage,
    ListQuery,
    Selection,
    list_workflows,
    matching_ids,
    selection_in_filter,
    workflows_by_id,
)
from ui import actions
from ui.actions import WorkflowRef
from ui.exporting import export
from ui.folder_dialogs import choose_folder
from ui.folder_tree import DragState, FolderTree
from ui.format import plural
from ui.frame import page_frame
from ui.list_filters import filter_bar
from ui.live import follow_changes
from ui.session import current_actor
from ui.workflow_row import RowHandlers, workflow_row


@ui.page('/')
def workflows_page(request: Request) -> None:
    WorkflowsView(ListQuery.from_params(dict(request.query_params))).build()


class WorkflowsView:
    """One person's view of the list: the query (mirrored in the URL), the selection, what is being dragged."""

    def __init__(self, query: ListQuery) -> None:
        self.actor = current_actor()
        self.query = query
        self.page = ListPage()
        self.selected: set[int] = set()
        self.deselected = 0  # how many the last change of view took out of the selection
        self.drag = DragState()
        self.redraw: Callable[[], None] = self.draw_changing_parts
        self.folders = FolderTree(self.actor, query.folder, self.select_folder, self.drag, lambda: self.redraw())
        self.handlers = RowHandlers(toggle=self.toggle, transition=self.transition,
                                    duplicate=lambda ref: actions.duplicate(self.actor, [ref.id], self.redraw_now),
                                    delete=lambda ref: self.delete([ref], check_versions=True),
                                    drag_start=self.drag_rows, move=lambda ref: self.move([ref.id]),
                                    export=lambda ref: export(self.actor, [ref.id]),
                                    actor=self.actor)

    def build(self) -> None:
        ui.add_css('.folder-entry.drop-hover { outline: 2px dashed var(--q-primary); }')
        with page_frame('Workflows'):
            with ui.row().classes('w-full items-center'):
                ui.label('Workflows').classes('text-h5')
                ui.space()
                ui.button('Activity', icon='history', on_click=lambda: ui.navigate.to('/activity')) \
                    .props('flat').mark('nav-activity')
                with ui.link(target='/deleted').classes('row items-center gap-1 no-underline text-primary q-px-sm') \
                        .mark('nav-deleted'):  # a link: the row's and the toolbar's `Delete` buttons keep their name
                    ui.icon('restore_from_trash', size='sm')
                    ui.label('Recently deleted').classes('text-uppercase text-weight-medium text-body2')
                ui.button('Establish priority', icon='low_priority',
                          on_click=lambda: ui.navigate.to('/priority')).props('flat')
                if self.actor.can_change:
                    ui.button('Create new workflow', icon='add', on_click=self.open_creation).mark('create-new')
            filter_bar(self.query, self.change_query)
            self.page = list_workflows(self.actor, self.query)
            self.toolbar()
            with ui.row().classes('w-full no-wrap items-start gap-4'):
                with ui.card().props('flat bordered').classes('w-64 shrink-0 gap-1').mark('folders-block'):
                    self.folders.show()
                    ui.checkbox('Include subfolders', value=self.query.subfolders,
                                on_change=lambda e: self.change_query(subfolders=e.value)) \
                        .props('dense').classes('text-caption q-mt-sm').mark('filter-subfolders')
                with ui.column().classes('grow min-w-0 gap-2'):
                    self.workflow_list()
        self.redraw = follow_changes(self.actor.account_id, self.draw_changing_parts)

    def draw_changing_parts(self) -> None:
        self.keep_selection_in_view()
        self.page = list_workflows(self.actor, self.query)
        self.toolbar.refresh()
        self.folders.show.refresh()
        self.workflow_list.refresh()

    @ui.refreshable_method
    def toolbar(self) -> None:
        """Block 2: select / deselect all and the bulk actions."""
        with ui.row().classes('w-full items-center gap-2 min-h-10').mark('toolbar'):
            ui.button(f'Select all ({self.page.total})', on_click=self.select_all).props('flat dense') \
                .mark('select-all')
            if not self.selected:
                return
            ui.button('Deselect all', on_click=self.deselect_all).props('flat dense').mark('deselect-all')
            ui.label(f'{plural(len(self.selected), "workflow")} selected').classes('text-weight-medium') \
                .mark('selection-count')
            if self.deselected:
                ui.label(f'({self.deselected} no longer in this view, deselected)').classes('text-caption') \
                    .mark('selection-dropped')
            ui.separator().props('vertical')
            ui.button('Export', icon='file_download', on_click=lambda: export(self.actor, self.selection().ids)) \
                .props('flat dense').mark('bulk-export')
            if not self.actor.can_change:
                return
            ui.button('Duplicate', icon='content_copy',
                      on_click=lambda: actions.duplicate(self.actor, self.selection().ids, self.redraw_now)) \
                .props('flat dense').mark('bulk-duplicate')
            ui.button('Delete', icon='delete', color='negative', on_click=self.delete_selected) \
                .props('flat dense').mark('bulk-delete')
            ui.button('Move to folder', icon='drive_file_move', on_click=self.move_selected) \
                .props('flat dense').mark('bulk-move')

    @ui.refreshable_method
    def workflow_list(self) -> None:
        """Block 4: the current page of rows and the pagination."""
        page = self.page
        if page.page != self.query.page:
            self.query = self.query.with_changes(page=page.page)
        ui.label(f'{plural(page.total, "workflow")}').classes('text-caption text-grey-7').mark('list-total')
        if not page.rows:
            ui.label('No workflow matches this search and these filters.').classes('text-grey-7 q-pa-lg') \
                .mark('empty-list')
        for workflow in page.rows:
            workflow_row(workflow, page.ranks.get(workflow.id), workflow.id in self.selected, self.handlers)
        with ui.row().classes('w-full items-center justify-between'):
            if page.pages > 1:
                ui.pagination(1, page.pages, direction_links=True, value=page.page,
                              on_change=lambda e: self.change_query(page=e.value)) \
                    .props('max-pages=9 boundary-numbers').mark('pagination')
            else:
                ui.space()
            ui.select(list(PAGE_SIZES), value=self.query.page_size, label='Rows per page',
                      on_change=lambda e: self.change_query(page_size=e.value)) \
                .props('dense outlined options-dense').classes('w-32').mark('page-size')

    def change_query(self, **changes: object) -> None:
        self.query = self.query.with_changes(**changes)
        ui.navigate.history.replace(self.url())
        self.redraw()

    def select_folder(self, folder_id: int | None) -> None:
        self.folders.selected = folder_id
        self.change_query(folder=folder_id)

    def url(self) -> str:
        params = self.query.to_params()
        return '/?' + urlencode(params) if params else '/'

    def open_creation(self) -> None:
        folder = f'?folder={self.query.folder}' if self.query.folder else ''
        ui.navigate.to(f'/workflows/new{folder}')

    def toggle(self, workflow_id: int, selected: bool) -> None:
        if selected:
            self.selected.add(workflow_id)
        else:
            self.selected.discard(workflow_id)
        self.toolbar.refresh()

    def drag_rows(self, workflow_id: int) -> None:
        """Dragging a selected row drags the whole selection along (what the current filter still shows)."""
        self.drag.start('workflows', self.selection().ids if workflow_id in self.selected else [workflow_id])

    def select_all(self) -> None:
        self.selected = set(matching_ids(self.actor, self.query))
        ui.notify(f'{plural(len(self.selected), "workflow")} selected')
        self.redraw()

    def deselect_all(self) -> None:
        self.selected.clear()
        self.redraw()

    async def transition(self, ref: WorkflowRef, action: str) -> None:
        await actions.transition(self.actor, ref, action)
        self.redraw()

    def redraw_now(self) -> None:
        self.redraw()

    def keep_selection_in_view(self) -> None:
        """The selection keeps only workflows the search, filters and folder still show."""
        if self.selected:
            kept = set(self.selection().ids)
            self.deselected = len(self.selected - kept)
            self.selected = kept
        else:
            self.deselected = 0

    def selection(self) -> Selection:
        return selection_in_filter(self.actor, self.query, self.selected)

    def move_selected(self) -> None:
        selection = self.selection()
        self.move(selection.ids, selection.pages)

    def move(self, workflow_ids: list[int], pages: int = 1) -> None:
        async def to(folder_id: int | None) -> None:
            destination = folder_label(self.actor, folder_id)
            await actions.run_bulk(self.actor, workflow_ids, 'Moving', f'moved to {destination}',
                                   lambda batch: move_workflows(self.actor, batch, folder_id), self.redraw_now)

        spread = f', on {pages} pages,' if pages > 1 else ''
        choose_folder(f'Move {plural(len(workflow_ids), "workflow")}{spread} to folder', folder_tree(self.actor), to)

    def delete_selected(self) -> None:
        selection = self.selection()
        refs = [WorkflowRef.of(w) for w in workflows_by_id(self.actor, selection.ids)]
        self.delete(refs, check_versions=False, pages=selection.pages)

    def delete(self, refs: list[WorkflowRef], *, check_versions: bool, pages: int = 1) -> None:
        def done() -> None:
            self.selected -= {ref.id for ref in refs}
            self.redraw()

        actions.confirm_delete(self.actor, refs, done, check_versions=check_versions, pages=pages)
