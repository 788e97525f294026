"""Canvas figures: a 200-node workflow opening to an interactive canvas, frames per second while a node is
dragged, the server's time to store a move, a connection and a `Tidy up` of every node, and the gzipped size
of the canvas bundle.

`python -m bench.canvas [--runs N]` builds a database with one 200-node draft, measures, and prints the table
of docs/benchmarks.md (about a minute).
"""

import argparse
import gzip
import itertools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.browser import CHROMIUM, FLAGS, ROOT, running_app, sign_in
from bench.dataset import BENCH_EMAIL, BENCH_PASSWORD
from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.jobs.startup import open_database
from model.storage.db import close_database
from model.storage.schema import Workflow
from model.workflows.editing import load_draft, move_edit, reconnect_edit, save_canvas_edit
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import new_workflow

NODES = 200
LANES = 5  # Start → Split → five lanes of 39 steps
BUNDLE = ROOT / 'ui' / 'canvas' / 'dist' / 'canvas.js'
READY = """(count) => {
    // Every card in view drawn and measured, at the opening zoom: a large workflow draws only what is in view.
    const nodes = [...document.querySelectorAll('.vue-flow__node')];
    const pane = document.querySelector('.vue-flow__transformationpane');
    const scale = pane ? new DOMMatrix(getComputedStyle(pane).transform).a : 0;
    const drawn = nodes.length > 0 && nodes.every((node) => node.style.visibility !== 'hidden' && node.offsetWidth);
    if (!drawn || (count > 40 && scale < 0.59) || (count <= 40 && nodes.length !== count)) return false;
    window.__drawn = nodes.length;
    return true;
}"""
SCALE = "() => new DOMMatrix(getComputedStyle(document.querySelector('.vue-flow__transformationpane')).transform).a"
FRAMES = """() => { window.__frames = []; const tick = (t) => { window.__frames.push(t);
    if (!window.__stop) requestAnimationFrame(tick); }; window.__stop = false; requestAnimationFrame(tick); }"""


def two_hundred_nodes(actor: Actor) -> Workflow:
    """Start → Split (five branches) → five lanes of waits, emails and conditions; laid out like an import."""
    workflow = new_workflow(actor.account_id, 'Two hundred nodes', origin='blank')
    lane_length = (NODES - 2) // LANES
    specs = [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'existing'}, {'next': 'split'}),
             NodeSpec('split', 'split', {'percentages': [20] * LANES},
                      {str(lane + 1): f'l{lane}s0' for lane in range(LANES)})]
    for lane in range(LANES):
        for step in range(lane_length):
            key, following, after = f'l{lane}s{step}', f'l{lane}s{step + 1}', f'l{lane}s{step + 2}'
            last = step == lane_length - 1
            if step % 5 == 4 and step < lane_length - 2:
                specs.append(NodeSpec(key, 'in_segment', {}, {'yes': following, 'no': after}))
            else:
                kind = 'wait' if step % 2 else 'send_email'
                specs.append(NodeSpec(key, kind, {'duration_hours': 24} if kind == 'wait' else {},
                                      {} if last else {'next': following}))
    specs += [NodeSpec(f'extra{index}', 'wait', {'duration_hours': 1}) for index in range(NODES - len(specs))]
    build_nodes(workflow, specs)
    refresh_derived(workflow)
    return Workflow.get_by_id(workflow.id)


def server_ms(actor: Actor, workflow_id: int, runs: int) -> dict[str, list[float]]:
    """The services a canvas change calls, timed in this process on the same database file."""
    times: dict[str, list[float]] = {'move': [], 'connect': [], 'tidy': []}

    def timed(name: str, make: Callable) -> None:
        workflow, draft = load_draft(actor, workflow_id)
        edit = make(draft)
        start = time.perf_counter()
        save_canvas_edit(actor, workflow_id, workflow.version, edit)
        times[name].append((time.perf_counter() - start) * 1000)

    for run in range(runs):
        timed('move', lambda draft, run=run: move_edit(draft, {'l2s10': (run * 10, 4000)}))
        timed('connect', lambda draft: reconnect_edit(draft, 'l0s38', 'next', 'extra0'))
        timed('connect', lambda draft: reconnect_edit(draft, 'l0s38', 'next', None))
        timed('tidy', lambda draft, run=run: move_edit(draft, {key: (node.x + (1 if run % 2 else -1), node.y)
                                                               for key, node in draft.nodes.items()}))
    return times


def small(actor: Actor) -> Workflow:
    """Start → Wait → Send email: the same page with little on the canvas, to tell the canvas's share."""
    workflow = new_workflow(actor.account_id, 'Three nodes', origin='blank')
    build_nodes(workflow, [NodeSpec('start', 'start', {'selection': 'all contacts'}, {'next': 'wait'}),
                           NodeSpec('wait', 'wait', {'duration_hours': 2}, {'next': 'email'}),
                           NodeSpec('email', 'send_email')])
    return workflow


def open_ms(page: Page, address: str, count: int) -> float:
    start = time.perf_counter()
    page.goto(address)
    page.wait_for_function(READY, arg=count, timeout=30_000)
    return (time.perf_counter() - start) * 1000


def fit_all_ms(page: Page) -> tuple[float, int]:
    """`Fit view` on the open 200-node workflow: every card drawn at the smallest zoom, and how many."""
    start = time.perf_counter()
    page.locator('.vue-flow__controls-fitview').click()
    page.wait_for_function(f"() => document.querySelectorAll('.vue-flow__node').length > {NODES // 2}",
                           timeout=30_000)
    return (time.perf_counter() - start) * 1000, page.evaluate("document.querySelectorAll('.vue-flow__node').length")


def drag_fps(page: Page) -> tuple[float, float]:
    """Frames per second while a node follows the mouse for about a second, and the longest frame (ms)."""
    zoom_in = page.locator('.vue-flow__controls-zoomin')
    while page.evaluate(SCALE) < 0.95 and zoom_in.is_enabled():  # zoom in to 1:1 around the middle
        zoom_in.click()
    node = page.locator('.vue-flow__node').filter(has_text='Wait').first
    box = node.bounding_box()
    assert box is not None
    x, y = box['x'] + box['width'] / 2, box['y'] + 20
    page.mouse.move(x, y)
    page.mouse.down()
    page.evaluate(FRAMES)
    start = time.perf_counter()
    step = 0
    while time.perf_counter() - start < 1.2:
        step += 1
        page.mouse.move(x + (step % 60) * 4, y + (step % 30) * 2)
    page.evaluate('() => { window.__stop = true; }')
    page.mouse.up()
    frames = page.evaluate('() => window.__frames')
    gaps = [b - a for a, b in itertools.pairwise(frames)]
    return (len(frames) - 1) / ((frames[-1] - frames[0]) / 1000), max(gaps)


def main() -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.canvas')
    parser.add_argument('--runs', type=int, default=5)
    runs = parser.parse_args().runs
    path = Path(tempfile.mkdtemp(prefix='workflows-canvas-')) / 'bench.db'
    open_database(f"sqlite:///{path}")
    actor = create_account_with_admin('Benchmark', BENCH_EMAIL, 'Bench', BENCH_PASSWORD)
    workflow_id, small_id = two_hundred_nodes(actor).id, small(actor).id
    times = server_ms(actor, workflow_id, runs * 4)
    close_database()
    with running_app(path) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={'width': 1440, 'height': 900})
        sign_in(context.new_page(), url)
        page = context.new_page()
        opened, baseline = [], []
        for _ in range(runs):  # interleaved, so that a busy moment weighs on both
            opened.append(open_ms(page, f'{url}workflows/{workflow_id}', NODES))
            drawn = page.evaluate('window.__drawn')
            baseline.append(open_ms(page, f'{url}workflows/{small_id}', 3))
        open_ms(page, f'{url}workflows/{workflow_id}', NODES)
        fitted, fitted_count = fit_all_ms(page)
        open_ms(page, f'{url}workflows/{workflow_id}', NODES)
        fps, longest = zip(*(drag_fps(page) for _ in range(3)), strict=True)
        browser.close()
    size = BUNDLE.stat().st_size
    packed = len(gzip.compress(BUNDLE.read_bytes(), compresslevel=9))
    print(f'| measure ({runs} runs; server: {runs * 4}) | median | worst | target |')
    print('|---|---|---|---|')
    print(f'| open a {NODES}-node workflow → the {drawn} cards in view drawn and measured (ms) '
          f'| {statistics.median(opened):,.0f} | {max(opened):,.0f} | ≤ 1,000 |')
    print(f'| the same page, 3-node workflow (ms) | {statistics.median(baseline):,.0f} | {max(baseline):,.0f} | |')
    print(f'| `Fit view` → {fitted_count} cards drawn at the smallest zoom (ms) | {fitted:,.0f} | | |')
    print(f'| dragging a node: frames per second | {statistics.median(fps):.0f} | {min(fps):.0f} | ≥ 30 |')
    print(f'| dragging a node: longest frame (ms) | {statistics.median(longest):.0f} | {max(longest):.0f} | |')
    for name, label in (('move', 'store a move (server, ms)'), ('connect', 'store a connection change (server, ms)'),
                        ('tidy', f'store a `Tidy up` of all {NODES} nodes (server, ms)')):
        target = '' if name == 'tidy' else '≤ 100'
        print(f'| {label} | {statistics.median(times[name]):.1f} | {max(times[name]):.1f} | {target} |')
    print(f'| canvas bundle (kB, gzipped) | {packed / 1000:.1f} | {size / 1000:.0f} unpacked | ≤ 300 |')


if __name__ == '__main__':
    main()
