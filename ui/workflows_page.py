"""The Workflows page (docs/product.md §3): creation and filters, selection toolbar, folders, and the list."""

import asyncio
from urllib.parse import urlencode

from fastapi import Request
from nicegui import background_tasks, context, ui
from peewee import PeeweeException

from model.access.gate import Action, rights
from model.common.errors import DomainError
from model.common.events import ChangeKind
from model.workflows.folders import folder_label, folder_tree, move_workflows
from model.workflows.listing import (
    PAGE_SIZES,
    ListPage,
    ListQuery,
    Selection,
    can_leave_view,
    list_workflows,
    matching_ids,
    refreshed,
    rows_can_move,
    selection_in_filter,
    workflows_by_id,
)
from ui import actions
from ui.actions import WorkflowRef
from ui.calls import read, tell
from ui.exporting import export
from ui.first_steps import first_steps
from ui.folder_dialogs import choose_folder
from ui.folder_tree import FOLDER_CSS, SCROLL_WHILE_DRAGGING, DragState, FolderTree
from ui.format import plural
from ui.frame import page_frame
from ui.in_place import put_in_order, show_pages
from ui.layout import NARROW_PX
from ui.list_filters import filter_bar
from ui.live import Update, follow_changes
from ui.region import Region
from ui.session import current_actor
from ui.workflow_row import RowHandlers, WorkflowRow

READ_AHEAD_AFTER_S = 0.3  # a pause in typing or paging before the next page is read ahead


@ui.page('/')
def workflows_page(request: Request) -> None:
    WorkflowsView(ListQuery.from_params(dict(request.query_params))).build()


class WorkflowsView:
    """One person's view of the list: the query (mirrored in the URL), the selection, what is being dragged.

    Built once; afterwards every part is updated in place (:meth:`show`), whether the person changed the
    query or someone changed workflows (:meth:`update`, called by the live updates one burst at a time). Each part
    that updates change sits in its own :class:`Region`, so the browser draws again only that part.
    """

    def __init__(self, query: ListQuery) -> None:
        self.actor = current_actor()
        self.rights = rights(self.actor)
        self.query = query
        self.page = ListPage()
        self.selected: set[int] = set()
        self.deselected = 0  # how many the last change of view took out of the selection
        self.rows: dict[int, WorkflowRow] = {}
        self.ahead: tuple[ListQuery, asyncio.Future[ListPage]] | None = None  # the next page's read, started while
        # the person reads this one
        self.updates = 0  # how many updates began: a page read ahead before the latest one is stale
        self.drag = DragState()
        self.folders = FolderTree(self.actor, self.rights, query.folder, self.select_folder, self.drag)
        self.handlers = RowHandlers(toggle=self.toggle, transition=self.transition,
                                    duplicate=lambda ref: actions.duplicate(self.actor, [ref.id], _announced),
                                    delete=lambda ref: self.delete([ref], check_versions=True),
                                    drag_start=self.drag_rows, move=lambda ref: self.move([ref.id]),
                                    export=lambda ref: export(self.actor, [ref.id]), rights=self.rights)

    def build(self) -> None:
        ui.add_css(FOLDER_CSS)
        ui.add_body_html(SCROLL_WHILE_DRAGGING)
        with page_frame('Workflows'):
            self.folder_drawer()
            with ui.row().classes('title-row w-full items-center gap-y-1'):
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
                if self.rights.allows(Action.CHANGE):
                    ui.button('Create new workflow', icon='add', on_click=self.open_creation).classes('create-new') \
                        .mark('create-new')
            filter_bar(self.query, self.change_query)
            self.toolbar()
            with ui.column().classes('w-full gap-2'):
                self.workflow_list()
        self.show(list_workflows(self.actor, self.query))
        self.follower = follow_changes(self.actor.account_id, self.update)
        self.read_next_page_ahead()

    def folder_drawer(self) -> None:
        """Block 3 in a drawer: beside the list, in view while it scrolls; on narrow screens it opens over it."""
        with context.client.content:  # not value=None: its question to the browser would outlive quick page changes
            self.drawer = ui.left_drawer(value=False, bordered=True) \
                .props('show-if-above width=272').classes('folder-drawer q-pa-sm gap-1 bg-grey-1').mark('folders-block')
            self.drawer.props['breakpoint'] = NARROW_PX - 1
        self.drawer_beside_list = True
        self.drawer.on('on-layout', lambda event: self.place_drawer(bool(event.args)))
        with self.drawer:
            self.folders.show(self.folders.read())
            ui.checkbox('Include subfolders', value=self.query.subfolders,
                        on_change=lambda e: self.change_query(subfolders=e.value)) \
                .props('dense').classes('text-caption q-mt-sm').mark('filter-subfolders')

    def toolbar(self) -> None:
        """Block 2: select / deselect all and the bulk actions (shown while something is selected)."""
        with ui.row().classes('w-full items-center gap-2 min-h-10').mark('toolbar'):
            with Region():
                self.folder_button = ui.button(icon='folder_open', on_click=self.drawer.toggle) \
                    .props('outline dense no-caps').classes('q-px-sm').mark('open-folders')
            self.folder_button.set_visibility(False)
            self.show_folder_button()
            with Region():
                self.select_all_button = ui.button(on_click=self.select_all).props('flat dense').mark('select-all')
            with Region():
                self.bulk = ui.row().classes('items-center gap-2')
            with self.bulk:
                ui.button('Deselect all', on_click=self.deselect_all).props('flat dense').mark('deselect-all')
                with Region():
                    self.selection_count = ui.label().classes('text-weight-medium').mark('selection-count')
                    self.dropped = ui.label().classes('text-caption').mark('selection-dropped')
                ui.separator().props('vertical')
                ui.button('Export', icon='file_download', on_click=self.export_selected) \
                    .props('flat dense').mark('bulk-export')
                if self.rights.allows(Action.CHANGE):
                    ui.button('Duplicate', icon='content_copy', on_click=self.duplicate_selected) \
                        .props('flat dense').mark('bulk-duplicate')
                    ui.button('Delete', icon='delete', color='negative', on_click=self.delete_selected) \
                        .props('flat dense').mark('bulk-delete')
                    ui.button('Move to folder', icon='drive_file_move', on_click=self.move_selected) \
                        .props('flat dense').mark('bulk-move')
                    for action, icon in (('pause', 'pause'), ('resume', 'play_arrow'), ('finalize', 'stop_circle')):
                        ui.button(action.capitalize(), icon=icon,
                                  on_click=lambda a=action: self.transition_selected(a)) \
                            .props('flat dense').mark(f'bulk-{action}')

    def workflow_list(self) -> None:
        """Block 4: the current page of rows and the pagination."""
        with Region():
            self.total = ui.label().classes('text-caption text-grey-7').mark('list-total')
        self.empty = ui.label('No workflow matches this search and these filters.').classes('text-grey-7 q-pa-lg') \
            .mark('empty-list')
        self.first_steps = first_steps(self.actor, self.query.folder)
        with Region():
            self.list = ui.column().classes('w-full gap-2')
        with ui.row().classes('w-full items-center no-wrap'):
            with Region():
                self.pagination = ui.pagination(1, 1, direction_links=True, value=1, on_change=self.turn_page) \
                    .props('max-pages=9 boundary-numbers').mark('pagination')
            ui.space()
            ui.select(list(PAGE_SIZES), value=self.query.page_size, label='Rows per page',
                      on_change=lambda e: self.change_query(page_size=e.value)) \
                .props('dense outlined options-dense').classes('w-32').mark('page-size')

    def show(self, page: ListPage) -> None:
        """Bring every part up to date with ``page``: the rows it keeps are updated, the others reused or removed."""
        self.page = page
        if page.page != self.query.page:
            self.query = self.query.with_changes(page=page.page)
        self.total.set_text(plural(page.total, 'workflow'))
        self.empty.set_visibility(not page.rows and not page.account_empty)
        self.first_steps.set_visibility(page.account_empty)
        wanted = {workflow.id for workflow in page.rows}
        spare = [row for workflow_id, row in self.rows.items() if workflow_id not in wanted]
        rows = []
        for workflow in page.rows:
            row = self.rows.get(workflow.id) or (spare.pop() if spare else None)
            if row is None:
                with self.list:
                    row = WorkflowRow(self.handlers)
            row.show(workflow, page.ranks.get(workflow.id), workflow.id in self.selected)
            rows.append(row)
        for row in spare:
            row.delete()
        self.rows = {row.ref.id: row for row in rows}
        put_in_order(self.list, rows)
        show_pages(self.pagination, page.page, page.pages)
        self.show_toolbar()

    def show_toolbar(self) -> None:
        self.select_all_button.set_text(f'Select all ({self.page.total})')
        self.selection_count.set_text(f'{plural(len(self.selected), "workflow")} selected')
        self.dropped.set_text(f'({self.deselected} no longer in this view, deselected)')
        self.dropped.set_visibility(bool(self.deselected))
        self.bulk.set_visibility(bool(self.selected))

    async def update(self, update: Update) -> None:
        """Live updates and the person's own query changes, one at a time: read off the event loop (one read
        shared by every page showing the same view), then update in place."""
        query, selected = self.query, set(self.selected)
        self.updates += 1
        ahead, self.ahead = self.ahead, None
        changed = update.workflow_ids()
        if not update.asked and changed is not None and not rows_can_move(query, update.kinds()):
            shown = self.page
            key = ('rows', self.actor.account_id, query, tuple(w.id for w in shown.rows), frozenset(changed))
            page = await Update.read(key, refreshed, self.actor, shown, changed)
            if query == self.query and shown is self.page:  # no newer view meanwhile
                self.show(page)
                self.read_next_page_ahead()
            return
        swapped_in = None  # the page read ahead, when nothing changed since
        if ahead is not None and ahead[0] == query and not update.changes:
            swapped_in = await _answer(ahead[1])
        list_key = ('list', self.actor.account_id, query)
        page = swapped_in if swapped_in is not None else await Update.read(list_key, list_workflows, self.actor, query)
        kept = selected  # the selection is read again only when workflows can have left the view
        if selected and (update.asked or can_leave_view(query, update.kinds())):
            kept = set((await read(selection_in_filter, self.actor, query, selected) or Selection([], 0)).ids)
        tree = None
        if update.has(ChangeKind.CREATED, ChangeKind.DELETED, ChangeKind.RESTORED, ChangeKind.MOVED,
                      ChangeKind.FOLDERS, ChangeKind.RESET):
            tree = await Update.read(('folders', self.actor.account_id), self.folders.read)
        if query == self.query:  # otherwise the person has asked for a newer view, which comes next
            self.keep_in_view(selected, kept)
            self.show(page)
            self.read_next_page_ahead()
        if tree is not None:
            self.folders.show(tree)
            self.show_folder_button()  # the folder shown may have been renamed

    def read_next_page_ahead(self) -> None:
        if self.page.page < self.page.pages:
            background_tasks.create(self.read_ahead(self.query.with_changes(page=self.page.page + 1), self.updates),
                                    name='read the next page ahead')

    async def read_ahead(self, query: ListQuery, updates: int) -> None:
        """Start reading the next page once the person has looked at this one for a moment, unless an update (a
        change, a new view) began meanwhile; every update drops it, a page turn to it awaits it. Pages showing the
        same view share the read."""
        await asyncio.sleep(READ_AHEAD_AFTER_S)
        if updates == self.updates:
            key = ('list', self.actor.account_id, query)
            reading = asyncio.ensure_future(Update.read(key, list_workflows, self.actor, query))
            # a read dropped unawaited may fail without asyncio reporting its error as never retrieved
            reading.add_done_callback(lambda done: done.cancelled() or done.exception())
            self.ahead = (query, reading)

    def change_query(self, **changes: object) -> None:
        self.query = self.query.with_changes(**changes)
        ui.navigate.history.replace(self.url())
        self.follower.ask()

    def turn_page(self, event) -> None:
        if event.value != self.page.page:
            self.change_query(page=event.value)

    def select_folder(self, folder_id: int | None) -> None:
        self.folders.select(folder_id)
        self.change_query(folder=folder_id)
        self.show_folder_button()
        if not self.drawer_beside_list:  # it covers the list: the person has picked, the list comes back
            self.drawer.hide()

    def place_drawer(self, beside_list: bool) -> None:
        """The drawer told where it is: beside the list (wide screens), or closed, or open over it."""
        self.drawer_beside_list = beside_list
        self.folder_button.set_visibility(not beside_list)

    def show_folder_button(self) -> None:
        """While the folder drawer is closed (narrow screens), this button opens it and names the folder shown."""
        name = self.folders.selected_name()
        if name != self.folder_button.text:
            self.folder_button.set_text(name)
            self.folder_button.props['aria-label'] = f'Folders: {name}'
            self.folder_button.update()

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
        self.show_toolbar()

    def drag_rows(self, workflow_id: int) -> None:
        """Dragging a selected row drags the whole selection along."""
        self.drag.start('workflows', sorted(self.selected) if workflow_id in self.selected else [workflow_id])

    async def select_all(self) -> None:
        client = context.client
        self.select_rows(set(await read(matching_ids, self.actor, self.query) or []))
        tell(client, f'{plural(len(self.selected), "workflow")} selected')

    def deselect_all(self) -> None:
        self.select_rows(set())

    def select_rows(self, selected: set[int]) -> None:
        self.selected = selected
        for workflow_id, row in self.rows.items():
            row.show_selected(workflow_id in selected)
        self.show_toolbar()

    def keep_in_view(self, selected: set[int], kept: set[int]) -> None:
        """The selection keeps only workflows the search, filters and folder still show (``kept`` of ``selected``,
        read off the event loop); ticks made meanwhile stay."""
        self.deselected = len(selected - kept)
        self.selected -= selected - kept
        for workflow_id, row in self.rows.items():
            row.show_selected(workflow_id in self.selected)

    async def selection(self) -> Selection:
        """What the selection is at the click: the selected workflows the current filter still shows."""
        return await read(selection_in_filter, self.actor, self.query, set(self.selected)) or Selection([], 0)

    async def transition(self, ref: WorkflowRef, action: str) -> None:
        await actions.transition(self.actor, ref, action)  # the announcement updates the row

    async def export_selected(self) -> None:
        await export(self.actor, (await self.selection()).ids)

    async def duplicate_selected(self) -> None:
        await actions.duplicate(self.actor, (await self.selection()).ids, _announced)

    async def transition_selected(self, action: str) -> None:
        ids = (await self.selection()).ids
        if action == 'finalize':
            actions.confirm_finalize(self.actor, ids, _announced)
        else:
            await actions.transition_many(self.actor, ids, action, _announced)

    async def move_selected(self) -> None:
        selection = await self.selection()
        self.move(selection.ids, selection.pages)

    def move(self, workflow_ids: list[int], pages: int = 1) -> None:
        async def to(folder_id: int | None) -> None:
            destination = folder_label(self.actor, folder_id)
            await actions.run_bulk(self.actor, workflow_ids, 'Moving', f'moved to {destination}',
                                   lambda batch: move_workflows(self.actor, batch, folder_id), _announced)

        spread = f', on {pages} pages,' if pages > 1 else ''
        choose_folder(f'Move {plural(len(workflow_ids), "workflow")}{spread} to folder', folder_tree(self.actor), to)

    async def delete_selected(self) -> None:
        selection = await self.selection()
        refs = [WorkflowRef.of(w) for w in workflows_by_id(self.actor, selection.ids)]
        self.delete(refs, check_versions=False, pages=selection.pages)

    def delete(self, refs: list[WorkflowRef], *, check_versions: bool, pages: int = 1) -> None:
        def done() -> None:
            self.select_rows(self.selected - {ref.id for ref in refs})

        actions.confirm_delete(self.actor, refs, done, check_versions=check_versions, pages=pages)


async def _answer(read: 'asyncio.Future[ListPage]') -> ListPage | None:
    """A page read ahead, or None when that read failed (refused, or the database): the page is read again."""
    try:
        return await read
    except (DomainError, PeeweeException):
        return None


def _announced() -> None:
    """After a bulk action or its undo: nothing to redraw here, the services' announcements update the list."""
