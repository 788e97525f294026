"""Live view (docs/product.md §10): totals, the canvas with each node's counts, and a chart over time.

Active workflows redraw every few seconds; paused ones hold; finalized ones show their final figures.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from fastapi import Request
from nicegui import ui

from model.common.clock import clock
from model.common.errors import NotFound
from model.common.events import ChangeKind
from model.common.text import parse_date
from model.storage.schema import Workflow
from model.traffic.statistics import LiveFigures, live_figures, range_problem
from model.workflows.editing import Draft, load_draft, node_title, pickers
from model.workflows.lifecycle import get_workflow, label
from model.workflows.states import ACTIVE, STATE_LABELS
from ui.canvas_cards import cards
from ui.flow_canvas import VIEW, FlowCanvas
from ui.format import STATE_COLORS, when
from ui.frame import page_frame
from ui.live import Update, follow_changes
from ui.not_found import not_found, workflow_id_from
from ui.session import current_actor
from ui.workflow_status import state_note

CUSTOM = -1  # ?range=custom&from=…&to=…: both days included
RANGES = {7: '7 days', 30: '30 days', 90: '90 days', 0: 'All', CUSTOM: 'Custom'}
RANGE_PARAMS = {7: '7', 30: '30', 90: '90', 0: 'all', CUSTOM: 'custom'}  # ?range=… in the address
DEFAULT_RANGE = 30
TOTALS = (('entered', 'Entered'), ('waiting', 'Waiting now'), ('sent', 'Sent'), ('opened', 'Opened'),
          ('clicked', 'Clicked'), ('conversions', 'Conversions'), ('revenue', 'Revenue'),
          ('overridden', 'Overridden by priority'))


@ui.page('/workflows/{workflow_id}/live')
def live_view_page(workflow_id: str, request: Request) -> None:
    actor = current_actor()
    with page_frame('Live view', wide=True):
        try:
            workflow, draft = load_draft(actor, workflow_id_from(workflow_id) or 0)
        except NotFound as error:
            not_found(error.message)
            return

        @ui.refreshable
        def heading(workflow: Workflow) -> None:
            with ui.row().classes('w-full items-center gap-2'):
                ui.label(f'Live view: {label(workflow)}').classes('text-h5').mark('workflow-name')
                ui.badge(STATE_LABELS[workflow.state], color=STATE_COLORS[workflow.state]).mark('state-badge')
                ui.space()
                ui.button('Edit', on_click=lambda: ui.navigate.to(f'/workflows/{workflow.id}')).props('flat')
            with ui.row().classes('items-center gap-4 text-grey-7'):
                ui.label(_subtitle(workflow)).mark('live-subtitle')
                state_note(workflow)
            if workflow.run_problem:
                ui.label(f'Skipped by the simulator: {workflow.run_problem}').classes('text-orange-9') \
                    .mark('run-problem')

        heading(workflow)
        params = request.query_params
        chosen = RangeChoice(range_from(params.get('range', '')), parse_date(params.get('from')),
                             parse_date(params.get('to')))

        async def follow(update: Update) -> None:
            """The simulator announces each tick's statistics; a range change asks for the figures too."""
            ids = update.workflow_ids()
            if not (update.asked or ids is None or workflow.id in ids):
                return
            if update.has(ChangeKind.UPDATED):
                heading.refresh(await Update.read(('workflow', workflow.id), get_workflow, actor, workflow.id))
            if update.asked or update.has(ChangeKind.STATISTICS):
                figures.show(await Update.read(('live', workflow.id, *chosen.query()), live_figures, actor,
                                               workflow.id, *chosen.query()))

        follower = follow_changes(actor.account_id, follow, frozenset({ChangeKind.STATISTICS, ChangeKind.UPDATED}))
        range_controls(chosen, workflow.account_id, lambda: _chosen(workflow.id, chosen, follower.ask))
        names = {**pickers(actor), 'form': draft.forms}
        figures = FiguresView(draft, names, live_figures(actor, workflow.id, *chosen.query()))


@dataclass
class RangeChoice:
    """The range shown: a preset (days, 0 for all) or :data:`CUSTOM` from ``first`` to ``last``."""

    days: int
    first: date | None = None
    last: date | None = None

    def problem(self) -> str | None:
        if self.days != CUSTOM or self.first is None or self.last is None:
            return None
        return range_problem(self.first, self.last)

    def query(self) -> tuple[int | None, tuple[date, date] | None]:
        """``live_figures``'s days and between; an incomplete or refused custom range shows the default's."""
        if self.days != CUSTOM:
            return self.days or None, None
        if self.first is None or self.last is None or self.problem():
            return DEFAULT_RANGE, None
        return None, (self.first, self.last)

    def address(self, workflow_id: int) -> str:
        custom = f'&from={self.first}&to={self.last}' if self.days == CUSTOM and self.first and self.last else ''
        return f'/workflows/{workflow_id}/live?range={RANGE_PARAMS[self.days]}{custom}'


def range_controls(chosen: RangeChoice, account_id: int, changed: Callable[[], None]) -> None:
    """The presets, and for `Custom` a from/to pair, first filled with the last days of the account's clock; a
    range ending before it starts is refused with a message."""
    def pick(days: int) -> None:
        chosen.days = days
        if days == CUSTOM and (chosen.first is None or chosen.last is None):
            chosen.last = clock.now(account_id).date()
            chosen.first = chosen.last - timedelta(days=DEFAULT_RANGE - 1)
            first.value, last.value = chosen.first.isoformat(), chosen.last.isoformat()
        custom.set_visibility(days == CUSTOM)
        show()

    def dates() -> None:
        chosen.first, chosen.last = parse_date(first.value), parse_date(last.value)
        show()

    def show() -> None:
        problem.set_text(chosen.problem() or '')
        problem.set_visibility(bool(chosen.problem()))
        if not chosen.problem():
            changed()

    with ui.row().classes('items-center gap-3'):
        ui.toggle(RANGES, value=chosen.days, on_change=lambda e: pick(e.value)).mark('range')
        with ui.row().classes('items-center gap-2') as custom:
            first = ui.input('From', value=chosen.first.isoformat() if chosen.first else '', on_change=dates) \
                .props('type=date outlined dense stack-label').mark('range-from')
            last = ui.input('To', value=chosen.last.isoformat() if chosen.last else '', on_change=dates) \
                .props('type=date outlined dense stack-label').mark('range-to')
        custom.set_visibility(chosen.days == CUSTOM)
    problem = ui.label(chosen.problem() or '').classes('text-negative').mark('range-problem')
    problem.set_visibility(bool(chosen.problem()))


def _chosen(workflow_id: int, chosen: RangeChoice, ask: Callable[[], None]) -> None:
    ui.navigate.history.replace(chosen.address(workflow_id))
    ask()


def range_from(param: str) -> int:
    """The range an address asks for; anything unknown is the default 30 days."""
    return next((days for days, text in RANGE_PARAMS.items() if text == param.strip().lower()), DEFAULT_RANGE)


def _subtitle(workflow: Workflow) -> str:
    if workflow.state == ACTIVE:
        return f'Started {when(workflow.started_at)} · updates every few seconds'
    if workflow.state == 'paused':
        return f'Paused {when(workflow.paused_at)}: no one new enters, contacts wait where they are'
    if workflow.state == 'finalized':
        return 'Final figures'
    return 'Not started yet'


class FiguresView:
    """Totals, the canvas with each node's counts, and the chart: drawn once, then every tick sets the new
    numbers in place (the canvas and the chart are sent again only when what they show changed)."""

    def __init__(self, draft: Draft, names: dict[str, dict[int, str]], data: LiveFigures) -> None:
        self.draft = draft
        self.names = names
        self.no_data = ui.label('No figures yet: they appear as soon as a contact enters the workflow.') \
            .classes('text-grey-7').mark('no-data')
        self.totals: dict[str, ui.label] = {}
        with ui.row().classes('w-full gap-3').mark('totals'):
            for key, caption in TOTALS:
                with ui.card().props('flat bordered').classes('q-pa-sm min-w-28'):
                    ui.label(caption).classes('text-caption text-grey-7')
                    self.totals[key] = ui.label().classes('text-h6').mark(f'total-{key}')
        self.counts: dict[str, ui.label] = {}
        with ui.row().classes('stack-phone w-full no-wrap items-start gap-4'):
            with ui.card().props('flat bordered').classes('grow min-w-0 overflow-hidden').style('padding: 0'):
                self.canvas = FlowCanvas(VIEW).classes('w-full').mark('live-graph') \
                    .style('height: calc(100vh - 390px); min-height: 460px')
            with ui.column().classes('w-5/12 shrink-0 gap-4'):
                with ui.card().props('flat bordered').classes('w-full'):
                    self.chart = ui.echart(_chart_options(data)).classes('w-full h-72').mark('chart')
                with ui.card().props('flat bordered').classes('w-full gap-0'):
                    ui.label('Per node').classes('text-subtitle1')
                    for key in draft.nodes:
                        with ui.row().classes('w-full items-baseline no-wrap gap-2 q-py-xs').mark(f'node-{key}'):
                            ui.label(node_title(draft, key)).classes('text-weight-medium w-40 shrink-0')
                            self.counts[key] = ui.label().classes('text-caption text-grey-8') \
                                .mark(f'counts-{key}')
        self.show(data)

    def show(self, data: LiveFigures) -> None:
        self.no_data.set_visibility(not data.per_node)
        for key, total in self.totals.items():
            value = data.totals.get(key, 0)
            total.set_text(f'{value:,.2f} €' if key == 'revenue' else f'{int(value):,}')
        for key, counts in self.counts.items():
            counts.set_text(_counts_text(self.draft.nodes[key].kind, data.per_node.get(key, {}),
                                        data.waiting.get(key, 0)))
        self.canvas.show(*cards(self.draft, [], self.names, _node_counts(self.draft, data)))
        options = _chart_options(data)
        if self.chart.options != options:
            self.chart.options.clear()
            self.chart.options.update(options)
            self.chart.update()


def _node_counts(draft: Draft, data: LiveFigures) -> dict[str, list[dict]]:
    """The figures each card shows: how many entered and wait there now, and what a message did."""
    shown = {}
    for key, node in draft.nodes.items():
        counts = data.per_node.get(key, {})
        figures = [('entered', 'in', counts.get('entered', 0)), ('waiting', 'waiting', data.waiting.get(key, 0))]
        if node.kind.startswith('send_'):
            figures += [('opened', 'opened', counts.get('opened', 0)), ('clicked', 'clicked', counts.get('clicked', 0))]
        if counts.get('conversions'):
            figures.append(('conversions', 'conversions', counts['conversions']))
        shown[key] = [{'key': name, 'label': label, 'value': f'{int(value):,}'} for name, label, value in figures]
    return shown


def _counts_text(kind: str, counts: dict[str, float], waiting: int) -> str:
    """One node's counts, e.g. '120 entered · 4 waiting · 116 completed · 116 sent · …'."""
    parts = [f'{int(counts.get("entered", 0)):,} entered', f'{waiting:,} waiting',
             f'{int(counts.get("completed", 0)):,} completed']
    if kind.startswith('send_'):
        parts += [f'{int(counts.get("sent", 0)):,} sent', f'{int(counts.get("opened", 0)):,} opened',
                  f'{int(counts.get("clicked", 0)):,} clicked']
        if counts.get('overridden'):
            parts.append(f'{int(counts["overridden"]):,} overridden')
    if kind.startswith('send_') or counts.get('conversions') or counts.get('revenue'):
        parts += [f'{int(counts.get("conversions", 0)):,} conversions', f'{counts.get("revenue", 0):,.2f} € revenue']
    return ' · '.join(parts)


def _chart_options(data: LiveFigures) -> dict:
    return {
        'tooltip': {'trigger': 'axis'},
        'legend': {'data': ['Entered', 'Sent', 'Opened', 'Clicked', 'Conversions']},
        'xAxis': {'type': 'category', 'data': [day.isoformat() for day in data.days]},
        'yAxis': {'type': 'value'},
        'series': [{'name': name.capitalize(), 'type': 'line', 'smooth': True, 'showSymbol': False,
                    'data': values} for name, values in data.series.items()],
    }
