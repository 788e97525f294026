"""The declared state-transition table of docs/product.md §2: the only place these rules live."""

from dataclasses import dataclass

DRAFT, ACTIVE, PAUSED, FINALIZED = 'draft', 'active', 'paused', 'finalized'
STATES = (DRAFT, ACTIVE, PAUSED, FINALIZED)
STATE_LABELS = {DRAFT: 'Draft', ACTIVE: 'Active', PAUSED: 'Paused', FINALIZED: 'Finalized'}
STATE_WORDS = {DRAFT: 'a draft', ACTIVE: 'active', PAUSED: 'paused', FINALIZED: 'finalized'}  # "it is …"

PAUSE_LIMIT_MONTHS = 3
PAUSE_WARNING_DAYS = 7


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    needs_no_errors: bool = False


TRANSITIONS = (
    Transition(DRAFT, 'start', ACTIVE, needs_no_errors=True),
    Transition(ACTIVE, 'pause', PAUSED),
    Transition(PAUSED, 'resume', ACTIVE),
    Transition(ACTIVE, 'finalize', FINALIZED),
)
ACTION_LABELS = {'start': 'Start', 'pause': 'Pause', 'resume': 'Resume', 'finalize': 'Finalize'}
DONE_LABELS = {'start': 'started', 'pause': 'paused', 'resume': 'resumed', 'finalize': 'finalized'}

EDITABLE_STATES = frozenset({DRAFT, ACTIVE, PAUSED})  # finalized workflows are read-only
STRUCTURE_EDITABLE_STATES = frozenset({DRAFT})
LIVE_VIEW_STATES = frozenset({ACTIVE, PAUSED, FINALIZED})


def find_transition(state: str, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.source == state and t.action == action), None)


def actions_from(state: str) -> list[str]:
    return [t.action for t in TRANSITIONS if t.source == state]


def offers_live_view(state: str, has_data: bool) -> bool:
    """Active and paused workflows always; finalized ones only once they have data (the article's rule)."""
    return state in LIVE_VIEW_STATES and (state != FINALIZED or has_data)
