"""The Workflows page in NiceGUI's simulated browser: what a person sees and what their clicks do."""

from nicegui.testing import User

from model.schema import Workflow


async def test_list_shows_demo_workflows_with_state_badges(user: User) -> None:
    await user.open('/')
    await user.should_see('Abandoned cart – 2 hours')
    await user.should_see('36 workflows')
    await user.should_see(marker='state-badge')


async def test_start_a_draft_from_its_row(user: User) -> None:
    draft = Workflow.get(Workflow.name == 'Cart recovery with discount')
    await user.open('/')
    user.find(marker=f'start-{draft.id}').click()
    await user.should_see('"Cart recovery with discount" started')
    assert Workflow.get_by_id(draft.id).state == 'active'
    await user.should_see(marker=f'finalize-{draft.id}')
