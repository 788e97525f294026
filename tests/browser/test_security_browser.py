"""Sessions in a real Chromium: signing out in one tab ends every session of the browser, and its other open tabs
stop at once."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import PATIENCE_MS, Server
from tests.seeded import ADMIN_EMAIL, ADMIN_PASSWORD


def test_sign_out_in_one_tab_ends_the_other_tab_even_after_it_signed_in_again(page: Page, server: Server) -> None:
    other = page.context.new_page()
    other.set_default_timeout(PATIENCE_MS)
    other.goto(server.url + '/signin')  # the second tab showed the sign-in form and signed in again
    other.get_by_label('Email').fill(ADMIN_EMAIL)
    other.get_by_label('Password').fill(ADMIN_PASSWORD)
    other.get_by_role('button', name='Sign in').click()
    expect(other.get_by_role('button', name='Sign out')).to_be_visible()  # signed in: the hand-off has landed
    other.goto(server.url + '/workflows/new')
    expect(other.get_by_role('button', name='Create blank workflow')).to_be_visible()
    page.get_by_role('button', name='Sign out').click()
    expect(page.get_by_role('button', name='Sign in')).to_be_visible()
    expect(other.get_by_text('Your session has ended: sign in again')).to_be_visible()
    expect(other.get_by_role('button', name='Create blank workflow')).to_have_count(0)  # the page stopped
    other.get_by_role('button', name='Sign in').click()
    expect(other.get_by_label('Email')).to_be_visible()
    other.goto(server.url + '/')
    expect(other.get_by_label('Email')).to_be_visible()
