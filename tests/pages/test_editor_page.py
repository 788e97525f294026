"""The workflow editor in the simulated browser."""

import asyncio
from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from model.storage.schema import Connection, Content, Node, Workflow
from model.workflows.editing import load_draft, save_draft
from model.workflows.lifecycle import create_blank
from tests.factories import add_node
from tests.pages.conftest import admin
from tests.pages.test_workflows_page import workflow


def choose(user: User, marker: str, value: object) -> None:
    (select,) = user.find(kind=ui.select, marker=marker).elements
    select.value = value


def on_canvas(user: User, event: str, **args: object) -> None:
    """What the canvas component reports when a person selects, moves, connects, drops or deletes."""
    user.find(marker='canvas').trigger(event, args)


def canvas_keys(user: User) -> list[str]:
    (canvas,) = user.find(marker='canvas').elements
    return [n['id'] for n in canvas.props['nodes']]


async def until(check: Callable[[], bool]) -> None:
    """Wait for a change that says nothing (a move is stored silently)."""
    for _ in range(100):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError('still not true after 5 s')


def place(workflow: Workflow, key: str) -> tuple[int, int]:
    stored = Node.get((Node.workflow == workflow.id) & (Node.key == key))
    return stored.x, stored.y


async def open_blank(user: User, name: str = 'Editor test') -> Workflow:
    created = create_blank(admin(), name)
    await user.open(f'/workflows/{created.id}')
    await user.should_see(marker='palette')
    return created


async def test_build_a_valid_workflow_and_start_it(user: User) -> None:
    created = await open_blank(user)
    user.find(marker='add-cart_abandonment').click()  # after Start, which is selected
    await user.should_see('On cart abandonment added after Start')
    await user.should_see(marker='panel-cart1')
    user.find(marker='add-send_email').click()
    await user.should_see(marker='panel-send1')
    user.find(marker='new-content').click()
    await user.should_see(marker='content-subject')
    user.find(marker='content-subject').type('Your cart misses you')
    await user.should_see('0 incidents')
    user.find(marker='editor-save').click()
    await user.should_see('"Editor test" saved')
    assert Workflow.get_by_id(created.id).error_count == 0
    assert Content.get(Content.workflow == created.id).subject == 'Your cart misses you'
    user.find(marker='editor-start').click()
    await user.should_see('"Editor test" started')
    assert Workflow.get_by_id(created.id).state == 'active'


async def test_remove_a_node_and_configure_a_wait(user: User) -> None:
    created = await open_blank(user)
    user.find(marker='add-wait').click()
    await user.should_see(marker='setting-duration_hours')
    (duration,) = user.find(kind=ui.number, marker='setting-duration_hours').elements
    duration.value = 24
    user.find(marker='remove-node').click()
    await user.should_see('Removed Wait')
    assert canvas_keys(user) == ['start']
    user.find(marker='add-wait').click()
    await user.should_see(marker='panel-wait1')
    (duration,) = user.find(kind=ui.number, marker='setting-duration_hours').elements
    duration.value = 12
    user.find(marker='editor-save').click()
    await user.should_see('"Editor test" saved')
    assert Node.get((Node.workflow == created.id) & (Node.kind == 'wait')).config == {'duration_hours': 12}


async def test_the_incident_list_selects_the_node_of_an_incident(user: User) -> None:
    broken = workflow('Onboarding – app download')
    await user.open(f'/workflows/{broken.id}?incidents=1')
    await user.should_see('Send email: Content is required')
    user.find(marker='incident').click()
    await user.should_see(marker='panel-email')


async def test_clicking_a_node_of_the_canvas_selects_it(user: User) -> None:
    digest = workflow('Newsletter – VIP edition')
    await user.open(f'/workflows/{digest.id}')
    on_canvas(user, 'select', id='check')
    await user.should_see(marker='panel-check')


async def test_canvas_changes_are_stored_at_once_and_undone(user: User) -> None:
    created = await open_blank(user)
    on_canvas(user, 'add', kind='wait', x=40, y=200, edge=None)
    await user.should_see('Wait added')
    on_canvas(user, 'connect', source='start', output='next', target='wait1')
    await user.should_see('Start now leads to Wait')
    on_canvas(user, 'move', positions={'wait1': [300, 260]})
    await until(lambda: place(created, 'wait1') == (300, 260))
    on_canvas(user, 'add', kind='send_sms', x=0, y=100, edge='start:next')
    await user.should_see('Send SMS inserted between Start and Wait')
    assert Connection.select().where(Connection.workflow == created.id).count() == 2
    on_canvas(user, 'undo')
    await user.should_see('Undone: send SMS inserted between Start and Wait')
    assert [n.key for n in Node.select().where(Node.workflow == created.id)] == ['start', 'wait1']
    on_canvas(user, 'redo')
    await user.should_see('Redone: send SMS inserted')
    on_canvas(user, 'remove', nodes=['start'], edges=[])
    await user.should_see('The Start node cannot be removed')
    assert canvas_keys(user) == ['start', 'wait1', 'send1']


async def test_a_started_workflow_offers_only_the_settings_editable_after_start(user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    await user.open(f'/workflows/{cart.id}')
    await user.should_not_see(marker='palette')
    on_canvas(user, 'select', id='wait')
    await user.should_see(marker='panel-wait')
    (duration,) = user.find(kind=ui.number, marker='setting-duration_hours').elements
    assert duration.enabled
    on_canvas(user, 'select', id='start')
    await user.should_see(marker='panel-start')
    (selection,) = user.find(kind=ui.select, marker='setting-selection').elements
    (output,) = user.find(kind=ui.select, marker='output-next').elements
    assert (selection.enabled, output.enabled) == (False, False)
    await user.should_not_see(marker='remove-node')
    on_canvas(user, 'remove', nodes=['wait'], edges=[])
    await user.should_see('its nodes and connections can no longer change')
    on_canvas(user, 'move', positions={'wait': [500, 40]})
    await until(lambda: place(cart, 'wait') == (500, 40))


async def test_a_stale_save_is_refused_with_a_reload_offer(user: User) -> None:
    created = await open_blank(user)
    user.find(marker='add-wait').click()
    await user.should_see(marker='panel-wait1')
    (duration,) = user.find(kind=ui.number, marker='setting-duration_hours').elements
    duration.value = 3
    stored, theirs = load_draft(admin(), created.id)
    add_node(theirs, 'send_sms')
    save_draft(admin(), created.id, stored.version, theirs)
    await user.should_see(marker='changed-elsewhere')
    user.find(marker='editor-save').click()
    await user.should_see('was changed by someone else since you opened it')
    on_canvas(user, 'move', positions={'wait1': [200, 200]})
    await user.should_see('was changed by someone else since you opened it')
    assert [(n.kind, n.config) for n in Node.select().where(Node.workflow == created.id)][1:] == [
        ('wait', {}), ('send_sms', {})]  # the wait was stored when added; its duration was not
    assert place(created, 'wait1') != (200, 200)


async def test_names_and_texts_show_as_text(user: User) -> None:
    created = create_blank(admin(), '<img src=x onerror=alert(1)>')
    await user.open('/')
    await user.should_see('<img src=x onerror=alert(1)>')
    await user.open(f'/workflows/{created.id}')
    (name,) = user.find(kind=ui.input, marker='workflow-name').elements
    assert name.value == '<img src=x onerror=alert(1)>'
