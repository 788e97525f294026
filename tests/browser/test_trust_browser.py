"""Another account's admin in a real Chromium (docs/security.md): Tenant B's only admin invites Demo Shop's admin,
but can neither sign in as them, nor reset their password, nor sign a victim into Tenant B by a hand-off URL,
nor open Demo Shop's workflows or expire their pauses by moving Tenant B's clock."""

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from model.access.people import create_account_with_admin
from model.storage.db import close_database, connect_database
from tests.browser.conftest import Server, signed_in_page
from tests.browser.test_main_journey import EVERYTHING, more, row
from tests.seeded import ADMIN_EMAIL

MALLORY, MALLORY_PASSWORD = 'mallory@example.com', 'mallorys own password'
HAND_OFF = re.compile(r'/signin/done\?')
PAUSED = 'Abandoned cart – 2 hours'


def tenant_b(database: Path) -> None:
    """A second account whose only admin is Mallory, made behind the running server's back."""
    connect_database(f'sqlite:///{database}')
    try:
        create_account_with_admin('Tenant B', MALLORY, 'Mallory', MALLORY_PASSWORD)
    finally:
        close_database()


def signin_form(browser: Browser, server: Server) -> Page:
    context = browser.new_context(viewport={'width': 1400, 'height': 1000})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    opened.goto(server.url + '/signin')
    return opened


def test_another_accounts_admin_can_neither_sign_in_as_nor_reset_a_person(page: Page, browser: Browser,
                                                                          server: Server) -> None:
    tenant_b(server.database)
    mallory = signed_in_page(browser, server, MALLORY, MALLORY_PASSWORD)
    mallory.get_by_role('button', name='People and accounts').click()
    mallory.get_by_label('Email').fill(ADMIN_EMAIL)
    mallory.get_by_role('button', name='Invite').click()
    code = mallory.locator('.font-mono').inner_text()
    mallory.get_by_role('button', name='Done').click()
    expect(mallory.get_by_text('Invited', exact=True)).to_be_visible()  # not a member: nothing to reset
    expect(mallory.get_by_role('button', name=f'Reset the password of {ADMIN_EMAIL}')).to_have_count(0)

    attempt = signin_form(browser, server)  # the code is no password of the demo admin's
    attempt.get_by_label('Email').fill(ADMIN_EMAIL)
    attempt.get_by_label('Password').fill(code)
    attempt.get_by_role('button', name='Sign in').click()
    expect(attempt.get_by_text('Wrong email or password')).to_be_visible()
    attempt.context.close()

    page.reload()  # the demo admin accepts: now in Tenant B too, still under their own password
    page.get_by_role('button', name='See invitations').click()
    page.get_by_role('button', name='Accept').click()
    expect(page.get_by_text('Demo trainer · editor')).to_be_visible()

    mallory.reload()
    expect(mallory.get_by_text(ADMIN_EMAIL)).to_be_visible()
    expect(mallory.get_by_role('button', name=f'Remove {ADMIN_EMAIL}')).to_be_visible()
    expect(mallory.get_by_role('button', name=f'Reset the password of {ADMIN_EMAIL}')).to_have_count(0)
    mallory.context.close()
    again = signed_in_page(browser, server)  # their own password still opens their accounts
    expect(again.get_by_text('Demo trainer · admin')).to_be_visible()
    again.context.close()


def test_a_hand_off_url_made_in_another_browser_signs_nobody_in(browser: Browser, server: Server) -> None:
    tenant_b(server.database)
    attacker = signin_form(browser, server)
    attacker.context.route(HAND_OFF, lambda route: route.abort())  # not followed: sent to a victim instead
    attacker.get_by_label('Email').fill(MALLORY)
    attacker.get_by_label('Password').fill(MALLORY_PASSWORD)
    with attacker.expect_request(HAND_OFF) as hand_off:
        attacker.get_by_role('button', name='Sign in').click()
    victim = signin_form(browser, server)  # the victim's browser, which once showed the sign-in form
    victim.goto(hand_off.value.url)
    expect(victim.get_by_label('Email')).to_be_visible()
    victim.goto(server.url + '/')
    expect(victim.get_by_label('Email')).to_be_visible()  # signed in as nobody, least of all Mallory
    attacker.context.unroute(HAND_OFF)  # the same URL still works where it was made: only the browser differed
    attacker.goto(hand_off.value.url)
    expect(attacker.get_by_text('Mallory · admin')).to_be_visible()
    attacker.context.close()
    victim.context.close()


def test_another_accounts_admin_can_neither_open_nor_age_this_accounts_workflows(page: Page, browser: Browser,
                                                                                server: Server) -> None:
    tenant_b(server.database)
    page.goto(server.url + EVERYTHING)
    more(page, PAUSED, 'Pause')
    expect(row(page, PAUSED)).to_contain_text('Pause expires on')
    row(page, PAUSED).get_by_role('link', name=PAUSED).click()
    expect(page).to_have_url(re.compile(r'/workflows/\d+$'))
    editor_address = page.url

    mallory = signed_in_page(browser, server, MALLORY, MALLORY_PASSWORD)
    mallory.get_by_role('button', name='Advance clock').click()
    mallory.locator('.q-menu').get_by_text('By 3 months', exact=True).click()
    expect(mallory.get_by_text('Clock advanced by 3 months')).to_be_visible()
    mallory.goto(editor_address)  # Demo Shop's workflow, by its address
    expect(mallory.get_by_text('Not found', exact=True)).to_be_visible()
    expect(mallory.get_by_text(PAUSED)).to_have_count(0)
    mallory.context.close()

    page.goto(server.url + EVERYTHING)  # Demo Shop's clock did not move: the pause has not expired
    expect(row(page, PAUSED)).to_contain_text('Pause expires on')
    expect(page.get_by_text('Application time:')).to_have_count(0)
