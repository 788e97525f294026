"""A trainer's demonstration in a real Chromium: pause a workflow, advance the clock three months, and the list says
it was finalized because its pause expired, without reloading; then back to real time."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_main_journey import EVERYTHING, more, row

NAME = 'Abandoned cart – 2 hours'


def test_a_paused_workflow_is_finalized_by_expiry_after_advancing_three_months(page: Page, server: Server) -> None:
    page.goto(server.url + EVERYTHING)
    more(page, NAME, 'Pause')
    expect(row(page, NAME)).to_contain_text('Pause expires on')
    expect(page.get_by_text('Application time:')).to_have_count(0)

    page.get_by_role('button', name='Advance clock').click()
    page.locator('.q-menu').get_by_text('By 3 months', exact=True).click()

    expect(page.get_by_text('Clock advanced by 3 months')).to_be_visible()
    expect(row(page, NAME)).to_contain_text('Finalized: the pause expired')
    expect(page.get_by_text('Application time:')).to_be_visible()
    expect(page.get_by_text('ahead of real time')).to_be_visible()

    page.get_by_role('button', name='Back to real time').click()
    expect(page.get_by_text('Application time:')).to_have_count(0)
    expect(row(page, NAME)).to_contain_text('Finalized: the pause expired')
