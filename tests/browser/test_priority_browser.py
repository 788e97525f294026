"""Reordering the execution order by dragging, in a real Chromium."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server


def names(page: Page) -> list[str]:
    return page.locator('.priority-row').locator('.ellipsis').all_inner_texts()


def test_drag_a_workflow_to_the_top_and_save(page: Page, server: Server) -> None:
    page.set_viewport_size({'width': 1400, 'height': 1600})
    page.goto(server.url)
    page.get_by_role('button', name='Establish priority').click()
    expect(page.get_by_text('Workflow priority')).to_be_visible()
    before = names(page)
    rows = page.locator('.priority-row')
    rows.nth(2).drag_to(rows.nth(0))
    expect(rows.nth(0)).to_contain_text(before[2])
    page.get_by_role('button', name=f'Move {before[1]} down').click()  # C A B D → C A D B
    expect(rows.nth(3)).to_contain_text(before[1])
    page.get_by_role('button', name='Save and return').click()
    expect(page.get_by_text('Execution order saved')).to_be_visible()
    first_rows = page.locator('.workflow-row')
    expect(first_rows.nth(0)).to_contain_text(before[2])
    expect(first_rows.nth(0)).to_contain_text('Execution order #1')
    expect(first_rows.nth(1)).to_contain_text(before[0])
    expect(first_rows.nth(2)).to_contain_text(before[3])
    expect(first_rows.nth(3)).to_contain_text(before[1])
