"""The `Establish priority` page in the simulated browser."""

from nicegui import ui
from nicegui.testing import User

from model.workflows.lifecycle import apply_action
from model.workflows.priority import execution_order
from tests.pages.conftest import admin
from tests.pages.test_workflows_page import workflow


def names_in_order() -> list[str]:
    return [w.name for w in execution_order(admin())]


async def test_the_page_lists_active_and_paused_in_order_with_an_explanation(user: User) -> None:
    await user.open('/')
    user.find('Establish priority').click()
    await user.should_see('Workflow priority')
    await user.should_see('the lower one prevails')
    (listing,) = user.find(marker='priority-list').elements
    shown = [label.text for label in listing.descendants()
             if isinstance(label, ui.label) and 'priority-name' in label._markers]
    assert shown == names_in_order()
    assert len(shown) == 21


async def test_move_buttons_then_save_and_return(user: User) -> None:
    before = names_in_order()
    first, second = workflow(before[0]), workflow(before[1])
    await user.open('/priority')
    user.find(marker=f'down-{first.id}').click()
    await user.should_see(marker=f'up-{first.id}')
    user.find(marker='priority-save').click()
    await user.should_see('Execution order saved (1 workflow moved)')  # one row down one place
    assert names_in_order()[:2] == [second.name, first.name]


async def test_cancel_drops_the_changes(user: User) -> None:
    before = names_in_order()
    await user.open('/priority')
    user.find(marker=f'down-{workflow(before[0]).id}').click()
    user.find(marker='priority-cancel').click()
    await user.should_see(marker='list-total')
    assert names_in_order() == before


async def test_a_change_elsewhere_is_announced_and_saving_over_it_is_refused(user: User) -> None:
    await user.open('/priority')
    draft = workflow('Cart recovery with discount')
    apply_action(admin(), draft.id, 'start', draft.version)
    await user.should_see(marker='priority-changed')
    user.find(marker='priority-save').click()
    await user.should_see('The execution order was changed by someone else meanwhile')
    assert names_in_order()[-1] == 'Cart recovery with discount'
