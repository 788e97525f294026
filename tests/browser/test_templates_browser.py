"""Every template, used from the directory and started unchanged, in a real Chromium."""

from playwright.sync_api import Page, expect

from model.workflows.templates import templates
from tests.browser.conftest import Server


def test_create_from_each_template_and_start_it_unchanged(page: Page, server: Server) -> None:
    for template in templates():
        page.goto(server.url + '/workflows/new')
        card = page.locator('.q-card').filter(has=page.get_by_text(template.name, exact=True))
        card.get_by_role('button', name='Use template').click()
        expect(page.get_by_text(f'"{template.name}" created from a template')).to_be_visible()
        page.get_by_role('button', name='Start', exact=True).click()
        expect(page.get_by_text(f'"{template.name}" started')).to_be_visible()
        expect(page.get_by_text('Active', exact=True)).to_be_visible()  # the editor, drawn anew for its new state
        page.wait_for_load_state()
