"""Contacts, journeys and per-node daily statistics (docs/product.md §10): what the simulator writes and Live
view reads."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import EXCLUDED, chunked, fn

from model.access.gate import Actor
from model.common.clock import clock
from model.common.errors import Invalid
from model.storage.schema import Journey, NodeStat, Workflow
from model.workflows.lifecycle import get_workflow

MAX_RANGE_DAYS = 1096  # a custom range in Live view: one chart point per day
COUNTERS = ('entered', 'completed', 'exited', 'sent', 'opened', 'clicked', 'conversions', 'overridden')


@dataclass
class Tally:
    """Counters gathered during a tick, written in one batch by :func:`flush`."""

    counts: dict[tuple[int, str, date], dict[str, float]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(float)))
    day_of: Callable[[int], date] = lambda workflow_id: clock.now().date()  # today by the workflow's account clock

    def add(self, workflow_id: int, node_key: str, counter: str, amount: float = 1, day: date | None = None) -> None:
        self.counts[(workflow_id, node_key, day or self.day_of(workflow_id))][counter] += amount


def flush(tally: Tally) -> None:
    """Upsert the tally in chunks: one statement per 200 (workflow, node, day) rows."""
    rows = [{'workflow': w, 'node_key': k, 'day': d, **{c: int(v.get(c, 0)) for c in COUNTERS},
             'revenue': round(v.get('revenue', 0), 2)} for (w, k, d), v in tally.counts.items()]
    update = {getattr(NodeStat, c): getattr(NodeStat, c) + getattr(EXCLUDED, c) for c in (*COUNTERS, 'revenue')}
    for chunk in chunked(rows, 200):
        (NodeStat
         .insert_many(chunk)
         .on_conflict(conflict_target=[NodeStat.workflow, NodeStat.node_key, NodeStat.day], update=update)
         .execute())
    workflow_ids = {w for w, _, _ in tally.counts}
    if workflow_ids:
        Workflow.update(has_data=True).where(Workflow.id.in_(list(workflow_ids)) & ~Workflow.has_data).execute()


@dataclass
class LiveFigures:
    totals: dict[str, float]
    per_node: dict[str, dict[str, float]]
    waiting: dict[str, int]
    days: list[date]
    series: dict[str, list[float]]


def range_problem(first: date, last: date) -> str | None:
    """Why a custom range cannot be shown (its end before its start, or longer than the chart can draw), or None."""
    if last < first:
        return f'The range ends ({last.isoformat()}) before it starts ({first.isoformat()}): choose a later end'
    if (last - first).days >= MAX_RANGE_DAYS:
        return f'A range covers at most {MAX_RANGE_DAYS:,} days (about 3 years): choose a shorter one'
    return None


def live_figures(actor: Actor, workflow_id: int, days: int | None,
                 between: tuple[date, date] | None = None) -> LiveFigures:
    """Totals, per-node counts and a daily series over the last ``days`` (None: since the first figure), or over
    ``between`` (first and last day, both included) when given.

    Every figure but "waiting now" counts only the days in the range.
    """
    if between is not None and (problem := range_problem(*between)):
        raise Invalid(problem)
    workflow = get_workflow(actor, workflow_id)
    today = clock.now(actor.account_id).date()
    query = NodeStat.select().where(NodeStat.workflow == workflow.id)
    if between is not None:
        query = query.where(NodeStat.day.between(*between))
    elif days:
        query = query.where(NodeStat.day >= today - timedelta(days=days - 1))
    rows = list(query)
    per_node: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        for counter in (*COUNTERS, 'revenue'):
            per_node[row.node_key][counter] += getattr(row, counter)
    waiting = {row.at: row.count for row in (Journey  # type: ignore[attr-defined]
                                              .select(Journey.at, fn.COUNT(Journey.id).alias('count'))
                                              .where(Journey.workflow == workflow.id)
                                              .group_by(Journey.at))}
    totals = {counter: sum(node[counter] for node in per_node.values()) for counter in (*COUNTERS, 'revenue')}
    totals['entered'] = per_node.get('start', {}).get('entered', 0)
    totals['waiting'] = sum(waiting.values())
    first = min((row.day for row in rows), default=today)
    start, end = between or (today - timedelta(days=days - 1) if days else first, today)
    calendar = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    series = {name: [0.0] * len(calendar) for name in ('entered', 'sent', 'opened', 'clicked', 'conversions')}
    index = {day: n for n, day in enumerate(calendar)}
    for row in rows:
        if row.day in index:
            series['entered'][index[row.day]] += row.entered if row.node_key == 'start' else 0
            for name in ('sent', 'opened', 'clicked', 'conversions'):
                series[name][index[row.day]] += getattr(row, name)
    return LiveFigures(totals, {k: dict(v) for k, v in per_node.items()}, waiting, calendar, series)
