"""`Establish priority` (SPEC §9): the active and paused workflows in execution order."""

from nicegui import ui

from model.listing import execution_order
from ui.format import STATE_COLORS, state_label
from ui.frame import page_frame
from ui.session import current_actor


@ui.page('/priority')
def priority_page() -> None:
    actor = current_actor()
    with page_frame('Establish priority'):
        ui.label('Workflow priority').classes('text-h5')
        ui.label('Workflows run from top to bottom: when two would send on the same channel to the same contact '
                 'for the same event, the lower one prevails.').classes('text-grey-7')
        for position, workflow in enumerate(execution_order(actor), start=1):
            with ui.row().classes('items-center gap-2').mark(f'priority-{workflow.id}'):
                ui.label(f'{position}.').classes('w-8 text-right')
                ui.label(workflow.name)
                ui.badge(state_label(workflow.state), color=STATE_COLORS[workflow.state])
