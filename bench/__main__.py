"""`python -m bench`: build 100 / 10,000 / 100,000-workflow databases and print the medians of docs/product.md §15.

Not part of the test suite. Takes a few minutes on 2 cores; `python -m bench --quick` stops at 10,000.
"""

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.browser import BrowserFigures, measure_browser
from bench.dataset import build
from model.access.gate import Actor
from model.common.clock import clock
from model.jobs.startup import open_database
from model.storage.db import close_database
from model.storage.schema import Folder, Workflow
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.folders import folder_tree, move_workflows
from model.workflows.lifecycle import delete_many, duplicate_many, sweep_expired_pauses
from model.workflows.listing import ListQuery, count_matching, list_workflows

RUNS = 5


def median_ms(action: Callable[[], object], runs: int = RUNS, reset: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if reset:
            reset()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def server_figures(actor: Actor) -> dict[str, float]:
    folder = Folder.select().where(Folder.parent.is_null()).first()
    expiring = [w.id for w in Workflow.select(Workflow.id).where((Workflow.state == 'paused')
                                                                 & (Workflow.pause_expires_at <= clock.now()))]
    print(f'  {len(expiring):,} paused workflows expire at each sweep', flush=True)

    def unsweep() -> None:
        for start in range(0, len(expiring), 500):
            Workflow.update(state='paused').where(Workflow.id.in_(expiring[start:start + 500])).execute()

    return {
        'first list page': median_ms(lambda: list_workflows(actor, ListQuery())),
        'name search': median_ms(lambda: list_workflows(actor, ListQuery(search='crème outlet'))),
        'search with few matches': median_ms(lambda: list_workflows(actor, ListQuery(search='Campaign-9999'))),
        'state + folder filter': median_ms(lambda: list_workflows(actor, ListQuery(states=('active',),
                                                                                    folder=folder.id))),
        'counts per state and folder': median_ms(lambda: ([count_matching(actor, ListQuery(states=(s,)))
                                                           for s in ('draft', 'active', 'paused', 'finalized')],
                                                          folder_tree(actor))),
        'pause-expiry sweep (1% expiring)': median_ms(sweep_expired_pauses, reset=unsweep),
    }


def bulk_figures(actor: Actor) -> dict[str, float]:
    ids = [w.id for w in Workflow.select(Workflow.id).order_by(Workflow.id).limit(1000)]
    folder = Folder.select().order_by(Folder.id.desc()).first()
    figures = {}
    start = time.perf_counter()
    copies = duplicate_many(actor, ids)
    figures['duplicate 1,000'] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    delete_many(actor, [c.id for c in copies])
    figures['delete 1,000'] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    move_workflows(actor, ids, folder.id)
    figures['move 1,000 to a folder'] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    exported = export_workflows(actor, ids)
    figures['export 1,000 to one file'] = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    import_workflows(actor, exported.data or b'')
    figures['import that file'] = (time.perf_counter() - start) * 1000
    return figures


def main() -> None:
    sizes = (100, 10_000) if '--quick' in sys.argv else (100, 10_000, 100_000)
    table: dict[str, dict[int, float]] = {}
    browser: dict[int, BrowserFigures] = {}
    workdir = Path(tempfile.mkdtemp(prefix='workflows-bench-'))
    for size in sizes:
        path = workdir / f'bench-{size}.db'
        open_database(f'sqlite:///{path}')
        started = time.perf_counter()
        account_id = build(size)
        print(f'built {size:,} workflows in {time.perf_counter() - started:.1f} s', flush=True)
        actor = Actor(person_id=1, account_id=account_id, role='admin')
        for name, value in server_figures(actor).items():
            table.setdefault(name, {})[size] = value
        close_database()
        browser[size] = measure_browser(path)
        if size == sizes[-1]:
            open_database(f'sqlite:///{path}')
            for name, value in bulk_figures(actor).items():
                table.setdefault(name, {})[size] = value
            close_database()
    print_table(table, browser, sizes)


def print_table(table: dict[str, dict[int, float]], browser: dict[int, BrowserFigures], sizes: tuple) -> None:
    header = '| measure (median ms) | ' + ' | '.join(f'{s:,}' for s in sizes) + ' |'
    print(header)
    print('|' + '---|' * (len(sizes) + 1))
    for name, values in table.items():
        print(f'| {name} | ' + ' | '.join(f'{values[s]:.1f}' if s in values else '–' for s in sizes) + ' |')
    for label, attribute in (('browser: first rows visible', 'first_rows_ms'),
                             ('browser: typed search updated', 'search_ms')):
        print(f'| {label} | ' + ' | '.join(f'{getattr(browser[s], attribute):.0f}' for s in sizes) + ' |')
    for label, attribute in (('server RSS, 1 page (MB)', 'rss_one_mb'), ('server RSS, 20 pages (MB)', 'rss_twenty_mb'),
                             ('MB per extra page', 'per_page_mb')):
        print(f'| {label} | ' + ' | '.join(f'{getattr(browser[s], attribute):.1f}' for s in sizes) + ' |')


if __name__ == '__main__':
    main()
