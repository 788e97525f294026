"""Every page at a phone's, a tablet's and a desktop's size in a real Chromium: nothing wider than the window,
the header's menu and the folder drawer on small screens, the row actions under the row on a phone.

With SCREENSHOTS naming a folder, each page's screenshot goes there for a person to look at (none otherwise: a
full-page screenshot costs a busy machine about as much as checking the page).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server
from tests.browser.test_main_journey import more, row

SIZES = {'phone': (390, 844), 'tablet': (768, 1024), 'desktop': (1400, 900)}
ACTIVE = 'Abandoned cart – 2 hours'
DRAFT = 'Weekly newsletter #48'
DELETED = 'Black Friday teaser'
LIST = '/'  # the first 25 workflows: quicker to load on a busy machine than all of them
PAGES = {  # name: (address, or the workflow whose page it is; a text the page shows)
    'list': (LIST, 'Rows per page'),
    'create': ('/workflows/new', 'Create blank workflow'),
    'editor': (ACTIVE, 'Versions'),
    'draft-editor': (DRAFT, 'Add a node'),
    'live-view': (ACTIVE, 'Per node'),
    'priority': ('/priority', 'Workflow priority'),
    'recently-deleted': ('/deleted', DELETED),
    'activity': ('/activity', DELETED),
    'segments': ('/segments', 'Search segments'),
    'custom-fields': ('/custom-fields', 'Search custom fields'),
    'people': ('/admin', 'Accounts'),
    'password': ('/password', 'Change password'),
}
OVERFLOWING = '''() => {
  const width = document.documentElement.clientWidth;
  const clipped = (element) => {  // inside a box that scrolls or hides what is wider than itself
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== 'visible') return true;
    }
    return false;
  };
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 1) continue;
    if (getComputedStyle(element).visibility === 'hidden' || clipped(element)) continue;
    found.push(`${element.tagName}.${element.className} right=${Math.round(box.right)}`);
  }
  return found;
}'''


class Shots:
    """Screenshots into the SCREENSHOTS folder, when one is named."""

    def __init__(self) -> None:
        named = os.environ.get('SCREENSHOTS')
        self.folder = Path(named) if named else None
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def take(self, page: Page, name: str, full_page: bool = False) -> None:
        if self.folder:
            page.screenshot(path=self.folder / f'{name}.png', full_page=full_page)


@pytest.fixture
def shots() -> Shots:
    return Shots()


def fits(page: Page) -> None:
    """No horizontal scrolling, and no visible element reaching beyond the window."""
    assert page.evaluate('document.documentElement.scrollWidth') <= page.evaluate('window.innerWidth')
    assert page.evaluate(OVERFLOWING) == []


def workflow_addresses(page: Page, server: Server) -> dict[str, str]:
    """The editors' addresses; on the way, a delete gives Recently deleted and the activity log a row."""
    page.goto(server.url + LIST)
    more(page, DELETED, 'Delete')
    page.get_by_role('button', name='Delete workflow').click()
    expect(row(page, DELETED)).to_have_count(0)
    addresses = {}
    for name in (ACTIVE, DRAFT):
        href = row(page, name).get_by_role('link', name=name, exact=True).get_attribute('href')
        assert href is not None
        addresses[name] = href
    return addresses


@pytest.mark.parametrize('size', SIZES)
def test_every_page_fits_the_screen(page: Page, server: Server, size: str, shots: Shots) -> None:
    addresses = workflow_addresses(page, server)
    width, height = SIZES[size]
    page.set_viewport_size({'width': width, 'height': height})
    for name, (where, shown) in PAGES.items():
        address = addresses[where] + ('/live' if name == 'live-view' else '') if where in addresses else where
        page.goto(server.url + address)
        expect(page.get_by_text(shown, exact=True).first).to_be_visible()
        fits(page)
        shots.take(page, f'{size}-{name}', full_page=True)
    page.context.clear_cookies()
    page.goto(server.url + '/signin')
    expect(page.get_by_role('button', name='Sign in')).to_be_visible()
    fits(page)
    shots.take(page, f'{size}-signin')


def on_phone(page: Page) -> None:
    width, height = SIZES['phone']
    page.set_viewport_size({'width': width, 'height': height})


def test_on_a_phone_the_header_folds_into_a_menu_that_reaches_every_link(page: Page, server: Server,
                                                                        shots: Shots) -> None:
    on_phone(page)
    page.goto(server.url + LIST)
    expect(page.get_by_role('button', name='Sign out')).to_be_hidden()
    expect(page.get_by_role('link', name='Segments')).to_be_hidden()
    page.get_by_role('button', name='Menu').click()
    menu = page.locator('.q-menu')
    for item in ('Segments', 'Custom fields', 'People and accounts', 'By 1 day', 'Change password', 'Sign out'):
        entry = menu.get_by_text(item, exact=True)
        entry.scroll_into_view_if_needed()  # the menu scrolls inside itself on a short screen
        expect(entry).to_be_in_viewport()
    fits(page)
    shots.take(page, 'phone-header-menu')
    menu.get_by_text('Custom fields', exact=True).click()
    expect(page).to_have_url(re.compile(r'/custom-fields$'))
    page.get_by_role('button', name='Menu').click()
    page.locator('.q-menu').get_by_text('Sign out', exact=True).click()
    expect(page).to_have_url(re.compile(r'/signin'))


def test_on_a_phone_the_folders_are_a_drawer_and_picking_one_closes_it(page: Page, server: Server,
                                                                      shots: Shots) -> None:
    on_phone(page)
    page.goto(server.url + LIST)
    onboarding = page.locator('.folder-entry').filter(has_text='Onboarding')
    expect(onboarding).not_to_be_in_viewport()
    page.get_by_role('button', name='Folders: All workflows').click()
    expect(onboarding).to_be_in_viewport()
    fits(page)
    shots.take(page, 'phone-folder-drawer')
    onboarding.click()
    expect(onboarding).not_to_be_in_viewport()
    expect(page).to_have_url(re.compile(r'[?&]folder=\d+'))
    expect(page.get_by_role('button', name='Folders: Onboarding')).to_be_visible()
    expect(page.locator('.workflow-row')).to_have_count(4)


def test_on_a_phone_the_row_actions_go_under_the_row_and_open_their_menu(page: Page, server: Server) -> None:
    on_phone(page)
    page.goto(server.url + LIST)
    active = row(page, ACTIVE)
    name_box = active.get_by_role('link', name=ACTIVE).bounding_box()
    more_button = active.get_by_role('button', name='More')
    more_box = more_button.bounding_box()
    assert name_box is not None and more_box is not None
    assert more_box['y'] >= name_box['y'] + name_box['height']  # below the name, not squeezing it
    more_button.click()
    page.locator('.q-menu').get_by_text('Duplicate', exact=True).click()
    expect(page.get_by_text(f'"{ACTIVE} [1]" duplicated')).to_be_visible()
