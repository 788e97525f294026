"""Live view of an active demo workflow in a real Chromium, with the simulator running fast."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Server, signed_in_page


@pytest.fixture
def busy_server(tmp_path: Path):
    running = Server(tmp_path, SIMULATOR='1', SIMULATOR_SECONDS='0.5')
    yield running
    running.stop()


def entered(page: Page) -> int:
    return int(page.locator('.q-card').filter(has_text='Entered').locator('.text-h6').first.inner_text()
               .replace(',', ''))


def test_live_view_counts_move_while_the_simulator_runs(browser: Browser, busy_server: Server) -> None:
    page = signed_in_page(browser, busy_server)
    page.goto(busy_server.url + '/?size=100')
    row = page.locator('.workflow-row').filter(has=page.get_by_role('link', name='Abandoned cart – 2 hours',
                                                                        exact=True))
    row.get_by_role('button', name='More').click()
    page.locator('.q-menu').get_by_text('Live view', exact=True).click()
    expect(page.get_by_text('Live view: Abandoned cart – 2 hours')).to_be_visible()
    expect(page.locator('canvas').first).to_be_visible()  # the ECharts chart
    first = entered(page)
    page.wait_for_function(
        f"""() => {{
            const card = [...document.querySelectorAll('.q-card')].find(c => c.innerText.startsWith('Entered'));
            return card && Number(card.querySelector('.text-h6').innerText.replace(/,/g, '')) > {first};
        }}""", timeout=20_000)
    assert entered(page) > first
    page.context.close()
