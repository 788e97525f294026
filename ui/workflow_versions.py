"""The editor's `Versions`: every saved version newest first, one shown read-only, any two compared, and the
restore the workflow's state allows (model/workflows/version_restore.py)."""

from collections.abc import Callable

from nicegui import ui

from model.access.gate import Action, Actor, allowed
from model.storage.schema import Workflow
from model.workflows.lifecycle import label
from model.workflows.states import DRAFT, FINALIZED
from model.workflows.version_changes import settings_in_words
from model.workflows.version_restore import restore_as_new_draft, restore_version
from model.workflows.versions import (
    Comparison,
    VersionInfo,
    VersionView,
    compare_versions,
    list_versions,
    read_version,
)
from ui.calls import call
from ui.flash import navigate_with_notice
from ui.format import STATE_COLORS, state_label, when
from ui.version_drawing import legend, version_drawing

COLUMNS = [
    {'name': 'number', 'label': 'Version', 'field': 'number', 'align': 'left'},
    {'name': 'saved', 'label': 'Saved', 'field': 'saved', 'align': 'left'},
    {'name': 'state', 'label': 'State', 'field': 'state', 'align': 'left'},
    {'name': 'summary', 'label': 'What changed', 'field': 'summary', 'align': 'left',
     'style': 'white-space: normal; min-width: 14rem'},
]
PAGE_ROWS = 20


class VersionsDialog:
    """Opened from the editor's top bar, its history panel, or an activity entry's link (``?version=``)."""

    def __init__(self, actor: Actor, workflow: Workflow, page_version: Callable[[], int],
                 unsaved: Callable[[], bool]) -> None:
        self.actor = actor
        self.workflow = workflow
        self.page_version = page_version  # the workflow version the editor shows: a restore refuses a newer one
        self.unsaved = unsaved
        self.versions: list[VersionInfo] = []
        self.shown: VersionView | Comparison | None = None
        with ui.dialog().props('maximized') as self.dialog, ui.card().classes('w-full h-full no-wrap'):
            with ui.row().classes('w-full items-center'):
                ui.label(f'Versions of "{label(workflow)}"').classes('text-h6')
                ui.space()
                close = ui.button(icon='close', on_click=self.dialog.close).props('flat round dense')
                close.props['aria-label'] = 'Close versions'
            with ui.row().classes('w-full no-wrap items-start gap-4 grow min-h-0'):
                with ui.column().classes('w-[36rem] shrink-0 h-full overflow-auto gap-2'):
                    self.compare_button = ui.button('Compare the two selected', icon='compare_arrows',
                                                    on_click=self.compare_selected).props('outline') \
                        .mark('compare-selected')
                    self.table = ui.table(columns=COLUMNS, rows=[], row_key='id', selection='multiple',
                                          pagination=PAGE_ROWS, on_select=self.selection_changed) \
                        .props('flat bordered dense').classes('w-full').mark('version-list')
                    self.table.on('rowClick', lambda event: self.view(event.args[1]['id']))
                with ui.column().classes('grow min-w-0 h-full overflow-auto'):
                    self.detail()

    async def open(self, version_id: int | None = None) -> None:
        outcome = await call(list_versions, self.actor, self.workflow.id)
        if outcome.value is None:
            return
        self.versions = outcome.value
        self.table.rows[:] = [{'id': v.id, 'number': v.number, 'saved': f'{when(v.at)} · {_who(v)}',
                               'state': state_label(v.state), 'summary': v.summary} for v in self.versions]
        self.table.selected[:] = []
        self.table.update()
        self.selection_changed()
        self.dialog.open()
        if version_id is not None and await self.view(version_id):
            return
        if self.versions:  # the newest, also when the asked one is no longer kept (the warning said so)
            await self.view(self.versions[0].id)

    def selection_changed(self) -> None:
        self.compare_button.set_enabled(len(self.table.selected) == 2)

    async def view(self, version_id: int) -> bool:
        outcome = await call(read_version, self.actor, self.workflow.id, version_id)
        if outcome.value is not None:
            self.shown = outcome.value
            self.detail.refresh()
        return outcome.ok

    async def compare_selected(self) -> None:
        if len(self.table.selected) == 2:
            await self.compare(*(row['id'] for row in self.table.selected))

    async def compare(self, first_id: int, second_id: int) -> None:
        outcome = await call(compare_versions, self.actor, self.workflow.id, first_id, second_id)
        if outcome.value is not None:
            self.shown = outcome.value
            self.detail.refresh()

    @ui.refreshable_method
    def detail(self) -> None:
        if isinstance(self.shown, VersionView):
            self.version_detail(self.shown)
        elif isinstance(self.shown, Comparison):
            self.comparison_detail(self.shown)
        else:
            ui.label('No version recorded yet.').classes('text-grey-7')

    def version_detail(self, shown: VersionView) -> None:
        info = shown.info
        with ui.row().classes('w-full items-center gap-2'):
            ui.label(f'Version {info.number}').classes('text-h6').mark('shown-version')
            ui.badge(state_label(info.state), color=STATE_COLORS[info.state])
            ui.label(f'{when(info.at)} · {_who(info)}').classes('text-grey-7')
        ui.label(info.summary).classes('text-body2')
        with ui.row().classes('w-full items-center gap-2'):
            self.restore_buttons(shown)
            if not shown.latest:
                ui.button('Compare with the current version', icon='compare_arrows',
                          on_click=lambda: self.compare(info.id, self.versions[0].id)).props('flat') \
                    .mark('compare-with-current')
        version_drawing(shown.drawing)
        with ui.column().classes('w-full gap-1').mark('version-settings'):
            for node, values in settings_in_words(shown.content):
                ui.label(node).classes('text-subtitle2 q-mt-sm')
                for setting, value in values:
                    ui.label(f'{setting}: {value}').classes('text-body2')

    def restore_buttons(self, shown: VersionView) -> None:
        """What the workflow's state allows (a viewer gets none): a draft takes it all back, a started workflow
        its settings when the structure is the same, a finalized one only a new draft."""
        state = self.workflow.state
        if shown.latest or not allowed(self.actor, Action.CHANGE):
            return
        number = shown.info.number
        if state == DRAFT:
            ui.button('Restore this version', icon='restore', on_click=lambda: self.restore(shown)) \
                .mark('restore-version')
            return
        if state != FINALIZED and shown.same_structure_as_now:
            ui.button('Restore its settings', icon='restore', on_click=lambda: self.restore(shown)) \
                .mark('restore-version')
        elif state != FINALIZED:
            ui.label(f'Version {number} has other nodes or connections: a started workflow keeps its structure.') \
                .classes('text-caption text-grey-8')
        ui.button('Restore as a new draft', icon='content_copy', on_click=lambda: self.restore_as_draft(shown)) \
            .props('outline').mark('restore-as-draft')

    async def restore(self, shown: VersionView) -> None:
        if self.unsaved():
            ui.notify('Save your changes first, or reload to drop them', type='warning')
            return
        outcome = await call(restore_version, self.actor, self.workflow.id, shown.info.id, self.page_version())
        if outcome.value is not None:
            self.dialog.close()
            navigate_with_notice(f'/workflows/{self.workflow.id}', f'Version {shown.info.number} restored')

    async def restore_as_draft(self, shown: VersionView) -> None:
        outcome = await call(restore_as_new_draft, self.actor, self.workflow.id, shown.info.id)
        if outcome.value is not None:
            self.dialog.close()
            navigate_with_notice(f'/workflows/{outcome.value.id}',
                                 f'Version {shown.info.number} restored as "{label(outcome.value)}"')

    def comparison_detail(self, shown: Comparison) -> None:
        with ui.row().classes('w-full items-center gap-2'):
            ui.label(f'Version {shown.older.number} → version {shown.newer.number}').classes('text-h6') \
                .mark('compared-versions')
            ui.space()
            legend()
        version_drawing(shown.drawing)
        changes = shown.difference
        ui.label('Changed settings').classes('text-subtitle2 q-mt-sm')
        with ui.column().classes('w-full gap-1').mark('changed-settings'):
            if not changes.settings:
                ui.label('None').classes('text-grey-7')
            for change in changes.settings:
                where = change.where + (f' · {change.setting}' if change.setting else '')
                ui.label(f'{where}: {change.old} → {change.new}').classes('text-body2').mark('changed-setting')
        lines = changes.structure_lines()
        if lines:
            ui.label('Nodes and connections').classes('text-subtitle2 q-mt-sm')
            with ui.column().classes('w-full gap-1').mark('changed-structure'):
                for line in lines:
                    ui.label(line).classes('text-body2')


def _who(version: VersionInfo) -> str:
    return version.person or 'Workflows Area'
