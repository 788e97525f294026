"""Sessions in a real Chromium: signing out in one tab reaches the other open tab at once."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import PATIENCE_MS, Server


def test_sign_out_in_one_tab_ends_the_other_tab(page: Page, server: Server) -> None:
    other = page.context.new_page()
    other.set_default_timeout(PATIENCE_MS)
    other.goto(server.url + '/workflows/new')
    expect(other.get_by_role('button', name='Create blank workflow')).to_be_visible()
    page.get_by_role('button', name='Sign out').click()
    expect(page.get_by_role('button', name='Sign in')).to_be_visible()
    expect(other.get_by_text('Your session has ended: sign in again')).to_be_visible()
    other.get_by_role('button', name='Create blank workflow').click()
    other.get_by_label('Name').fill('After sign-out')
    other.get_by_role('button', name='Create', exact=True).click()
    expect(other.get_by_text('Your session has ended: sign in again')).to_have_count(2)  # banner and refusal
    other.get_by_role('button', name='Cancel').click()
    other.get_by_role('button', name='Sign in').click()
    expect(other.get_by_label('Email')).to_be_visible()
