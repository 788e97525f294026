"""Build a small valid workflow from blank in a real Chromium, watch incidents go, start it."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_canvas_browser import node, palette_item


def test_build_from_blank_start_and_find_only_allowed_settings_editable(page: Page, server: Server) -> None:
    page.goto(server.url + '/workflows/new')
    page.get_by_role('button', name='Create blank workflow').click()
    page.get_by_label('Name').fill('Built in the browser')
    page.get_by_role('button', name='Create', exact=True).click()
    incidents = page.get_by_role('button', name='incident')
    expect(incidents).to_have_text('report1 incident')
    palette_item(page, 'On cart abandonment').click()  # after Start, which is selected
    expect(page.get_by_text('On cart abandonment added after Start')).to_be_visible()
    expect(incidents).to_have_text('report1 incident')  # the branch ends without any action (an alert)
    palette_item(page, 'Send email').click()
    expect(page.get_by_text('Send email added after On cart abandonment')).to_be_visible()
    expect(incidents).to_have_text('report1 incident')  # the email has no content
    page.get_by_role('button', name='New').click()
    page.get_by_label('Subject').fill('Your cart is waiting')
    expect(incidents).to_have_text('report0 incidents')
    page.get_by_role('button', name='Save').click()
    expect(page.get_by_text('"Built in the browser" saved')).to_be_visible()
    page.get_by_role('button', name='Start', exact=True).click()
    expect(page.get_by_text('"Built in the browser" started')).to_be_visible()
    expect(page.get_by_text('Active', exact=True)).to_be_visible()
    expect(page.get_by_text('Add a node')).to_have_count(0)
    node(page, 'send1').click()
    expect(page.get_by_label('Subject')).to_be_editable()
    expect(page.get_by_role('button', name='New')).to_have_count(0)  # no other content once started
    node(page, 'start').click()
    for locked in ('Selection', 'Data source', 'Next step'):
        expect(page.locator('.q-field--disabled').filter(has_text=locked)).to_have_count(1)
