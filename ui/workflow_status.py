"""What sets a workflow apart, shown the same way in the list, the editor and Live view: a copy's badge, when a
pause runs out (a warning in its last seven days) and why a workflow is finalized."""

from datetime import datetime

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


def state_note(workflow: Workflow) -> None:
    if expiry := pending_pause_expiry(workflow):
        pause_expiry(expiry, workflow.account_id)
    elif workflow.state == FINALIZED:
        by = workflow.finalized_by.display_name if workflow.finalized_by_id and workflow.finalized_by else None
        ui.label(finalized_note(workflow.finalized_reason, workflow.finalized_at, by)).mark('finalized-note')


def pause_expiry(expires_at: datetime, account_id: int) -> None:
    days_left = (expires_at - clock.now(account_id)).days
    text = f'Pause expires on {day(expires_at)}'
    if days_left < PAUSE_WARNING_DAYS:
        with ui.row().classes('items-center gap-1 text-negative text-weight-medium').mark('pause-warning'):
            ui.icon('warning', size='xs')
            ui.label(f'{text}: {plural(max(days_left, 0), "day")} left, then it is finalized')
    else:
        ui.label(text).mark('pause-expiry')
