"""A workflow's own history in its editor: the newest activity entries about it, and a link to all of them."""

from nicegui import ui

from model.access import Actor
from model.activity import workflow_history
from ui.format import when

SHOWN = 8


@ui.refreshable
def history_panel(actor: Actor, workflow_id: int) -> None:
    entries = workflow_history(actor, workflow_id, SHOWN)
    with ui.expansion('History', icon='history').props('dense').classes('w-full').mark('workflow-history'):
        if not entries:
            ui.label('No activity recorded yet.').classes('text-caption text-grey-7')
        for entry in entries:
            with ui.column().classes('gap-0 q-mb-xs').mark('history-entry'):
                ui.label(f'{entry.label}{" — " + entry.detail if entry.detail else ""}').classes('text-body2')
                ui.label(f'{when(entry.at)} · {entry.person or "Workflows Area"}').classes('text-caption text-grey-7')
        ui.link('All activity of this workflow', f'/activity?id={workflow_id}').classes('text-caption') \
            .mark('history-all')
