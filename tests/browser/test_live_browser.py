"""Live updates in a real Chromium: a click while another browser's change arrives keeps its notification."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, signed_in_page
from tests.browser.test_main_journey import EVERYTHING, row


def test_a_click_while_another_browsers_change_arrives_still_ends_with_its_notification(page: Page,
                                                                                       server: Server) -> None:
    other = signed_in_page(page.context.browser, server)  # type: ignore[arg-type]
    other.goto(server.url + EVERYTHING)
    page.goto(server.url + EVERYTHING)
    mine, theirs = 'Cart recovery with discount', 'Onboarding tips'
    copied = 'Weekly newsletter #47'
    expect(row(page, mine).get_by_role('button', name='Start')).to_be_visible()
    expect(row(other, theirs).get_by_role('button', name='Start')).to_be_visible()
    # Their changes (a start, then a copy that adds a row to every open list) and my click, all at once.
    row(other, theirs).get_by_role('button', name='Start').click()
    row(other, copied).get_by_role('button', name='More').click()
    other.locator('.q-menu').get_by_text('Duplicate', exact=True).click()
    row(page, mine).get_by_role('button', name='Start').click()
    expect(page.get_by_text(f'"{mine}" started')).to_be_visible()
    expect(row(page, mine)).to_contain_text('Active')
    expect(row(page, theirs)).to_contain_text('Active')
    expect(page.locator('.workflow-row').filter(has_text=copied)).to_have_count(2)
    expect(other.get_by_text(f'"{copied} [1]" duplicated')).to_be_visible()
    expect(row(other, mine)).to_contain_text('Active')
    other.context.close()


def test_ticking_rows_and_selecting_all_keep_working_while_the_list_updates(page: Page, server: Server) -> None:
    other = signed_in_page(page.context.browser, server)  # type: ignore[arg-type]
    other.goto(server.url + EVERYTHING)
    page.goto(server.url + EVERYTHING)
    row(other, 'Onboarding tips').get_by_role('button', name='Start').click()
    row(page, 'Summer sale').get_by_role('checkbox').click()
    expect(page.get_by_text('1 workflow selected')).to_be_visible()
    expect(row(page, 'Onboarding tips')).to_contain_text('Active')
    expect(row(page, 'Summer sale').get_by_role('checkbox')).to_be_checked()
    select_all = page.get_by_role('button', name=re.compile(r'Select all \(\d+\)'))
    total = re.sub(r'\D', '', select_all.inner_text())
    select_all.click()
    expect(page.get_by_text(f'{int(total):,} workflows selected').first).to_be_visible()
    other.context.close()
