"""Live view of an active demo workflow in a real Chromium, with the simulator running fast."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Server, admin_page


@pytest.fixture
def busy_server(tmp_path: Path):
    running = Server(tmp_path, SIMULATOR='1', SIMULATOR_SECONDS='0.5')
    yield running
    running.stop()


def entered_total(page: Page) -> int:
    return int(page.locator('.q-card').filter(has_text='Entered').locator('.text-h6').first.inner_text()
               .replace(',', ''))


def test_live_view_counts_move_while_the_simulator_runs(browser: Browser, busy_server: Server) -> None:
    page = admin_page(browser, busy_server, '/?size=100')  # no sign-in form: the server is busy with the simulator
    row = page.locator('.workflow-row').filter(has=page.get_by_role('link', name='Abandoned cart – 2 hours',
                                                                        exact=True))
    row.get_by_role('button', name='More').click()
    page.locator('.q-menu').get_by_text('Live view', exact=True).click()
    expect(page.get_by_text('Live view: Abandoned cart – 2 hours')).to_be_visible(timeout=15_000)  # a busy server
    expect(page.locator('canvas').first).to_be_visible()  # the ECharts chart
    first = entered_total(page)
    page.wait_for_function(
        f"""() => {{
            const card = [...document.querySelectorAll('.q-card')].find(c => c.innerText.startsWith('Entered'));
            return card && Number(card.querySelector('.text-h6').innerText.replace(/,/g, '')) > {first};
        }}""", timeout=20_000)
    assert entered_total(page) > first
    page.context.close()


def test_live_view_shows_each_nodes_counts_on_the_canvas(page: Page, server: Server) -> None:
    page.goto(server.url + '/?size=100')
    page.get_by_role('link', name='Welcome series', exact=True).click()
    page.get_by_role('button', name='Live view').click()
    expect(page.get_by_text('Live view: Welcome series')).to_be_visible()
    start = page.locator('.vue-flow__node[data-id="start"]')
    expect(start).to_contain_text('Start')
    entered = start.locator('[data-count="entered"]')
    expect(entered).to_have_text(re.compile(r'^[\d,]+ in$'))
    assert int(entered.inner_text().split()[0].replace(',', '')) == entered_total(page)
    expect(page.locator('.vue-flow__node').first.locator('[data-count="waiting"]')).to_be_visible()
    expect(page.locator('.vue-flow__node.draggable')).to_have_count(0)  # read-only
