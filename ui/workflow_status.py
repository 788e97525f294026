"""What sets a workflow apart, shown the same way in the list, the editor and Live view: a copy's badge, when a
pause runs out (a warning in its last seven days) and why a workflow is finalized."""

from dataclasses import dataclass

from nicegui import ui

from model.common.clock import clock
from model.storage.schema import Workflow
from model.workflows.offers import pending_pause_expiry
from model.workflows.states import FINALIZED, PAUSE_WARNING_DAYS
from ui.format import day, finalized_note, plural


def duplicate_badge(duplicate_number: int | None) -> None:
    """A copy's ``[n]`` beside its name, so copies are told apart."""
    if duplicate_number:
        ui.badge(f'[{duplicate_number}]', color='grey-4', text_color='grey-9').mark('duplicate-badge')


@dataclass(frozen=True)
class StateNote:
    """A line under the name: when a pause runs out, or why a workflow is finalized."""

    text: str
    warning: bool = False  # a pause in its last days: finalized soon
    marker: str = 'finalized-note'


def state_note_of(workflow: Workflow) -> StateNote | None:
    if expiry := pending_pause_expiry(workflow):
        days_left = (expiry - clock.now(workflow.account_id)).days
        text = f'Pause expires on {day(expiry)}'
        if days_left < PAUSE_WARNING_DAYS:
            return StateNote(f'{text}: {plural(max(days_left, 0), "day")} left, then it is finalized', True,
                             'pause-warning')
        return StateNote(text, marker='pause-expiry')
    if workflow.state == FINALIZED:
        by = workflow.finalized_by.display_name if workflow.finalized_by_id and workflow.finalized_by else None
        return StateNote(finalized_note(workflow.finalized_reason, workflow.finalized_at, by))
    return None


def state_note(workflow: Workflow) -> None:
    """The note as elements (the editor and Live view; the list's rows draw it themselves)."""
    note = state_note_of(workflow)
    if note is None:
        return
    if note.warning:
        with ui.row().classes('items-center gap-1 text-negative text-weight-medium').mark(note.marker):
            ui.icon('warning', size='xs')
            ui.label(note.text)
    else:
        ui.label(note.text).mark(note.marker)
