"""The editor's canvas in a real Chromium: drag, connect, insert, delete, undo and redo, with the mouse and
without it, the refusals of a started workflow, and a large workflow drawn as it comes into view."""

import re
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Server

LONG = 60  # cards: more than the canvas draws at once (ui/canvas/src/Canvas.vue, LARGE)


def blank(page: Page, server: Server, name: str) -> None:
    page.goto(server.url + '/workflows/new')
    page.get_by_role('button', name='Create blank workflow').click()
    page.get_by_label('Name').fill(name)
    page.get_by_role('button', name='Create', exact=True).click()
    expect(node(page, 'start')).to_be_visible()


def node(page: Page, key: str) -> Locator:
    return page.locator(f'.vue-flow__node[data-id="{key}"]')


def edge(page: Page, source: str, output: str) -> Locator:
    return page.locator(f'.vue-flow__edge[data-id="{source}:{output}"]')


def place(page: Page, key: str) -> tuple[float, float]:
    """A node's place on the canvas (flow coordinates, whatever the zoom)."""
    transform = node(page, key).evaluate('(el) => el.style.transform')
    x, y = re.findall(r'-?[\d.]+', transform)[:2]
    return float(x), float(y)


def center(locator: Locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None
    return box['x'] + box['width'] / 2, box['y'] + box['height'] / 2


def drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=5)
    page.mouse.move(*end, steps=5)
    page.mouse.up()


def palette_item(page: Page, label: str) -> Locator:
    return page.locator('.q-item').filter(has=page.get_by_text(label, exact=True))


def drop_kind(page: Page, label: str, at: tuple[float, float]) -> None:
    """Drag a palette entry onto the canvas at a point of the page."""
    canvas = page.locator('.wa-canvas')
    box = canvas.bounding_box()
    assert box is not None
    palette_item(page, label).drag_to(
        canvas, target_position={'x': at[0] - box['x'], 'y': at[1] - box['y']})


def eventually(check: Callable[[], bool], timeout: float = 10) -> None:
    """Wait until ``check()`` holds (polling, as expect() does for what a locator can say)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, 'still not true after 10 s'
        time.sleep(0.05)


def incidents(page: Page) -> Locator:
    return page.get_by_role('button', name='incident')


def test_drag_connect_insert_delete_undo_and_redo_with_the_mouse(page: Page, server: Server) -> None:
    blank(page, server, 'Drawn on the canvas')
    start_x, start_y = center(node(page, 'start'))
    drop_kind(page, 'Send email', (start_x, start_y + 220))
    expect(node(page, 'send1')).to_contain_text('Send email')
    expect(page.get_by_text('Send email added')).to_be_visible()

    drag(page, center(node(page, 'start').locator('.vue-flow__handle.source')),
         center(node(page, 'send1').locator('.vue-flow__handle.target')))
    expect(edge(page, 'start', 'next')).to_have_count(1)
    expect(page.get_by_text('Start now leads to Send email')).to_be_visible()
    expect(incidents(page)).to_have_text('report1 incident')  # only the email's missing content

    drop_kind(page, 'Wait', center(edge(page, 'start', 'next').locator('path').first))
    expect(page.get_by_text('Wait inserted between Start and Send email')).to_be_visible()
    expect(edge(page, 'wait1', 'next')).to_have_count(1)
    expect(page.locator('.vue-flow__edge')).to_have_count(2)

    before = place(page, 'wait1')
    x, y = center(node(page, 'wait1'))
    drag(page, (x, y), (x + 200, y + 40))
    eventually(lambda: place(page, 'wait1')[0] > before[0] + 100)
    moved = place(page, 'wait1')
    page.reload()
    expect(node(page, 'wait1')).to_be_visible()
    eventually(lambda: place(page, 'wait1') == moved)

    node(page, 'wait1').click()
    expect(page.locator('.text-h6').filter(has_text=re.compile('^Wait$'))).to_be_visible()  # the panel's title
    page.keyboard.press('Delete')
    expect(node(page, 'wait1')).to_have_count(0)
    expect(page.locator('.vue-flow__edge')).to_have_count(0)
    page.keyboard.press('Control+z')
    expect(node(page, 'wait1')).to_have_count(1)
    expect(page.locator('.vue-flow__edge')).to_have_count(2)
    page.keyboard.press('Control+Shift+z')
    expect(node(page, 'wait1')).to_have_count(0)
    page.get_by_role('button', name='Undo').first.click()
    expect(node(page, 'wait1')).to_have_count(1)
    page.reload()
    expect(page.locator('.vue-flow__edge')).to_have_count(2)  # every step was stored


def test_refusals_say_why_and_leave_the_canvas_as_it_was(page: Page, server: Server) -> None:
    blank(page, server, 'Refusals')
    start_x, start_y = center(node(page, 'start'))
    drop_kind(page, 'Wait', (start_x - 150, start_y + 200))
    expect(node(page, 'wait1')).to_be_visible()
    drop_kind(page, 'On purchase', (start_x + 150, start_y + 200))
    expect(node(page, 'purchase1')).to_be_visible()
    drag(page, center(node(page, 'wait1').locator('.vue-flow__handle.source')),
         center(node(page, 'purchase1').locator('.vue-flow__handle.target')))
    expect(page.get_by_text('only Start can lead to it')).to_be_visible()
    drag(page, center(node(page, 'start').locator('.vue-flow__handle.source')),
         center(node(page, 'wait1').locator('.vue-flow__handle.target')))
    expect(edge(page, 'start', 'next')).to_have_count(1)
    drag(page, center(node(page, 'start').locator('.vue-flow__handle.source')),
         center(node(page, 'purchase1').locator('.vue-flow__handle.target')))
    expect(page.get_by_text('already leads to Wait')).to_be_visible()
    expect(page.locator('.vue-flow__edge')).to_have_count(1)


def test_everything_without_a_mouse(page: Page, server: Server) -> None:
    blank(page, server, 'By keyboard')
    node(page, 'start').focus()
    page.keyboard.press('Enter')  # selects the focused node
    expect(page.get_by_text('Connect to…')).to_be_visible()
    palette_item(page, 'Wait').focus()
    page.keyboard.press('Enter')  # adds after the selected node
    expect(page.get_by_text('Wait added after Start')).to_be_visible()
    expect(edge(page, 'start', 'next')).to_have_count(1)
    palette_item(page, 'Send SMS').focus()
    page.keyboard.press('Enter')  # after Wait, now selected
    expect(edge(page, 'wait1', 'next')).to_have_count(1)

    before = place(page, 'send1')
    node(page, 'send1').focus()
    page.keyboard.press('Enter')
    for _ in range(3):
        page.keyboard.press('ArrowRight')
    eventually(lambda: place(page, 'send1')[0] == before[0] + 30)
    page.keyboard.press('Delete')
    expect(node(page, 'send1')).to_have_count(0)
    page.keyboard.press('Control+z')
    expect(node(page, 'send1')).to_have_count(1)
    expect(edge(page, 'wait1', 'next')).to_have_count(1)
    page.keyboard.press('Control+y')
    expect(node(page, 'send1')).to_have_count(0)
    page.keyboard.press('Control+z')
    expect(node(page, 'send1')).to_have_count(1)

    node(page, 'wait1').focus()
    page.keyboard.press('Enter')
    page.locator('.q-field').filter(has_text='Next step').locator('.q-field__focusable-action').focus()
    page.keyboard.press('Enter')  # the picker's clear button: the connection goes
    expect(edge(page, 'wait1', 'next')).to_have_count(0)
    page.get_by_label('Next step').focus()  # the panel's `Connect to…` menu
    page.keyboard.press('Enter')
    expect(page.get_by_role('option', name='Send SMS')).to_be_visible()
    page.keyboard.press('ArrowDown')
    page.keyboard.press('Enter')
    expect(edge(page, 'wait1', 'next')).to_have_count(1)
    expect(page.get_by_text('Wait now leads to Send SMS')).to_be_visible()
    page.reload()
    expect(node(page, 'send1')).to_be_visible()
    eventually(lambda: place(page, 'send1')[0] == before[0] + 30)  # the arrow keys' move was stored


def test_a_started_workflow_keeps_its_structure_but_moves(page: Page, server: Server) -> None:
    page.goto(server.url + '/?size=100')
    page.get_by_role('link', name='Welcome series', exact=True).click()
    expect(page.get_by_text('Active', exact=True)).to_be_visible()
    expect(page.get_by_text('Add a node')).to_have_count(0)
    first = page.locator('.vue-flow__node').nth(1)
    key = first.get_attribute('data-id')
    first.click()
    page.keyboard.press('Delete')
    expect(page.get_by_text('its nodes and connections can no longer change')).to_be_visible()
    expect(page.locator(f'.vue-flow__node[data-id="{key}"]')).to_have_count(1)
    before = place(page, str(key))
    x, y = center(first)
    drag(page, (x, y), (x + 120, y))
    eventually(lambda: place(page, str(key))[0] > before[0] + 60)
    page.reload()
    eventually(lambda: place(page, str(key))[0] > before[0] + 60)


def test_a_large_workflow_opens_on_its_first_steps_and_fit_view_shows_the_rest(page: Page, server: Server) -> None:
    workflow_id = long_chain(server.database, LONG)
    page.goto(f'{server.url}/workflows/{workflow_id}')
    expect(node(page, 'start')).to_be_visible()
    expect(node(page, 'step1')).to_be_visible()
    expect(node(page, 'start')).to_contain_text('Start')  # readable: not shrunk to fit sixty cards
    assert node(page, 'start').bounding_box()['width'] > 120  # type: ignore[index]
    expect(node(page, f'step{LONG - 1}')).to_have_count(0)  # far below: not drawn until in view

    page.locator('.vue-flow__controls-fitview').click()
    expect(node(page, f'step{LONG - 1}')).to_be_visible()
    expect(page.locator('.vue-flow__node')).to_have_count(LONG)


def long_chain(database: Path, length: int) -> int:
    """Start → Wait → Wait → …, six to a row, made behind the running server's back in the demo account."""
    from model.access.people import first_account_of
    from model.storage.db import close_database, connect_database
    from model.storage.schema import Person
    from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
    from model.workflows.lifecycle import new_workflow

    connect_database(f'sqlite:///{database}')
    try:
        actor = first_account_of(Person.select().first().id)
        workflow = new_workflow(actor.account_id, 'Sixty steps', origin='blank')
        specs = [NodeSpec('start', 'start', {'selection': 'all contacts'}, {'next': 'step1'}, x=0, y=0)]
        specs += [NodeSpec(f'step{i}', 'wait', {'duration_hours': i}, {'next': f'step{i + 1}'} if i < length - 1
                           else {}, x=i % 6 * 280, y=i // 6 * 180) for i in range(1, length)]
        build_nodes(workflow, specs)
        refresh_derived(workflow)
        return workflow.id
    finally:
        close_database()
