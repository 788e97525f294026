"""The main journeys of the Workflows page in a real headless Chromium."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server


def test_create_blank_workflow_and_come_back_to_the_list(page: Page, server: Server) -> None:
    page.goto(server.url)
    page.get_by_role('button', name='Create new workflow').click()
    page.get_by_role('button', name='Create blank workflow').click()
    page.get_by_label('Name').fill('Spring launch')
    page.get_by_role('button', name='Create', exact=True).click()
    expect(page.get_by_text('Spring launch').first).to_be_visible()
    page.get_by_role('link', name='Workflows').first.click()
    expect(page.get_by_role('link', name='Spring launch')).to_be_visible()
