"""`python -m bench.peer`: this project's Workflows list beside n8n's own list page, on the same workflows.

Installs n8n (pinned, bench/n8n.py) into a scratch folder, loads the same 10,000 and 100 workflow names into both,
and times each interaction inside the page (``performance.now()`` from the input or click event to the DOM
change) in headless Chromium, in interleaved rounds (ours, then n8n's, then ours…); prints the medians and their
ratio with the machine's load average. ``--busy`` keeps every core busy meanwhile (one spinning process per core).
``--scratch`` keeps n8n's install between runs (about 2 GB; the first install takes minutes). Not part of the
test suite.
"""

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, sync_playwright

from bench.browser import CHROMIUM, FLAGS, running_app, sign_in
from bench.dataset import build
from bench.interaction import TIMEOUT_MS
from bench.n8n import N8N_VERSION, N8n, install
from model.jobs.startup import open_database
from model.storage.db import close_database
from model.storage.schema import Workflow

PAGE_SIZE = 50  # n8n's default; ours is set to it in the address


@dataclass(frozen=True)
class ListPage:
    """Where each list keeps what a person looks at: rows, each row's name, the search field (CSS selectors), the
    next-page arrow (a JavaScript expression)."""
    path: str
    rows: str
    name: str
    search: str
    next: str
    search_by_words: bool = False  # n8n shows names holding every word of the search; ours, the whole phrase

    def matches(self, name: str, term: str) -> bool:
        words = term.lower().split() if self.search_by_words else [term.lower()]
        return all(word in name.lower() for word in words)


OURS = ListPage(path=f'?sort=name&size={PAGE_SIZE}', rows='.workflow-row', name='a',
                search='input[aria-label="Search"]',
                next="[...document.querySelectorAll('.q-pagination button')]"
                     ".find((b) => /chevron_right|keyboard_arrow_right/.test(b.textContent))")
N8N = ListPage(path='home/workflows', rows='[data-test-id="resources-list-item-workflow"]',
               name='[data-test-id="workflow-card-name"]',
               search=':is([data-test-id="resources-list-search"] input, input[data-test-id="resources-list-search"])',
               next='document.querySelector(\'[data-test-id="pagination-next"]\')',
               search_by_words=True)

# In-page helpers: rows and names by the page's own selectors; a promise that resolves when a condition holds; a
# click timed until a condition holds.
HELPERS = """
window.__list = LIST;
window.__rows = () => [...document.querySelectorAll(__list.rows)];
window.__next = () => NEXT;
window.__matches = (row, term) => (__list.search_by_words ? term.split(' ') : [term])
    .every((word) => __name(row).toLowerCase().includes(word.toLowerCase()));
window.__name = (row) => row.querySelector(__list.name)?.textContent.trim() ?? '';
window.__when = (condition) => new Promise((resolve) => {
    const check = () => { if (condition()) { observer.disconnect(); resolve(performance.now()); } };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => { observer.disconnect(); resolve(-1); }, TIMEOUT);
});
window.__clickUntil = async (element, condition) => {  // ms from the click until the condition holds; -1: never
    const seen = __when(condition);
    const clicked = performance.now();
    element.click();
    const at = await seen;
    return at < 0 ? -1 : at - clicked;
};
""".replace('TIMEOUT', str(TIMEOUT_MS))

INTERACTIONS = {'first_row': 'new tab → first row', 'search': 'typed search → exactly its matches',
                'next_page': 'next page → a full page of new rows', 'activate': 'activate click → new state shown'}


@dataclass
class Side:
    """One application under measurement: its URL, its list's selectors, a signed-in browser context, its timings."""
    url: str
    selectors: ListPage
    context: BrowserContext
    names: list[str]
    timings: dict[str, list[float]] = field(default_factory=lambda: {key: [] for key in INTERACTIONS})
    page: Page = field(init=False)

    @property
    def full_page(self) -> int:
        return min(PAGE_SIZE, len(self.names))

    def round(self, term: str, activate: Callable[['Side'], float]) -> None:
        self.timings['first_row'].append(self.open_list())
        self.timings['search'].append(self.search(term))
        self.timings['next_page'].append(self.next_page())
        self.timings['activate'].append(activate(self))

    def open_list(self) -> float:
        """A new tab until the first row shows (wall clock, as a person waits for it); the tab stays for the round."""
        if hasattr(self, 'page'):
            self.page.close()
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        started = time.perf_counter()
        self.page.goto(self.url + self.selectors.path)
        self.page.locator(self.selectors.rows).first.wait_for()
        elapsed = (time.perf_counter() - started) * 1000
        self.page.wait_for_function('(n) => __rows().length === n', arg=self.full_page)
        return elapsed

    def search(self, term: str) -> float:
        """Type all but the last character and wait for its rows; then time the last keystroke until the list shows
        exactly the rows that match ``term`` (as many as fit on a page). Clears the field afterwards."""
        matches = min(PAGE_SIZE, sum(self.selectors.matches(name, term) for name in self.names))
        field = self.page.locator(self.selectors.search)
        field.fill(term[:-1])
        self.page.wait_for_function('(t) => __rows().length && __rows().every((r) => __matches(r, t))', arg=term[:-1])
        self.page.evaluate("""([term, matches]) => {
            const input = document.activeElement;
            window.__typed = new Promise((resolve) => input.addEventListener('keydown', () => {
                const pressed = performance.now();
                __when(() => __rows().length === matches && __rows().every((r) => __matches(r, term)))
                    .then((seen) => resolve(seen < 0 ? -1 : seen - pressed));
            }, {once: true, capture: true}));
        }""", [term, matches])
        self.page.keyboard.type(term[-1])
        elapsed = self.page.evaluate('window.__typed')
        field.fill('')
        self.page.wait_for_function('(n) => __rows().length === n', arg=self.full_page)
        return elapsed

    def next_page(self) -> float:
        """From the first page, click the next-page arrow; time until the page shows a full page of other rows."""
        return self.page.evaluate("""(size) => {
            const before = new Set(__rows().map(__name));
            const turned = () => __rows().length === size && __rows().every((r) => !before.has(__name(r)));
            return __clickUntil(__next(), turned);
        }""", self.full_page)


def start_a_row(side: Side) -> float:
    """Ours: click `Start` on the first row offering it; time until that row shows `Active`."""
    return side.page.evaluate("""() => {
        const start = (row) => [...row.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Start');
        const row = __rows().find(start);
        const name = __name(row);
        return __clickUntil(start(row), () => {
            const now = __rows().find((r) => __name(r) === name);
            return now && [...now.querySelectorAll('.q-badge')].some((b) => b.textContent.trim() === 'Active');
        });
    }""")


def publish_a_workflow(side: Side) -> float:
    """n8n 2.x activates ("publishes") a workflow in its editor: open the first unpublished card's workflow, open
    the publish dialog, then time the click on `Publish` until the editor shows the workflow published."""
    page = side.page
    card = page.locator(side.selectors.rows).filter(
        has_not=page.locator('[data-test-id="workflow-card-publish-indicator"]')).first
    card.locator(side.selectors.name).click()
    page.locator('[data-test-id="workflow-open-publish-modal-button"]').click()
    page.wait_for_function('document.querySelector(\'[data-test-id="workflow-publish-button"]:not([disabled])\')')
    return page.evaluate("""() => {
        const opener = () => document.querySelector('[data-test-id="workflow-open-publish-modal-button"]');
        const publish = () => document.querySelector('[data-test-id="workflow-publish-button"]');
        const before = opener().textContent;
        return __clickUntil(publish(), () => !publish() && opener() && opener().textContent !== before);
    }""")


def names_of(database: Path, size: int) -> list[str]:
    open_database(f'sqlite:///{database}')
    try:
        if not Workflow.select().exists():
            build(size)
        return [workflow.name for workflow in Workflow.select(Workflow.name).order_by(Workflow.id)]
    finally:
        close_database()


def search_term(size: int, round_number: int) -> str:
    """A term with about ten matches, another in each round (their answers are not cached)."""
    return f'campaign {123 + 111 * round_number}' if size > 1000 else f'campaign {1 + round_number % 9}'


def measure(size: int, rounds: int, scratch: Path, node: Path) -> tuple[Side, Side]:
    names = names_of(scratch / f'ours-{size}.db', size)
    database = scratch / f'ours-{size}-this-run.db'  # every run starts from the same workflows (a run starts some)
    shutil.copyfile(scratch / f'ours-{size}.db', database)
    peer = N8n(node, scratch / f'n8n-home-{size}', names)
    peer.load()
    with ExitStack() as stack:
        ours_url = stack.enter_context(running_app(database))
        n8n_url = stack.enter_context(peer.running())
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        ours = Side(ours_url, OURS, _context(browser, OURS), names)
        sign_in(ours.context.new_page(), ours_url)
        n8n = Side(n8n_url, N8N, _context(browser, N8N), names)
        peer.sign_in(n8n.context)
        for number in range(rounds):
            term = search_term(size, number)
            ours.round(term, start_a_row)
            n8n.round(term, publish_a_workflow)
            print(f'  {size:,} workflows: round {number + 1} of {rounds} done', flush=True)
        browser.close()
    return ours, n8n


def _context(browser, list_page: ListPage) -> BrowserContext:
    context = browser.new_context(viewport={'width': 1400, 'height': 1000})
    context.add_init_script(HELPERS.replace('LIST', json.dumps(asdict(list_page))).replace('NEXT', list_page.next))
    return context


def table(results: dict[int, tuple[Side, Side]]) -> list[str]:
    lines = ['| interaction | workflows | this project (ms) | n8n (ms) | ratio |', '|---|---|---|---|---|']
    for size, (ours, n8n) in results.items():
        for key, label in INTERACTIONS.items():
            mine, theirs = _median(ours.timings[key]), _median(n8n.timings[key])
            ratio = f'{mine / theirs:.2f}' if mine and theirs else '–'
            lines.append(f'| {label} | {size:,} | {_ms(mine)} | {_ms(theirs)} | {ratio} |')
    return lines


def _median(values: list[float]) -> float | None:
    measured = [value for value in values if value >= 0]
    return statistics.median(measured) if measured and len(measured) == len(values) else None


def _ms(value: float | None) -> str:
    return f'{value:,.0f}' if value is not None else '–'


def _spin() -> None:
    while True:
        pass


@contextmanager
def busy_cores(busy: bool) -> Iterator[None]:
    """With ``busy``, one spinning process per core while the rounds run."""
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(os.cpu_count() or 1)] if busy else []
    for spinner in spinners:
        spinner.start()
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.terminate()


def main() -> None:
    parser = argparse.ArgumentParser(prog='python -m bench.peer')
    parser.add_argument('--scratch', type=Path, default=Path(tempfile.gettempdir()) / 'workflows-area-peer',
                        help='where n8n is installed and both databases kept between runs')
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--busy', action='store_true', help='keep every core busy while measuring')
    options = parser.parse_args()
    node = install(options.scratch)
    results = {}
    with busy_cores(options.busy):
        load_before = os.getloadavg()[0]
        for size in (10_000, 100):
            results[size] = measure(size, options.rounds, options.scratch, node)
        load_after = os.getloadavg()[0]
    print(f'n8n {N8N_VERSION}; {options.rounds} interleaved rounds; {os.cpu_count()} cores'
          f'{", all kept busy" if options.busy else ""}; load average {load_before:.1f} → {load_after:.1f}')
    print('\n'.join(table(results)))


if __name__ == '__main__':
    main()
