"""Accounts and text safety in a real Chromium: each account sees only its own workflows; markup stays text."""

from playwright.sync_api import Dialog, Page, expect

from tests.browser.conftest import Server

XSS = '<img src=x onerror=alert(1)>'


def test_switch_account_see_only_its_workflows_and_names_stay_text(page: Page, server: Server) -> None:
    alerts: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        alerts.append(dialog.message)
        dialog.dismiss()

    page.on('dialog', on_dialog)
    page.get_by_role('button', name='People and accounts').click()
    page.get_by_label('New account name').fill('Training room 1')
    page.get_by_role('button', name='Create account').click()
    expect(page.get_by_text('0 workflows', exact=True)).to_be_visible()
    page.get_by_role('button', name='Create new workflow').click()
    page.get_by_role('button', name='Create blank workflow').click()
    page.get_by_label('Name').fill(XSS)
    page.get_by_role('button', name='Create', exact=True).click()
    expect(page.get_by_text(f'"{XSS}" created')).to_be_visible()
    page.get_by_role('link', name='Workflows').first.click()
    expect(page.get_by_role('link', name=XSS)).to_be_visible()
    expect(page.get_by_text('Abandoned cart – 2 hours')).to_have_count(0)
    page.locator('header .q-select').click()
    page.get_by_role('option', name='Demo Shop').click()
    expect(page.get_by_text('Abandoned cart – 2 hours')).to_be_visible()
    expect(page.get_by_role('link', name=XSS)).to_have_count(0)
    assert alerts == []
    assert page.locator('img[src="x"]').count() == 0
