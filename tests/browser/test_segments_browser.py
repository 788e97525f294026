"""A new team's journey in Chromium: an imported workflow whose segment is missing is fixed on the Segments page
and starts."""

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server

START = {'selection': 'with email', 'data_source': 'existing'}
FILE = {'format': 'cn-workflows', 'version': 1, 'exported_at': '2026-11-24T12:00:00Z', 'workflows': [{
    'name': 'Loyalty thanks',
    'nodes': [{'key': 'start', 'kind': 'start', 'config': START},
              {'key': 'tag', 'kind': 'add_to_segment', 'config': {'segment': 's1'}}],
    'connections': [{'source': 'start', 'output': 'next', 'target': 'tag'}],
    'segments': [{'key': 's1', 'name': 'Loyal buyers', 'kind': 'contact', 'definition': {'rule': 'orders > 3'}}],
}]}


def test_create_the_missing_segment_then_start_the_imported_workflow(page: Page, server: Server,
                                                                     tmp_path: Path) -> None:
    exported = tmp_path / 'loyalty.cn'
    exported.write_text(json.dumps(FILE))
    page.goto(server.url + '/workflows/new')
    page.locator('.q-uploader input[type=file]').set_input_files(exported)
    expect(page.get_by_text('"Loyalty thanks" imported as a draft')).to_be_visible()
    editor = page.url
    page.get_by_role('button', name='1 incident').click()
    expect(page.get_by_text('Segment "Loyal buyers" does not exist in this account')).to_be_visible()
    expect(page.get_by_role('button', name='Start')).to_be_disabled()

    page.get_by_role('link', name='Segments').click()
    page.get_by_role('button', name='New segment').click()
    dialog = page.locator('.q-dialog')
    dialog.get_by_label('Name').fill('Loyal buyers')
    dialog.get_by_label('Rule').fill('orders > 3')
    dialog.get_by_role('button', name='Save').click()
    expect(page.get_by_text('Segment "Loyal buyers" created')).to_be_visible()
    expect(page.get_by_text('orders > 3')).to_be_visible()

    page.goto(editor + '?incidents=1')
    expect(page.get_by_text('No incidents: the workflow can start.')).to_be_visible()
    expect(page.get_by_text('does not exist in this account')).to_have_count(0)
    page.locator('.vue-flow__node[data-id="tag"]').click()
    expect(page.locator('.q-field', has_text='Segment').first).to_contain_text('Loyal buyers')
    page.get_by_role('button', name='Start').click()
    expect(page.get_by_text('"Loyalty thanks" started')).to_be_visible()
    expect(page.get_by_text('Active', exact=True).first).to_be_visible()
