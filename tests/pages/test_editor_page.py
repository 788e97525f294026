"""The workflow editor in the simulated browser."""

from nicegui import ui
from nicegui.testing import User

from model.storage.schema import Content, Node, Workflow
from model.workflows.editing import add_node, load_draft, save_draft
from model.workflows.lifecycle import create_blank
from tests.pages.conftest import admin
from tests.pages.test_workflows_page import workflow


def choose(user: User, marker: str, value: object) -> None:
    (select,) = user.find(kind=ui.select, marker=marker).elements
    select.value = value


async def open_blank(user: User, name: str = 'Editor test') -> Workflow:
    created = create_blank(admin(), name)
    await user.open(f'/workflows/{created.id}')
    await user.should_see(marker='palette')
    return created


async def test_build_a_valid_workflow_and_start_it(user: User) -> None:
    created = await open_blank(user)
    user.find(marker='add-cart_abandonment').click()
    await user.should_see('On cart abandonment added')
    await user.should_see(marker='panel-cart1')
    user.find(marker='node-start').click()
    await user.should_see(marker='panel-start')
    choose(user, 'output-next', 'cart1')
    user.find(marker='add-send_email').click()
    await user.should_see(marker='panel-send1')
    user.find(marker='new-content').click()
    await user.should_see(marker='content-subject')
    user.find(marker='content-subject').type('Your cart misses you')
    user.find(marker='node-cart1').click()
    await user.should_see(marker='panel-cart1')
    choose(user, 'output-next', 'send1')
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
    await user.should_not_see(marker='node-wait1')
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


async def test_clicking_a_node_of_the_graph_selects_it(user: User) -> None:
    digest = workflow('Newsletter – VIP edition')
    await user.open(f'/workflows/{digest.id}')
    user.find(kind=ui.mermaid).trigger('node_click', 'flowchart-n1-0')
    await user.should_see(marker='panel-check')


async def test_a_started_workflow_offers_only_the_settings_editable_after_start(user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    await user.open(f'/workflows/{cart.id}')
    await user.should_not_see(marker='palette')
    user.find(marker='node-wait').click()
    await user.should_see(marker='panel-wait')
    (duration,) = user.find(kind=ui.number, marker='setting-duration_hours').elements
    assert duration.enabled
    user.find(marker='node-start').click()
    await user.should_see(marker='panel-start')
    (selection,) = user.find(kind=ui.select, marker='setting-selection').elements
    (output,) = user.find(kind=ui.select, marker='output-next').elements
    assert (selection.enabled, output.enabled) == (False, False)
    await user.should_not_see(marker='remove-node')


async def test_a_stale_save_is_refused_with_a_reload_offer(user: User) -> None:
    created = await open_blank(user)
    user.find(marker='add-wait').click()
    await user.should_see(marker='node-wait1')
    stored, theirs = load_draft(admin(), created.id)
    add_node(theirs, 'send_sms')
    save_draft(admin(), created.id, stored.version, theirs)
    await user.should_see(marker='changed-elsewhere')
    user.find(marker='editor-save').click()
    await user.should_see('was changed by someone else since you opened it')
    assert [n.kind for n in Node.select().where(Node.workflow == created.id)] == ['start', 'send_sms']


async def test_names_and_texts_show_as_text(user: User) -> None:
    created = create_blank(admin(), '<img src=x onerror=alert(1)>')
    await user.open('/')
    await user.should_see('<img src=x onerror=alert(1)>')
    await user.open(f'/workflows/{created.id}')
    (name,) = user.find(kind=ui.input, marker='workflow-name').elements
    assert name.value == '<img src=x onerror=alert(1)>'
