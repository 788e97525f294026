"""Folders in a real Chromium: a three-level structure, HTML5 drag and drop of rows and folders."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_main_journey import EVERYTHING, row


def tall(page: Page) -> None:
    """No scrolling during a drag: Chromium would start it over whatever row scrolled under the pointer."""
    page.set_viewport_size({'width': 1400, 'height': 2600})


def folder_entry(page: Page, name: str):
    return page.locator('.folder-entry').filter(has_text=name).first


def new_folder(page: Page, name: str, parent: str | None = None) -> None:
    if parent is None:
        page.get_by_role('button', name='New folder').click()
    else:
        folder_entry(page, parent).get_by_role('button', name='Folder actions').click()
        page.locator('.q-menu').get_by_text('New subfolder', exact=True).click()
    page.get_by_label('Folder name').fill(name)
    page.get_by_role('button', name='Save').click()
    expect(page.get_by_text(f'Folder "{name}" created')).to_be_visible()
    expect(folder_entry(page, name)).to_be_visible()  # the tree has been drawn again with it


def test_build_three_levels_drag_rows_and_folders_and_delete_without_losing_workflows(page: Page,
                                                                                      server: Server) -> None:
    tall(page)
    page.goto(server.url + EVERYTHING)
    page.get_by_role('button', name='Folders').click()  # the full view
    expect(folder_entry(page, 'Black Friday 2026')).to_be_visible()  # the tree opened
    new_folder(page, 'Europe')
    new_folder(page, 'Spain', parent='Europe')
    new_folder(page, 'Madrid', parent='Spain')
    row(page, 'Summer sale').drag_to(folder_entry(page, 'Madrid'))
    expect(page.get_by_text('"Summer sale" moved to "Madrid"')).to_be_visible()
    expect(row(page, 'Summer sale')).to_contain_text('Madrid')
    folder_entry(page, 'Spain').drag_to(folder_entry(page, 'Onboarding'))
    expect(page.get_by_text('"Spain" moved to "Onboarding"')).to_be_visible()
    # the tree is drawn again with Spain under Onboarding: a drag must not start on the tree being replaced
    expect(page.locator('.folder-entry')).to_contain_text(['Onboarding', 'Spain', 'Madrid'])
    folder_entry(page, 'Onboarding').drag_to(folder_entry(page, 'Madrid'))
    expect(page.get_by_text('"Onboarding" cannot be moved into its own subfolder "Madrid"')).to_be_visible()
    folder_entry(page, 'Madrid').click()
    expect(page.get_by_text('1 workflow', exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r'[?&]folder=\d+'))
    folder_entry(page, 'Madrid').get_by_role('button', name='Folder actions').click()
    page.locator('.q-menu').get_by_text('Delete', exact=True).click()
    page.get_by_role('button', name='Delete folder').click()
    expect(page.get_by_text('Folder "Madrid" deleted')).to_be_visible()
    expect(row(page, 'Summer sale')).to_contain_text('Spain')


def test_dragging_a_selected_row_moves_the_whole_selection(page: Page, server: Server) -> None:
    tall(page)
    page.goto(server.url + EVERYTHING)
    for name in ('Summer sale', 'Monthly digest', 'Price drop alert'):
        row(page, name).get_by_role('checkbox').click()
    expect(page.get_by_text('3 workflows selected')).to_be_visible()
    row(page, 'Monthly digest').drag_to(folder_entry(page, 'Onboarding'))
    expect(page.get_by_text('3 workflows moved to "Onboarding"')).to_be_visible()
    for name in ('Summer sale', 'Monthly digest', 'Price drop alert'):
        expect(row(page, name)).to_contain_text('Onboarding')
