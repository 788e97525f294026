"""The folder tree in a real Chromium: folders open one by one (remembered), the tree stays in view while the
list scrolls, dragging near the window's edge scrolls the list, and the Undo bar never covers a folder's menu."""

import re

from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import Server
from tests.browser.test_folders_browser import folder_entry
from tests.browser.test_main_journey import row

DESKTOP = ViewportSize(width=1400, height=900)
LIST = '/'  # the first 25 workflows: long enough to scroll, quicker to load than all of them


def test_each_folder_opens_on_its_own_and_stays_open_on_the_next_visit(page: Page, server: Server) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(server.url + LIST)
    entries = page.locator('.folder-entry')
    expect(entries).to_contain_text(['All workflows', 'Newsletters', 'Onboarding', 'Seasonal'])
    expect(folder_entry(page, 'Weekly')).to_have_count(0)
    page.get_by_role('button', name='Open Newsletters').click()
    expect(folder_entry(page, 'Weekly')).to_be_visible()
    expect(page).not_to_have_url(re.compile('folder='))  # opened, not selected
    expect(folder_entry(page, 'Black Friday')).to_have_count(0)  # Seasonal stays closed
    page.get_by_role('button', name='Open Weekly').click()
    expect(folder_entry(page, 'Archive')).to_be_visible()
    page.reload()
    expect(folder_entry(page, 'Archive')).to_be_visible()
    expect(folder_entry(page, 'Black Friday')).to_have_count(0)
    page.get_by_role('button', name='Close Newsletters').click()
    expect(folder_entry(page, 'Weekly')).to_have_count(0)
    page.reload()
    expect(folder_entry(page, 'Newsletters')).to_be_visible()
    expect(folder_entry(page, 'Weekly')).to_have_count(0)


def test_a_row_far_down_the_list_drops_onto_a_folder_that_stayed_in_view(page: Page, server: Server) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(server.url + LIST)
    last = page.locator('.workflow-row').last
    name = last.get_by_role('link').first.inner_text()
    last.scroll_into_view_if_needed()
    assert page.evaluate('window.scrollY') > 500
    onboarding = folder_entry(page, 'Onboarding')
    expect(onboarding).to_be_in_viewport()
    last.drag_to(onboarding)
    expect(page.get_by_text(f'"{name}" moved to "Onboarding"')).to_be_visible()
    expect(row(page, name)).to_contain_text('Onboarding')


def test_dragging_near_the_bottom_edge_scrolls_the_list(page: Page, server: Server) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(server.url + LIST)
    first = page.locator('.workflow-row').first
    name = first.get_by_role('link').first.inner_text()
    assert page.evaluate('window.scrollY') == 0
    first.hover()
    page.mouse.down()
    page.mouse.move(700, DESKTOP['height'] - 5, steps=5)
    page.wait_for_function('window.scrollY > 400')
    box = folder_entry(page, 'Onboarding').bounding_box()
    assert box is not None
    page.mouse.move(box['x'] + box['width'] / 2, box['y'] + box['height'] / 2, steps=5)
    page.mouse.up()
    expect(page.get_by_text(f'"{name}" moved to "Onboarding"')).to_be_visible()
    expect(row(page, name)).to_contain_text('Onboarding')


def test_the_undo_bar_stays_under_a_folder_menu_near_the_bottom(page: Page, server: Server) -> None:
    page.goto(server.url + LIST)
    seasonal = folder_entry(page, 'Seasonal')
    seasonal.get_by_role('button', name='Folder actions').click()
    menu = page.locator('.q-menu')
    entry, opened = seasonal.bounding_box(), menu.bounding_box()
    assert entry is not None and opened is not None
    page.keyboard.press('Escape')
    expect(menu).to_have_count(0)
    # a window just tall enough for the menu to open downwards: its last item, `Delete`, ends at the bottom
    page.set_viewport_size({'width': DESKTOP['width'], 'height': int(entry['y'] + entry['height'] + opened['height'])
                            + 12})
    name = page.locator('.workflow-row').first.get_by_role('link').first.inner_text()
    page.locator('.workflow-row').first.drag_to(folder_entry(page, 'Onboarding'))
    bar = page.locator('.undo-bar')
    expect(bar).to_contain_text(f'"{name}" moved to "Onboarding"')
    seasonal.get_by_role('button', name='Folder actions').click()
    delete = menu.get_by_text('Delete', exact=True)
    expect(delete).to_be_visible()
    item, below = delete.bounding_box(), bar.bounding_box()
    assert item is not None and below is not None
    assert item['y'] + item['height'] > below['y'] and item['x'] < below['x'] + below['width']  # they overlap
    delete.click()  # Playwright refuses a click that another element on top would take
    page.get_by_role('button', name='Delete folder').click()
    expect(page.get_by_text('Folder "Seasonal" deleted')).to_be_visible()
