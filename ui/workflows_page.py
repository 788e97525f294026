"""The Workflows page (SPEC §3): creation and filters, selection toolbar, folders, and the list."""

from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import Request
from nicegui import ui

from model.folders import folder_label, folder_tree, move_workflows
from model.listing import PAGE_SIZES, ListPage, ListQuery, list_workflows, matching_ids, workflows_by_id
from ui import actions
from ui.actions import WorkflowRef
from ui.calls import call
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
        self.drag = DragState()
        self.redraw: Callable[[], None] = self.draw_changing_parts
        self.folders = FolderTree(self.actor, query.folder, self.select_folder, self.drag, lambda: self.redraw())
        self.handlers = RowHandlers(toggle=self.toggle, transition=self.transition,
                                    duplicate=lambda ref: self.duplicate([ref.id]),
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
            ui.separator().props('vertical')
            ui.button('Export', icon='file_download', on_click=lambda: export(self.actor, sorted(self.selected))) \
                .props('flat dense').mark('bulk-export')
            if not self.actor.can_change:
                return
            ui.button('Duplicate', icon='content_copy', on_click=lambda: self.duplicate(sorted(self.selected))) \
                .props('flat dense').mark('bulk-duplicate')
            ui.button('Delete', icon='delete', color='negative', on_click=self.delete_selected) \
                .props('flat dense').mark('bulk-delete')
            ui.button('Move to folder', icon='drive_file_move', on_click=lambda: self.move(sorted(self.selected))) \
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
        """Dragging a selected row drags the whole selection along."""
        self.drag.start('workflows', sorted(self.selected) if workflow_id in self.selected else [workflow_id])

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

    async def duplicate(self, workflow_ids: list[int]) -> None:
        await actions.duplicate(self.actor, workflow_ids)
        self.redraw()

    def move(self, workflow_ids: list[int]) -> None:
        async def to(folder_id: int | None) -> None:
            target = folder_label(self.actor, folder_id)
            outcome = await call(move_workflows, self.actor, workflow_ids, folder_id,
                                 done=lambda moved: f'{plural(moved, "workflow")} moved to {target}')
            if outcome.ok:
                self.redraw()

        choose_folder(f'Move {plural(len(workflow_ids), "workflow")} to folder', folder_tree(self.actor), to)

    def delete_selected(self) -> None:
        refs = [WorkflowRef.of(w) for w in workflows_by_id(self.actor, self.selected)]
        self.delete(refs, check_versions=False)

    def delete(self, refs: list[WorkflowRef], *, check_versions: bool) -> None:
        def done() -> None:
            self.selected -= {ref.id for ref in refs}
            self.redraw()

        actions.confirm_delete(self.actor, refs, done, check_versions=check_versions)
