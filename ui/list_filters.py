"""Block 1 of the Workflows page: search, filters and sort, each change handed back as a new ListQuery."""

from collections.abc import Callable
from datetime import date

from nicegui import ui

from model.workflows.incidents import WORKFLOW_TYPES
from model.workflows.listing import INCIDENT_FILTERS, SORTS, ListQuery
from model.workflows.states import STATE_LABELS


def filter_bar(query: ListQuery, on_change: Callable[..., None]) -> None:
    """``on_change(**changes)`` receives the ListQuery fields that changed."""
    with ui.row().classes('filter-bar w-full items-end gap-3'):
        ui.input('Search', value=query.search, on_change=lambda e: on_change(search=(e.value or '').strip())) \
            .props('clearable debounce=40 outlined dense').classes('w-64').mark('search')
        ui.select(STATE_LABELS, multiple=True, label='State', value=list(query.states),
                  on_change=lambda e: on_change(states=tuple(e.value or ()))) \
            .props('use-chips clearable outlined dense').classes('w-48').mark('filter-state')
        ui.select(WORKFLOW_TYPES, multiple=True, label='Type', value=list(query.types),
                  on_change=lambda e: on_change(types=tuple(e.value or ()))) \
            .props('use-chips clearable outlined dense').classes('w-48').mark('filter-type')
        ui.select({'': 'Any', **INCIDENT_FILTERS}, label='Incidents', value=query.incidents,
                  on_change=lambda e: on_change(incidents=e.value or '')) \
            .props('outlined dense').classes('w-40').mark('filter-incidents')
        ui.input('Updated from', value=_iso(query.updated_from),
                 on_change=lambda e: on_change(updated_from=_parse(e.value))) \
            .props('type=date outlined dense stack-label').classes('w-40').mark('filter-from')
        ui.input('Updated to', value=_iso(query.updated_to),
                 on_change=lambda e: on_change(updated_to=_parse(e.value))) \
            .props('type=date outlined dense stack-label').classes('w-40').mark('filter-to')
        ui.select(SORTS, label='Sort by', value=query.sort, on_change=lambda e: on_change(sort=e.value)) \
            .props('outlined dense').classes('w-44').mark('sort')


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ''


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
