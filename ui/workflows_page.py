"""The Workflows page (SPEC §3): creation and filters, selection toolbar, folders, and the list."""

from collections.abc import Callable
from urllib.parse import urlencode

from fastapi import Request
from nicegui import ui

from model.folders import folder_paths
from model.listing import PAGE_SIZES, ListQuery, count_matching, list_workflows, matching_ids, workflows_by_id
from ui import actions
from ui.actions import WorkflowRef
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
    """One person's view of the list: the query (mirrored in the URL) and the selection."""

    def __init__(self, query: ListQuery) -> None:
        self.actor = current_actor()
        self.query = query
        self.selected: set[int] = set()
        self.redraw: Callable[[], None] = self.draw_changing_parts
        self.handlers = RowHandlers(toggle=self.toggle, transition=self.transition,
                                    duplicate=lambda ref: self.duplicate([ref.id]),
                                    delete=lambda ref: self.delete([ref], check_versions=True))

    def build(self) -> None:
        with page_frame('Workflows'):
            with ui.row().classes('w-full items-center'):
                ui.label('Workflows').classes('text-h5')
                ui.space()
                ui.button('Establish priority', icon='low_priority',
                          on_click=lambda: ui.navigate.to('/priority')).props('flat')
                ui.button('Create new workflow', icon='add', on_click=self.open_creation).mark('create-new')
            filter_bar(self.query, folder_paths(self.actor.account_id), self.change_query)
            self.toolbar()
            with ui.row().classes('w-full no-wrap items-start gap-4'):
                with ui.card().props('flat bordered').classes('w-60 shrink-0').mark('folders-block'):
                    self.folders_block()
                with ui.column().classes('grow min-w-0 gap-2'):
                    self.workflow_list()
        self.redraw = follow_changes(self.actor.account_id, self.draw_changing_parts)

    def draw_changing_parts(self) -> None:
        self.toolbar.refresh()
        self.workflow_list.refresh()

    @ui.refreshable_method
    def toolbar(self) -> None:
        """Block 2: select / deselect all and the bulk actions."""
        with ui.row().classes('w-full items-center gap-2 min-h-10').mark('toolbar'):
            total = count_matching(self.actor, self.query)
            ui.button(f'Select all ({total})', on_click=self.select_all).props('flat dense').mark('select-all')
            if self.selected:
                ui.button('Deselect all', on_click=self.deselect_all).props('flat dense').mark('deselect-all')
                ui.label(f'{plural(len(self.selected), "workflow")} selected').classes('text-weight-medium') \
                    .mark('selection-count')
                ui.separator().props('vertical')
                ui.button('Duplicate', icon='content_copy', on_click=lambda: self.duplicate(sorted(self.selected))) \
                    .props('flat dense').mark('bulk-duplicate')
                ui.button('Delete', icon='delete', color='negative', on_click=self.delete_selected) \
                    .props('flat dense').mark('bulk-delete')

    def folders_block(self) -> None:
        """Block 3: a place for the folder tree; until it arrives, the folder filter sits in block 1."""
        ui.label('Folders').classes('text-subtitle1 text-weight-medium')
        ui.link('All workflows', '/').classes('text-body2')

    @ui.refreshable_method
    def workflow_list(self) -> None:
        """Block 4: the current page of rows and the pagination."""
        page = list_workflows(self.actor, self.query)
        if page.page != self.query.page:
            self.query = self.query.with_changes(page=page.page)
        ui.label(f'{plural(page.total, "workflow")}').classes('text-caption text-grey-7').mark('list-total')
        if not page.rows:
            ui.label('No workflow matches this search and these filters.').classes('text-grey-7 q-pa-lg') \
                .mark('empty-list')
        for workflow in page.rows:
            workflow_row(workflow, workflow.id in self.selected, self.handlers)
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

    def delete_selected(self) -> None:
        refs = [WorkflowRef(w.id, w.name, w.version) for w in workflows_by_id(self.actor, self.selected)]
        self.delete(refs, check_versions=False)

    def delete(self, refs: list[WorkflowRef], *, check_versions: bool) -> None:
        def done() -> None:
            self.selected -= {ref.id for ref in refs}
            self.redraw()

        actions.confirm_delete(self.actor, refs, done, check_versions=check_versions)
