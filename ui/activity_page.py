"""The `Activity` page: who did what to which workflow and when, with filters in the URL and server paging."""

from datetime import date
from urllib.parse import urlencode

from fastapi import Request
from nicegui import ui

from model.access.activity import ACTIONS, ActivityPage, ActivityQuery, activity_page, people_in_log
from model.common.text import parse_date
from ui.format import plural, when
from ui.frame import page_frame
from ui.in_place import show_pages
from ui.live import Update, follow_changes
from ui.session import current_actor

COLUMNS = [
    {'name': 'at', 'label': 'When', 'field': 'at', 'align': 'left'},
    {'name': 'person', 'label': 'Who', 'field': 'person', 'align': 'left'},
    {'name': 'action', 'label': 'Action', 'field': 'action', 'align': 'left'},
    {'name': 'workflow', 'label': 'Workflow', 'field': 'workflow', 'align': 'left'},
    {'name': 'detail', 'label': 'Detail', 'field': 'detail', 'align': 'left'},
]


WORKFLOW_CELL = '''
<q-td :props="props">
  <a v-if="props.row.workflow_id" :href="'/activity?id=' + props.row.workflow_id"
     class="text-primary">{{ props.value }}</a>
</q-td>
'''  # the workflow's own history: it still reads after the workflow is deleted for good

DETAIL_CELL = '''
<q-td :props="props">
  {{ props.value }}
  <a v-if="props.row.version_id" :href="'/workflows/' + props.row.workflow_id + '?version=' + props.row.version_id"
     class="text-primary q-ml-sm">See the version</a>
</q-td>
'''  # the version the change made, in the workflow's editor


@ui.page('/activity')
def activity_log_page(request: Request) -> None:
    ActivityView(ActivityQuery.from_params(dict(request.query_params))).build()


class ActivityView:
    """Drawn once; each change to the log or to the filters reads the page off the event loop and puts the new
    entries into the same table."""

    def __init__(self, query: ActivityQuery) -> None:
        self.actor = current_actor()
        self.query = query

    def build(self) -> None:
        with page_frame('Activity'):
            with ui.row().classes('w-full items-center'):
                ui.button(icon='arrow_back', on_click=lambda: ui.navigate.to('/')) \
                    .props('flat round dense aria-label="Back to Workflows"')
                ui.label('Activity').classes('text-h5')
            self.filters()
            self.total = ui.label().classes('text-caption text-grey-7').mark('activity-total')
            self.table = ui.table(columns=COLUMNS, rows=[], row_key='id', pagination=0) \
                .props('flat bordered dense').classes('w-full').mark('activity-table')
            self.table.add_slot('body-cell-workflow', WORKFLOW_CELL)
            self.table.add_slot('body-cell-detail', DETAIL_CELL)
            self.pagination = ui.pagination(1, 1, direction_links=True, value=1,
                                            on_change=lambda e: self.turn_page(e.value)) \
                .props('max-pages=9 boundary-numbers').mark('activity-pagination')
        self.show(activity_page(self.actor, self.query))
        self.follower = follow_changes(self.actor.account_id, self.followed)

    async def followed(self, update: Update) -> None:
        query = self.query
        page = await Update.read(('activity', self.actor.account_id, query), activity_page, self.actor, query)
        if query == self.query:  # otherwise a newer query's update comes next
            self.show(page)

    def show(self, page: ActivityPage) -> None:
        self.page = page
        self.total.set_text(plural(page.total, 'entry', 'entries'))
        self.table.rows[:] = [{'id': index, 'at': when(entry.at), 'person': entry.person or 'Workflows Area',
                               'action': entry.label, 'workflow': entry.workflow_name,
                               'workflow_id': entry.workflow_id, 'detail': entry.detail,
                               'version_id': entry.version_id}
                              for index, entry in enumerate(page.entries)]
        self.table.update()
        show_pages(self.pagination, page.page, page.pages)

    def filters(self) -> None:
        query = self.query
        with ui.row().classes('filter-bar w-full items-end gap-3'):
            ui.select({0: 'Anyone', **people_in_log(self.actor)}, label='Person', value=query.person or 0,
                      on_change=lambda e: self.change(person=e.value or None)) \
                .props('outlined dense options-dense').classes('w-48').mark('activity-person')
            ui.select({'': 'Any action', **ACTIONS}, label='Action', value=query.action,
                      on_change=lambda e: self.change(action=e.value or '')) \
                .props('outlined dense options-dense').classes('w-56').mark('activity-action')
            ui.input('Workflow', value=query.workflow,
                     on_change=lambda e: self.change(workflow=(e.value or '').strip())) \
                .props('clearable debounce=300 outlined dense').classes('w-56').mark('activity-workflow')
            ui.input('From', value=_iso(query.day_from),
                     on_change=lambda e: self.change(day_from=parse_date(e.value))) \
                .props('type=date outlined dense stack-label').classes('w-40').mark('activity-from')
            ui.input('To', value=_iso(query.day_to), on_change=lambda e: self.change(day_to=parse_date(e.value))) \
                .props('type=date outlined dense stack-label').classes('w-40').mark('activity-to')
            if query.workflow_id is not None:
                ui.chip(f'Workflow #{query.workflow_id} only', removable=True, icon='filter_alt',
                        on_value_change=lambda: self.change(workflow_id=None)).mark('activity-one-workflow')

    def turn_page(self, page: int) -> None:
        if page != self.page.page:
            self.change(page=page)

    def change(self, **changes: object) -> None:
        self.query = self.query.with_changes(**changes)
        params = self.query.to_params()
        ui.navigate.history.replace('/activity?' + urlencode(params) if params else '/activity')
        if 'workflow_id' in changes:
            ui.navigate.to('/activity?' + urlencode(params) if params else '/activity')
            return
        self.follower.ask()


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ''
