"""Version history in a real Chromium: edit twice, compare the first and last versions (the changed node marked on
the canvas), restore the first."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server

NAME = 'Cart recovery with discount'  # a demo draft: Start → On cart abandonment → Wait 2 h → Send email


def save_wait(page: Page, hours: str) -> None:
    page.get_by_label('Duration', exact=True).fill(hours)
    start = page.get_by_role('button', name='Start', exact=True)
    expect(start).to_be_disabled()  # unsaved changes
    page.get_by_role('button', name='Save').click()
    expect(start).to_be_enabled()  # saved


def version_row(page: Page, number: str):  # type: ignore[no-untyped-def]
    return page.locator('.q-table tbody tr').filter(has=page.get_by_role('cell', name=number, exact=True))


def test_edit_twice_compare_first_and_last_then_restore_the_first(page: Page, server: Server) -> None:
    page.get_by_role('link', name=NAME, exact=True).click()
    page.locator('.vue-flow__node').filter(has_text='Wait').first.click()
    expect(page.get_by_label('Duration', exact=True)).to_have_value('2')
    save_wait(page, '5')
    save_wait(page, '9')

    page.get_by_role('button', name='Versions').click()
    expect(page.get_by_role('cell', name='Wait 5 h → 9 h')).to_be_visible()
    expect(page.get_by_role('cell', name='Wait 2 h → 5 h')).to_be_visible()
    expect(page.locator('.q-table tbody tr')).to_have_count(3)
    version_row(page, '1').locator('.q-checkbox').click()
    version_row(page, '3').locator('.q-checkbox').click()
    page.get_by_role('button', name='Compare the two selected').click()
    expect(page.get_by_text('Version 1 → version 3')).to_be_visible()
    expect(page.get_by_text('Wait: 2 h → 9 h')).to_be_visible()
    changed = page.locator('.q-dialog .vue-flow__node .wa-node--changed')  # on the canvas, in colour and words
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text('Wait')
    expect(changed).to_contain_text('changed')
    expect(page.locator('.q-dialog .vue-flow__node')).to_have_count(4)

    version_row(page, '1').get_by_role('cell', name='Demo content').click()
    expect(page.get_by_text('Version 1', exact=True)).to_be_visible()
    with page.expect_navigation():  # the editor opens again on the restored content
        page.get_by_role('button', name='Restore this version').click()
    expect(page.get_by_text('Version 1 restored')).to_be_visible()
    page.locator('.vue-flow__node').filter(has_text='Wait').first.click()
    expect(page.get_by_label('Duration', exact=True)).to_have_value('2')
    page.get_by_role('button', name='Versions').click()
    expect(page.get_by_role('cell', name='Restored version 1: Wait 9 h → 2 h')).to_be_visible()
