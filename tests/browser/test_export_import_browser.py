"""Export a workflow and import the file through the page, in a real Chromium."""

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_main_journey import EVERYTHING, more, row


def test_export_then_import_the_file_by_choosing_it(page: Page, server: Server, tmp_path: Path) -> None:
    page.goto(server.url + EVERYTHING)
    with page.expect_download() as download_info:
        more(page, 'Newsletter – VIP edition', 'Export')
    download = download_info.value
    assert download.suggested_filename == 'newsletter-vip-edition.cn'
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert json.loads(saved.read_text())['workflows'][0]['name'] == 'Newsletter – VIP edition'
    page.get_by_role('button', name='Create new workflow').click()
    page.locator('.q-uploader input[type=file]').set_input_files(saved)
    expect(page.get_by_text('"Newsletter – VIP edition" imported as a draft')).to_be_visible()
    page.get_by_role('link', name='Workflows').first.click()
    expect(row(page, 'Newsletter – VIP edition')).to_have_count(2)


def test_import_a_file_dropped_on_the_area(page: Page, server: Server) -> None:
    page.goto(server.url + '/workflows/new')
    document = {'format': 'cn-workflows', 'version': 1, 'exported_at': '2026-11-24T12:00:00Z', 'workflows': [
        {'name': 'Dropped in', 'nodes': [{'key': 'start', 'kind': 'start', 'config': {}}]}]}
    page.locator('.q-uploader').evaluate('''async (area, text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], 'dropped.cn', {type: 'application/json'}));
        const drag = (target, type) => target.dispatchEvent(
            new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
        drag(area, 'dragenter');
        drag(area, 'dragover');
        await new Promise((resolve) => setTimeout(resolve, 200));  // Quasar shows its drop zone
        drag(area.querySelector('.q-uploader__dnd'), 'drop');
    }''', json.dumps(document))
    expect(page.get_by_text('"Dropped in" imported as a draft')).to_be_visible()


def test_a_broken_file_gets_a_clear_message(page: Page, server: Server, tmp_path: Path) -> None:
    broken = tmp_path / 'broken.cn'
    broken.write_text('{"format": "cn-workflows", "version": 1, "workflows": "nope"}')
    page.goto(server.url + '/workflows/new')
    page.locator('.q-uploader input[type=file]').set_input_files(broken)
    expect(page.get_by_text('"broken.cn" was not imported: Field required at exported_at')).to_be_visible()
