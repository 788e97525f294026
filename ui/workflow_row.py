"""One row of the Workflows list (SPEC §3 block 4): badges, incident count and the options for its state."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from nicegui import ui

from model.access import Actor
from model.clock import clock
from model.offers import Offer, offers, pending_pause_expiry
from model.schema import Workflow
from model.states import PAUSE_WARNING_DAYS
from ui.actions import WorkflowRef
from ui.format import STATE_COLORS, TYPE_COLORS, day, finalized_note, plural, state_label, type_label, when

Handler = Callable[..., Awaitable[None] | None]


@dataclass
class RowHandlers:
    toggle: Callable[[int, bool], None]
    transition: Callable[[WorkflowRef, str], Awaitable[None]]
    duplicate: Callable[[WorkflowRef], Awaitable[None]]
    delete: Callable[[WorkflowRef], None]
    drag_start: Callable[[int], None]
    move: Callable[[WorkflowRef], Awaitable[None] | None]
    export: Callable[[WorkflowRef], Awaitable[None] | None]
    actor: Actor  # what the rows offer follows the person's role (model.offers)


def workflow_row(workflow: Workflow, rank: int | None, selected: bool, handlers: RowHandlers) -> None:
    ref = WorkflowRef(workflow.id, workflow.name, workflow.version)
    card = ui.card().tight().classes('workflow-row w-full q-px-md q-py-sm').props('flat bordered')
    if offers(handlers.actor, workflow).can_move:
        card.props('draggable=true')
        card.on('dragstart', lambda: handlers.drag_start(workflow.id))
    with card.mark(f'row-{workflow.id}'):
        with ui.row().classes('w-full items-center no-wrap gap-3'):
            ui.checkbox(value=selected, on_change=lambda e: handlers.toggle(workflow.id, e.value)) \
                .mark(f'select-{workflow.id}').props('dense')
            with ui.column().classes('gap-0 grow min-w-0'):
                _title_line(workflow)
                _detail_line(workflow, rank)
            _primary_buttons(workflow, ref, handlers)
            _more_menu(workflow, ref, handlers)


def _title_line(workflow: Workflow) -> None:
    with ui.row().classes('items-center gap-2 no-wrap'):
        ui.link(workflow.name, f'/workflows/{workflow.id}').classes('text-body1 text-weight-medium ellipsis') \
            .mark('row-name').style('max-width: 32rem')
        if workflow.duplicate_number:
            ui.badge(f'[{workflow.duplicate_number}]', color='grey-4', text_color='grey-9').mark('duplicate-badge')
        ui.badge(state_label(workflow.state), color=STATE_COLORS[workflow.state]).mark('state-badge')
        ui.badge(type_label(workflow.workflow_type), color=TYPE_COLORS[workflow.workflow_type]) \
            .props('outline').mark('type-badge')
        _incident_count(workflow)


def _incident_count(workflow: Workflow) -> None:
    if workflow.error_count:
        ui.link(plural(workflow.error_count, 'error'), f'/workflows/{workflow.id}?incidents=1') \
            .classes('text-negative text-caption').mark('incident-count').tooltip('Open the editor to fix them')
    if workflow.alert_count:
        ui.label(plural(workflow.alert_count, 'alert')).classes('text-orange-9 text-caption').mark('alert-count')
    if workflow.run_problem:
        ui.label('Skipped by the simulator').classes('text-orange-9 text-caption').mark('run-problem') \
            .tooltip(workflow.run_problem)


def _detail_line(workflow: Workflow, rank: int | None) -> None:
    with ui.row().classes('items-center gap-3 text-caption text-grey-7'):
        folder = workflow.folder.name if workflow.folder_id and workflow.folder else 'No folder'
        ui.label(folder).classes('row-folder')
        ui.label(f'Updated {when(workflow.updated_at)}')
        if rank is not None:
            ui.label(f'Execution order #{rank}').mark('priority-position')
        if expiry := pending_pause_expiry(workflow):
            _pause_expiry(expiry)
        if workflow.state == 'finalized':
            ui.label(finalized_note(workflow.finalized_reason, workflow.finalized_at)).mark('finalized-reason')
        if workflow.description:
            ui.label(workflow.description).classes('ellipsis').style('max-width: 28rem')


def _pause_expiry(expires_at: datetime) -> None:
    days_left = (expires_at - clock.now()).days
    text = f'Pause expires on {day(expires_at)}'
    if days_left < PAUSE_WARNING_DAYS:
        with ui.row().classes('items-center gap-1 text-negative text-weight-medium').mark('pause-warning'):
            ui.icon('warning', size='xs')
            ui.label(f'{text}: {plural(max(days_left, 0), "day")} left, then it is finalized')
    else:
        ui.label(text).mark('pause-expiry')


def _primary_buttons(workflow: Workflow, ref: WorkflowRef, handlers: RowHandlers) -> None:
    for offer in offers(handlers.actor, workflow).row_buttons:
        button = ui.button(offer.label, on_click=_handler(offer, workflow, ref, handlers))
        if offer.is_transition:
            button.props('unelevated dense').classes('q-px-sm').mark(f'{offer.key}-{workflow.id}')
        else:
            button.props('flat dense')


def _more_menu(workflow: Workflow, ref: WorkflowRef, handlers: RowHandlers) -> None:
    with ui.button('More', icon='expand_more').props('flat dense').mark(f'more-{workflow.id}'):
        with ui.menu():
            for offer in offers(handlers.actor, workflow).menu:
                ui.menu_item(offer.label, on_click=_handler(offer, workflow, ref, handlers))


def _handler(offer: Offer, workflow: Workflow, ref: WorkflowRef, handlers: RowHandlers) -> Handler:
    if offer.is_transition:
        return lambda: handlers.transition(ref, offer.key)
    if offer.key in ('edit', 'open'):
        return lambda: ui.navigate.to(f'/workflows/{workflow.id}')
    if offer.key == 'live_view':
        return lambda: ui.navigate.to(f'/workflows/{workflow.id}/live')
    act = {'duplicate': handlers.duplicate, 'export': handlers.export, 'delete': handlers.delete,
           'move': handlers.move}[offer.key]
    return lambda: act(ref)
