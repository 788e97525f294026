"""A workflow's own history in its editor: the newest activity entries about it, and a link to all of them."""

from nicegui import ui

from model.access.activity import workflow_history
from model.access.gate import Actor
from ui.format import when

SHOWN = 8


class WorkflowHistory:
    """One editor's history panel; :meth:`show` is redrawn when the workflow changes."""

    def __init__(self, actor: Actor, workflow_id: int) -> None:
        self.actor = actor
        self.workflow_id = workflow_id
        self.opened = False

    @ui.refreshable_method
    def show(self) -> None:
        entries = workflow_history(self.actor, self.workflow_id, SHOWN)
        with ui.expansion('History', icon='history', value=self.opened,
                          on_value_change=lambda e: setattr(self, 'opened', e.value)) \
                .props('dense').classes('w-full').mark('workflow-history'):
            if not entries:
                ui.label('No activity recorded yet.').classes('text-caption text-grey-7')
            for entry in entries:
                with ui.column().classes('gap-0 q-mb-xs').mark('history-entry'):
                    ui.label(f'{entry.label}{" — " + entry.detail if entry.detail else ""}').classes('text-body2')
                    ui.label(f'{when(entry.at)} · {entry.person or "Workflows Area"}') \
                        .classes('text-caption text-grey-7')
            ui.link('All activity of this workflow', f'/activity?id={self.workflow_id}').classes('text-caption') \
                .mark('history-all')
