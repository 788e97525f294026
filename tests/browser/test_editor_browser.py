"""Build a small valid workflow from blank in a real Chromium, watch incidents go, start it."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.get_by_role('option', name=option).click()


def test_build_from_blank_start_and_find_only_allowed_settings_editable(page: Page, server: Server) -> None:
    page.goto(server.url + '/workflows/new')
    page.get_by_role('button', name='Create blank workflow').click()
    page.get_by_label('Name').fill('Built in the browser')
    page.get_by_role('button', name='Create', exact=True).click()
    incidents = page.get_by_role('button', name='incident')
    expect(incidents).to_have_text('report1 incident')
    page.get_by_text('+ On cart abandonment').click()
    expect(incidents).to_have_text('report2 incidents')
    page.get_by_text('Start · start').click()
    choose(page, 'Next step', 'On cart abandonment (cart1)')
    expect(incidents).to_have_text('report1 incident')  # the branch ends without any action (an alert)
    page.get_by_text('Channel actions').click()
    page.get_by_text('+ Send email').click()
    expect(incidents).to_have_text('report3 incidents')  # and the email is unreachable and has no content
    page.get_by_role('button', name='New').click()
    page.get_by_label('Subject').fill('Your cart is waiting')
    expect(incidents).to_have_text('report2 incidents')
    page.get_by_text('On cart abandonment · cart1').click()
    choose(page, 'Next step', 'Send email (send1)')
    expect(incidents).to_have_text('report0 incidents')
    page.get_by_role('button', name='Save').click()
    expect(page.get_by_text('"Built in the browser" saved')).to_be_visible()
    page.get_by_role('button', name='Start', exact=True).click()
    expect(page.get_by_text('"Built in the browser" started')).to_be_visible()
    expect(page.get_by_text('Active', exact=True)).to_be_visible()
    expect(page.get_by_text('Add a node')).to_have_count(0)
    page.get_by_text('Send email · send1').click()
    expect(page.get_by_label('Subject')).to_be_editable()
    expect(page.get_by_role('button', name='New')).to_have_count(0)  # no other content once started
    page.get_by_text('Start · start').click()
    for locked in ('Selection', 'Data source', 'Next step'):
        expect(page.locator('.q-field--disabled').filter(has_text=locked)).to_have_count(1)
