"""Live view of one workflow (SPEC §10). The statistics and the simulator arrive with their own issue."""

from nicegui import ui

from model.errors import NotFound
from model.workflows import get_workflow
from ui.format import STATE_COLORS, state_label, when
from ui.frame import page_frame
from ui.session import current_actor


@ui.page('/workflows/{workflow_id}/live')
def live_view_page(workflow_id: int) -> None:
    actor = current_actor()
    with page_frame('Live view'):
        try:
            workflow = get_workflow(actor, workflow_id)
        except NotFound as error:
            ui.label(error.message).classes('text-h6 text-grey-7').mark('not-found')
            return
        with ui.row().classes('items-center gap-2'):
            ui.label(f'Live view: {workflow.name}').classes('text-h5').mark('workflow-name')
            ui.badge(state_label(workflow.state), color=STATE_COLORS[workflow.state])
        ui.label(f'Started {when(workflow.started_at)}').classes('text-grey-7')
