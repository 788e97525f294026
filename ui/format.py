"""How model values look on a page: labels, colours, dates; counts with their noun (:func:`plural`)."""

from datetime import datetime, timedelta

from model.common.text import plural as plural  # the one singular/plural helper, shared with model/
from model.workflows.incidents import WORKFLOW_TYPES
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED, STATE_LABELS

STATE_COLORS = {DRAFT: 'grey-7', ACTIVE: 'positive', PAUSED: 'warning', FINALIZED: 'blue-grey-9'}
TYPE_COLORS = {'mass_action': 'indigo-6', 'reactive': 'teal-7', 'rule': 'deep-purple-6', 'classic': 'brown-6'}


def state_label(state: str) -> str:
    return STATE_LABELS[state]


def type_label(workflow_type: str) -> str:
    return WORKFLOW_TYPES[workflow_type]


def when(moment: datetime | None) -> str:
    return moment.strftime('%Y-%m-%d %H:%M') if moment else ''


def day(moment: datetime | None) -> str:
    return moment.strftime('%Y-%m-%d') if moment else ''


def finalized_note(reason: str | None, finalized_at: datetime | None, by: str | None = None) -> str:
    """Why a workflow is finalized: ``Finalized by Ann on 2026-11-24`` or ``Finalized: the pause expired on …``.

    Workflows finalized before who-finalized was recorded say only when.
    """
    if reason == 'pause expired':
        return f'Finalized: the pause expired on {day(finalized_at)}'
    return f'Finalized by {by} on {day(finalized_at)}' if by else f'Finalized on {day(finalized_at)}'


def clock_offset(offset: timedelta) -> str:
    """'3 months ahead'-like wording of the movable clock's offset: '90 days 2 hours ahead of real time'."""
    hours = round(offset.total_seconds() / 3600)
    days, hours = divmod(abs(hours), 24)
    parts = [plural(days, 'day')] if days else []
    parts += [plural(hours, 'hour')] if hours or not days else []
    return f'{" ".join(parts)} {"ahead of" if offset >= timedelta() else "behind"} real time'
