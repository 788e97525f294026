"""Nothing lost by a slip, in a real Chromium: delete three workflows, restore one from `Recently deleted`,
and take back a move with `Undo`."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_main_journey import EVERYTHING, more, row


def test_delete_three_restore_one_and_undo_a_move(page: Page, server: Server) -> None:
    page.goto(server.url + EVERYTHING)
    total = int(page.get_by_text(re.compile(r'^\d+ workflows$')).inner_text().split()[0])
    names = ('Summer sale', 'Monthly digest', 'Price drop alert')
    for name in names:
        row(page, name).get_by_role('checkbox').click()
    expect(page.get_by_text('3 workflows selected')).to_be_visible()
    page.get_by_role('button', name='Delete').first.click()
    dialog = page.get_by_role('dialog')
    expect(dialog).to_contain_text('They stay in Recently deleted for 30 days')
    dialog.get_by_role('button', name='Delete workflow').click()
    expect(page.get_by_text('3 workflows deleted')).to_be_visible()
    expect(page.get_by_role('button', name='Undo')).to_be_visible()
    expect(page.get_by_text(f'{total - 3} workflows', exact=True)).to_be_visible()

    page.get_by_role('link', name='Recently deleted').click()
    expect(page.get_by_text('3 deleted workflows')).to_be_visible()
    deleted = page.locator('.q-card').filter(has_text='Monthly digest').last
    deleted.get_by_role('button', name='Restore').click()
    expect(page.get_by_text('"Monthly digest" restored')).to_be_visible()
    expect(page.get_by_text('2 deleted workflows')).to_be_visible()

    page.goto(server.url + EVERYTHING)
    expect(page.get_by_text(f'{total - 2} workflows', exact=True)).to_be_visible()
    expect(row(page, 'Monthly digest')).to_contain_text('Paused')  # it was active: back paused
    folder_before = row(page, 'Weekly newsletter #47').locator('.row-folder').inner_text()
    more(page, 'Weekly newsletter #47', 'Move to folder')
    move = page.get_by_role('dialog')
    move.get_by_label('Folder').click()
    page.locator('.q-menu').get_by_text('Onboarding', exact=True).click()
    move.get_by_role('button', name='Move').click()
    expect(page.get_by_text('"Weekly newsletter #47" moved to "Onboarding"')).to_be_visible()
    expect(row(page, 'Weekly newsletter #47').locator('.row-folder')).to_have_text('Onboarding')
    page.get_by_role('button', name='Undo').click()
    expect(page.get_by_text('"Weekly newsletter #47" put back as it was')).to_be_visible()
    expect(row(page, 'Weekly newsletter #47').locator('.row-folder')).to_have_text(folder_before)
