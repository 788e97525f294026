"""The workflow editor (docs/product.md §7): the canvas, the palette, the node panel, incidents, and the state actions.

Canvas changes (places, nodes, connections) are stored at once (ui/editor_canvas.py). Settings, the name, the
description and contents go into a working copy (model.workflows.editing.Draft) that `Save` stores if nobody changed the
workflow meanwhile. Leaving with unsaved settings asks first (the browser's own prompt).
"""

from fastapi import Request
from nicegui import ui

from model.access.gate import Actor, rights
from model.common import events
from model.common.errors import NotFound
from model.common.text import parse_int
from model.storage.schema import Workflow
from model.workflows.editing import DESCRIPTION_MAX, Draft, load_draft, pickers, save_draft
from model.workflows.incidents import find_incidents, workflow_type
from model.workflows.lifecycle import current_version, label
from model.workflows.offers import offers
from model.workflows.states import DONE_LABELS
from ui import actions
from ui.actions import WorkflowRef
from ui.calls import call
from ui.editor_canvas import EditorCanvas
from ui.editor_panel import NodePanel
from ui.exporting import export
from ui.flash import navigate_with_notice
from ui.flow_canvas import EDIT, MOVE, VIEW
from ui.format import STATE_COLORS, TYPE_COLORS, plural, state_label, type_label
from ui.frame import page_frame
from ui.live import Update, follow_changes
from ui.not_found import not_found, workflow_id_from
from ui.session import current_actor
from ui.undo_bar import carry_undo
from ui.workflow_history import WorkflowHistory
from ui.workflow_status import duplicate_badge, state_note
from ui.workflow_versions import VersionsDialog

WARN_BEFORE_LEAVING = 'window.onbeforeunload = (e) => { e.preventDefault(); e.returnValue = ""; }'


@ui.page('/workflows/{workflow_id}')
def editor_page(workflow_id: str, request: Request) -> None:
    actor = current_actor()
    with page_frame('Editor', wide=True):
        try:
            workflow, draft = load_draft(actor, workflow_id_from(workflow_id) or 0)
        except NotFound as error:
            not_found(error.message)
            return
        EditorView(workflow, draft, show_incidents=request.query_params.get('incidents') == '1') \
            .build(parse_int(request.query_params.get('version')))


class EditorView:
    def __init__(self, workflow: Workflow, draft: Draft, show_incidents: bool) -> None:
        self.actor = current_actor()
        self.workflow = workflow
        self.draft = draft
        self.selected: str | None = 'start'
        self.dirty = False
        self.show_incidents = show_incidents
        self.offers = offers(rights(self.actor), workflow)
        self.stored_version: int | None = workflow.version  # what the database holds, as last announced
        mode = EDIT if self.offers.structure_editable else MOVE if self.offers.can_save else VIEW
        self.canvas = EditorCanvas(self.actor, workflow.id, self, mode, self.names)
        self.panel = NodePanel(draft, self.offers, pickers(self.actor), self.changed, self.structure_changed,
                               self.canvas.reconnect, self.canvas.remove)

    @property
    def version(self) -> int:
        return self.workflow.version

    def names(self) -> dict[str, dict[int, str]]:
        """Names the canvas's summaries show: segments and custom fields of the account, forms of the workflow."""
        return {**self.panel.pickers, 'form': self.draft.forms}

    def build(self, version_id: int | None = None) -> None:
        """Draw the editor; ``version_id`` (an activity entry's link) opens `Versions` on that version."""
        self.versions = VersionsDialog(self.actor, self.workflow, lambda: self.workflow.version, lambda: self.dirty)
        self.top_bar()
        with ui.row().classes('stack-narrow w-full no-wrap items-start gap-3'):
            if self.offers.structure_editable:
                with ui.card().props('flat bordered').classes('w-52 shrink-0 gap-0 q-pa-sm overflow-auto') \
                        .style('max-height: calc(100vh - 260px); min-height: 500px').mark('palette'):
                    self.canvas.palette()
            with ui.card().props('flat bordered').classes('grow min-w-0 gap-0 overflow-hidden').style('padding: 0'):
                self.canvas.build()
            with ui.column().classes('w-80 shrink-0 gap-2'):
                with ui.card().props('flat bordered').classes('w-full').mark('node-panel'):
                    self.node_panel()
                self.incident_panel()
                self.history = WorkflowHistory(self.actor, self.workflow.id, self.versions.open)
                self.history.show()
        if version_id is not None:
            ui.timer(0, lambda: self.versions.open(version_id), once=True)
        follow_changes(self.actor.account_id, self.notice_elsewhere)
        follow_changes(self.actor.account_id, self.new_pickers, frozenset({events.ChangeKind.RESOURCES}))

    async def new_pickers(self, update: Update) -> None:
        """Segments or custom fields changed elsewhere: the node panel offers what exists now."""
        self.panel.pickers = await Update.read(('pickers', self.actor.account_id), pickers, self.actor)
        self.node_panel.refresh()

    def top_bar(self) -> None:
        """Built once: its labels follow the working copy through :meth:`update_top_bar` (a redraw would
        delete a button while its click is being handled)."""
        workflow = self.workflow
        with ui.row().classes('w-full items-center gap-2'):
            if self.offers.name_editable:
                ui.input(value=self.draft.name, on_change=self.rename).props('dense outlined maxlength=120') \
                    .classes('text-h6 w-96').mark('workflow-name')
            else:
                ui.label(workflow.name).classes('text-h5').mark('workflow-name')
            duplicate_badge(workflow.duplicate_number)
            ui.badge(state_label(workflow.state), color=STATE_COLORS[workflow.state]).mark('state-badge')
            self.type_badge = ui.badge().props('outline').mark('type-badge')
            self.incidents_button = ui.button(icon='report', on_click=self.toggle_incidents) \
                .props('flat dense').mark('show-incidents').tooltip('Show incident list')
            ui.space()
            if self.offers.can_save:
                self.save_button = ui.button('Save', icon='save', on_click=self.save).mark('editor-save')
            self.start_button = None
            for offer in self.offers.transitions:
                button = ui.button(offer.label, on_click=lambda a=offer.key: self.transition(a)) \
                    .props('outline').mark(f'editor-{offer.key}')
                if offer.key == 'start':
                    self.start_button = button
            if self.offers.live_view:
                ui.button('Live view', on_click=lambda: ui.navigate.to(f'/workflows/{workflow.id}/live')) \
                    .props('flat')
            ui.button('Versions', icon='history', on_click=lambda: self.versions.open()).props('flat') \
                .mark('editor-versions')
            ui.button('Export', icon='file_download', on_click=lambda: export(self.actor, [workflow.id])) \
                .props('flat').mark('editor-export')
            if self.offers.can_delete:
                ui.button('Delete', icon='delete', color='negative', on_click=self.delete).props('flat') \
                    .mark('editor-delete')
        with ui.row().classes('w-full items-center gap-4 text-grey-8'):
            if self.offers.can_save:
                description = ui.input('Description', value=self.draft.description, on_change=self.describe) \
                    .props('dense outlined counter').classes('grow').mark('workflow-description')
                description.props['maxlength'] = DESCRIPTION_MAX
            elif workflow.description:
                ui.label(workflow.description).classes('grow').mark('workflow-description')
            state_note(workflow)
        self.elsewhere_banner()
        self.update_top_bar()

    def update_top_bar(self) -> None:
        incidents = find_incidents(self.draft.graph())
        errors = sum(1 for i in incidents if i.severity == 'error')
        type_key = workflow_type(self.draft.graph())
        self.type_badge.set_text(type_label(type_key))
        self.type_badge.props['color'] = TYPE_COLORS[type_key]
        self.incidents_button.set_text(plural(len(incidents), 'incident'))
        self.incidents_button.classes(replace='text-negative' if errors else 'text-grey-8')
        if self.start_button is not None:
            self.start_button.set_enabled(not errors and not self.dirty)
            self.start_button.tooltip('Save and fix every error first' if errors or self.dirty else 'Start it')

    @ui.refreshable_method
    def elsewhere_banner(self) -> None:
        version = self.stored_version
        if version == self.workflow.version:
            return
        with ui.row().classes('w-full items-center bg-orange-1 text-orange-10 q-pa-sm rounded') \
                .mark('changed-elsewhere'):
            ui.icon('warning')
            ui.label('This workflow was changed elsewhere since you opened it.' if version else
                     'This workflow was deleted elsewhere.')
            ui.space()
            if version:
                ui.button('Reload', on_click=self.reload).props('flat dense').mark('reload')

    @ui.refreshable_method
    def node_panel(self) -> None:
        self.panel.show(self.selected)

    @ui.refreshable_method
    def incident_panel(self) -> None:
        if not self.show_incidents:
            return
        incidents = find_incidents(self.draft.graph())
        with ui.card().props('flat bordered').classes('w-full').mark('incident-list'):
            ui.label('Incident list').classes('text-subtitle1')
            if not incidents:
                ui.label('No incidents: the workflow can start.').classes('text-positive').mark('no-incidents')
            for incident in incidents:
                color = 'text-negative' if incident.severity == 'error' else 'text-orange-9'
                icon = 'error' if incident.severity == 'error' else 'warning'
                with ui.row().classes(f'items-center no-wrap gap-1 cursor-pointer {color}').mark('incident') \
                        .on('click', lambda k=incident.node_key: self.select(k)):
                    ui.icon(icon, size='xs')
                    ui.label(incident.message).classes('text-body2')

    async def notice_elsewhere(self, update: Update) -> None:
        ids = update.workflow_ids()
        if ids is not None and self.workflow.id not in ids:
            return
        self.stored_version = await Update.read(('version', self.workflow.id), current_version, self.actor,
                                                self.workflow.id)
        self.elsewhere_banner.refresh()
        self.history.show.refresh()

    def select(self, key: str | None) -> None:
        self.selected = key
        self.node_panel.refresh()
        self.canvas.canvas.select(key)

    def stored(self, version: int) -> None:
        """A canvas change was stored: the page now shows that version."""
        self.workflow.version = self.stored_version = version
        self.elsewhere_banner.refresh()

    def refused(self) -> None:
        """A canvas change was refused (a stale page shows why in the banner); the panel shows what is stored."""
        self.elsewhere_banner.refresh()
        self.node_panel.refresh()

    def canvas_changed(self) -> None:
        self.update_top_bar()
        self.incident_panel.refresh()
        self.node_panel.refresh()

    def toggle_incidents(self) -> None:
        self.show_incidents = not self.show_incidents
        self.incident_panel.refresh()

    def changed(self) -> None:
        """A setting changed in the working copy: redraw what depends on it."""
        self.mark_dirty()
        self.canvas.show()
        self.incident_panel.refresh()

    def structure_changed(self, select: str | None) -> None:
        """A setting that changes a node's outputs (split percentages, its content) changed."""
        self.changed()
        self.select(select)

    def rename(self, event) -> None:
        self.draft.name = event.value or ''
        self.mark_dirty()

    def describe(self, event) -> None:
        self.draft.description = event.value or ''
        self.mark_dirty()

    def mark_dirty(self) -> None:
        if not self.dirty:
            self.dirty = True
            ui.run_javascript(WARN_BEFORE_LEAVING)
        self.update_top_bar()  # Start waits for the save

    async def save(self) -> bool:
        if not self.dirty:
            ui.notify('No changes to save')
            return True
        outcome = await call(_save_and_load, self.actor, self.workflow.id, self.workflow.version, self.draft,
                             done=lambda saved: f'"{label(saved[0])}" saved')
        if outcome.value is None:
            self.elsewhere_banner.refresh()  # a stale save: the banner offers `Reload`
            return False
        self.dirty = False
        ui.run_javascript('window.onbeforeunload = null')
        self.workflow, fresh = outcome.value
        self.stored_version = self.workflow.version
        self.draft.take(fresh)  # new contents got their ids
        self.update_top_bar()
        self.canvas.show()
        self.node_panel.refresh()
        self.elsewhere_banner.refresh()
        return True

    def reload(self) -> None:
        ui.run_javascript('window.onbeforeunload = null')
        ui.navigate.reload()

    async def transition(self, action: str) -> None:
        """Start, pause, resume, finalize: the state changes what the page offers, so it is drawn anew."""
        if self.dirty:
            ui.notify('Save your changes first', type='warning')
            return
        ref = WorkflowRef.of(self.workflow)
        if await actions.transition(self.actor, ref, action):
            navigate_with_notice(f'/workflows/{ref.id}', f'"{ref.name}" {DONE_LABELS[action]}')

    def delete(self) -> None:
        ref = WorkflowRef.of(self.workflow)

        def gone() -> None:
            ui.run_javascript('window.onbeforeunload = null')
            carry_undo()  # the list shows the `Undo` of this delete
            ui.navigate.to('/')

        actions.confirm_delete(self.actor, [ref], gone, check_versions=True)


def _save_and_load(actor: Actor, workflow_id: int, version: int, draft: Draft) -> tuple[Workflow, Draft]:
    """Store the working copy, then read it back (new contents get their ids), in one trip to a worker thread."""
    saved = save_draft(actor, workflow_id, version, draft)
    return load_draft(actor, saved.id)
