"""A workflow's own history in its editor: the newest activity entries about it (each change that made a version
opens it), and a link to all of them."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from model.access.activity import workflow_history
from model.access.gate import Actor
from ui.format import when

SHOWN = 8


class WorkflowHistory:
    """One editor's history panel; :meth:`show` is redrawn when the workflow changes."""

    def __init__(self, actor: Actor, workflow_id: int, open_version: Callable[[int], Awaitable[None]]) -> None:
        self.actor = actor
        self.workflow_id = workflow_id
        self.open_version = open_version
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
                    with ui.row().classes('items-center gap-2'):
                        ui.label(f'{when(entry.at)} · {entry.person or "Workflows Area"}') \
                            .classes('text-caption text-grey-7')
                        if entry.version_id is not None:
                            ui.button('See the version', on_click=lambda v=entry.version_id: self.open_version(v)) \
                                .props('flat dense no-caps size=sm').mark('history-version')
            ui.link('All activity of this workflow', f'/activity?id={self.workflow_id}').classes('text-caption') \
                .mark('history-all')
