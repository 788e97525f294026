"""`python -m bench.versions [DATABASE_URL]`: what version history costs (docs/benchmarks.md, "Version history").

Saves of a 200-node workflow with and without recording a version, the list of 500 versions, a compare of two
200-node versions, and 10,000 edits of one workflow over a year with the sweep's pruning. Without a URL it runs
on a temporary SQLite file; give a PostgreSQL URL to measure there.
"""

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from datetime import timedelta
from unittest import mock

from peewee import fn

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.jobs.startup import open_database
from model.storage.schema import Content, Node, WorkflowVersion
from model.workflows import editing
from model.workflows.editing import load_draft, save_draft
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import new_workflow
from model.workflows.versions import compare_versions, list_versions, prune_versions, record_version

RUNS = 15
BODY = '<p>Hello {name}, here is what we picked for you this week: new arrivals, our best sellers and a gift.</p>' * 3


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def workflow_of(actor: Actor, nodes: int, name: str) -> int:
    """Start, then alternating waits and emails (each with its own content) in one chain: ``nodes`` in all."""
    workflow = new_workflow(actor.account_id, name, description='A long nurture sequence', origin='blank')
    specs = [NodeSpec('start', 'start', {'selection': 'with email', 'data_source': 'existing'}, {'next': 'n1'})]
    for index in range(1, nodes):
        links = {'next': f'n{index + 1}'} if index < nodes - 1 else {}
        if index % 2:
            specs.append(NodeSpec(f'n{index}', 'wait', {'duration_hours': 24}, links, x=0, y=index * 120))
        else:
            content = Content.create(workflow=workflow, channel='email', name=f'Email {index}',
                                     subject=f'Week {index}: picked for you', body=BODY)
            specs.append(NodeSpec(f'n{index}', 'send_email', {'content': content.id}, links, x=0, y=index * 120))
    build_nodes(workflow, specs)
    refresh_derived(workflow)
    record_version(workflow.id, actor.person_id, 'Created')
    return workflow.id


def save_figures(actor: Actor, workflow_id: int) -> dict[str, float]:
    """Median wall and CPU time of a save (the database is in-process for SQLite: CPU counts it too)."""
    hours = iter(range(1, 10_000))
    figures = {}
    for label, patch in (('without recording', True), ('recording a version', False)):
        wall: list[float] = []
        cpu: list[float] = []
        with mock.patch.object(editing, 'record_version', lambda *args, **kwargs: None) if patch else nullcontext():
            for _ in range(RUNS):
                workflow, draft = load_draft(actor, workflow_id)
                draft.nodes['n1'].config['duration_hours'] = next(hours)
                started, started_cpu = time.perf_counter(), time.process_time()
                save_draft(actor, workflow_id, workflow.version, draft)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        figures[f'save, 200 nodes, {label} (wall ms)'] = statistics.median(wall)
        figures[f'save, 200 nodes, {label} (CPU ms)'] = statistics.median(cpu)
    return figures


def list_and_compare(actor: Actor, workflow_id: int) -> dict[str, float]:
    for index in range(latest(workflow_id), 500):  # up to 500 versions, each changing a wait and an email
        Node.update(config={'duration_hours': index + 1000}).where((Node.workflow == workflow_id)
                                                               & (Node.key == f'n{1 + 2 * (index % 99)}')).execute()
        record_version(workflow_id, actor.person_id)
    versions = list_versions(actor, workflow_id)
    assert len(versions) == 500, len(versions)
    first, last = versions[-1].id, versions[0].id
    return {'version list, 500 versions': median_ms(lambda: list_versions(actor, workflow_id)),
            'compare two 200-node versions': median_ms(lambda: compare_versions(actor, workflow_id, first, last))}


def ten_thousand_edits(actor: Actor, nodes: int) -> dict[str, float]:
    """10,000 edits over a year (about 27 a day), the sweep pruning once a simulated hour."""
    workflow_id = workflow_of(actor, nodes, f'Edited 10,000 times ({nodes} nodes)')
    started = clock.now()
    prune_times = []
    for edit in range(10_000):
        clock.freeze(started + timedelta(minutes=53 * edit))
        Node.update(config={'duration_hours': edit % 500 + 1}).where((Node.workflow == workflow_id)
                                                                    & (Node.key == 'n1')).execute()
        record_version(workflow_id, actor.person_id)
        if edit % 2 == 0:  # about once a simulated hour
            begin = time.perf_counter()
            prune_versions()
            prune_times.append((time.perf_counter() - begin) * 1000)
    prune_versions()  # the sweep after the last edit
    kept = WorkflowVersion.select().where(WorkflowVersion.workflow == workflow_id)
    size = sum(len(bytes(v.content)) + len(v.summary) + 40 for v in kept)  # content, summary, columns and index
    return {f'10,000 edits, {nodes} nodes: versions kept': kept.count(),
            f'10,000 edits, {nodes} nodes: kept size (MB, 10^6 bytes)': size / 1_000_000,
            f'10,000 edits, {nodes} nodes: median prune (ms)': statistics.median(prune_times)}


def latest(workflow_id: int) -> int:
    return WorkflowVersion.select(fn.COUNT(WorkflowVersion.id)).where(WorkflowVersion.workflow == workflow_id) \
        .scalar() or 0


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f'sqlite:///{tempfile.mkdtemp(prefix="versions-bench-")}/bench.db'
    open_database(url)
    actor = create_account_with_admin('Versions bench', 'bench@example.com', 'Bench')
    big = workflow_of(actor, 200, 'Nurture, 200 nodes')
    figures: dict[str, float] = {}
    figures |= save_figures(actor, big)
    figures |= list_and_compare(actor, big)
    figures |= ten_thousand_edits(actor, 20)
    figures |= ten_thousand_edits(actor, 200)
    print(f'| measure ({url.split(":")[0]}) | figure |\n|---|---|')
    for name, value in figures.items():
        print(f'| {name} | {value:,.1f} |')


if __name__ == '__main__':
    main()
