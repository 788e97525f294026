"""The main journeys of the Workflows page in a real headless Chromium."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Server, signed_in_page

EVERYTHING = '/?size=100'


def row(page: Page, name: str) -> Locator:
    return page.locator('.workflow-row').filter(has=page.get_by_role('link', name=name, exact=True))


def more(page: Page, name: str, item: str) -> None:
    row(page, name).get_by_role('button', name='More').click()
    page.locator('.q-menu').get_by_text(item, exact=True).click()


def test_create_blank_workflow_and_come_back_to_the_list(page: Page, server: Server) -> None:
    page.goto(server.url)
    page.get_by_role('button', name='Create new workflow').click()
    page.get_by_role('button', name='Create blank workflow').click()
    page.get_by_label('Name').fill('Spring launch')
    page.get_by_role('button', name='Create', exact=True).click()
    expect(page.get_by_text('"Spring launch" created')).to_be_visible()
    expect(page).to_have_url(re.compile(r'/workflows/\d+$'))
    page.get_by_role('link', name='Workflows').first.click()
    expect(row(page, 'Spring launch')).to_contain_text('Draft')


def test_start_pause_resume_finalize(page: Page, server: Server) -> None:
    page.goto(server.url + EVERYTHING)
    name = 'Cart recovery with discount'
    row(page, name).get_by_role('button', name='Start').click()
    expect(page.get_by_text(f'"{name}" started')).to_be_visible()
    expect(row(page, name)).to_contain_text('Active')
    more(page, name, 'Pause')
    expect(page.get_by_text(f'"{name}" paused')).to_be_visible()
    expect(row(page, name)).to_contain_text('Pause expires on')
    row(page, name).get_by_role('button', name='Resume').click()
    expect(page.get_by_text(f'"{name}" resumed')).to_be_visible()
    row(page, name).get_by_role('button', name='Finalize').click()
    expect(page.get_by_text(f'"{name}" finalized')).to_be_visible()
    expect(row(page, name)).to_contain_text('Finalized')
    expect(row(page, name).get_by_role('button', name='Finalize')).to_have_count(0)


def test_duplicate_from_more_menu_shows_the_badged_copy_first(page: Page, server: Server) -> None:
    page.goto(server.url + EVERYTHING)
    more(page, 'Summer sale', 'Duplicate')
    expect(page.get_by_text('"Summer sale [1]" duplicated')).to_be_visible()
    first_row = page.locator('.workflow-row').first
    expect(first_row).to_contain_text('Summer sale')
    expect(first_row).to_contain_text('[1]')
    expect(first_row).to_contain_text('Draft')


def test_bulk_delete_asks_for_confirmation(page: Page, server: Server) -> None:
    page.goto(server.url + EVERYTHING)
    for name in ('Summer sale', 'Monthly digest'):
        row(page, name).get_by_role('checkbox').click()
    expect(page.get_by_text('2 workflows selected')).to_be_visible()
    page.get_by_role('button', name='Delete').first.click()
    dialog = page.get_by_role('dialog')
    expect(dialog).to_contain_text('Delete workflow')
    expect(dialog).to_contain_text('Summer sale')
    dialog.get_by_role('button', name='Delete workflow').click()
    expect(page.get_by_text('2 workflows deleted')).to_be_visible()
    expect(page.get_by_text('40 workflows')).to_be_visible()
    expect(page.get_by_role('link', name='Summer sale', exact=True)).to_have_count(0)


def test_filters_live_in_the_url(page: Page, server: Server) -> None:
    page.goto(server.url)
    page.get_by_label('Search').fill('abandoned')
    expect(page.get_by_text('4 workflows', exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r'\?q=abandoned'))
    page.reload()
    expect(page.get_by_text('4 workflows', exact=True)).to_be_visible()
    expect(page.get_by_label('Search')).to_have_value('abandoned')


def test_a_change_in_one_browser_shows_in_another(page: Page, server: Server) -> None:
    other = signed_in_page(page.context.browser, server)  # type: ignore[arg-type]
    other.goto(server.url + EVERYTHING)
    page.goto(server.url + EVERYTHING)
    row(page, 'Cart recovery with discount').get_by_role('button', name='Start').click()
    expect(row(other, 'Cart recovery with discount')).to_contain_text('Active')
    other.context.close()
