"""Around one workflow, on the pages: description in the editor, why finalized, copies with their badge, Live
view ranges and per-node conversions, and the Not found page."""

from nicegui import ui
from nicegui.testing import User

from model.access.people import create_account_with_admin
from model.storage.schema import Workflow
from model.workflows.lifecycle import apply_action, create_blank, duplicate_many
from tests.pages.conftest import add_person, admin, sign_in
from tests.pages.test_workflows_page import text_of, workflow


async def test_the_description_is_written_in_the_editor_header(user: User) -> None:
    draft = create_blank(admin(), 'Described')
    await user.open(f'/workflows/{draft.id}')
    user.find(marker='workflow-description').type('Greets <i>new</i> people')
    user.find(marker='editor-save').click()
    await user.should_see('"Described" saved')
    assert Workflow.get_by_id(draft.id).description == 'Greets <i>new</i> people'
    await user.open('/?q=greets')
    await user.should_see('Described')
    await user.should_see('Greets <i>new</i> people')


async def test_why_a_workflow_is_finalized_shows_in_the_list_editor_and_live_view(user: User) -> None:
    active = workflow('Abandoned cart – 2 hours')
    finalized = apply_action(admin(), active.id, 'finalize', active.version)
    day = f'{finalized.finalized_at:%Y-%m-%d}'
    await user.open('/?q=2+hours')
    await user.should_see(f'Finalized by Demo trainer on {day}')
    await user.open(f'/workflows/{active.id}')
    await user.should_see(f'Finalized by Demo trainer on {day}')
    await user.open(f'/workflows/{active.id}/live')
    await user.should_see(f'Finalized by Demo trainer on {day}')


async def test_a_paused_workflows_expiry_shows_in_the_editor_and_live_view(user: User) -> None:
    paused = workflow('Abandoned cart – sneakers')
    expiry = f'{paused.pause_expires_at:%Y-%m-%d}'
    for path in (f'/workflows/{paused.id}', f'/workflows/{paused.id}/live'):
        await user.open(path)
        await user.should_see(f'Pause expires on {expiry}')


async def test_a_copy_carries_its_badge_in_the_editor_live_view_and_delete_dialog(user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    copy = duplicate_many(admin(), [cart.id])[0]
    await user.open(f'/workflows/{copy.id}')
    await user.should_see(marker='duplicate-badge')
    assert text_of(user, 'duplicate-badge') == f'[{copy.duplicate_number}]'
    user.find(marker='editor-delete').click()
    await user.should_see(f'"Abandoned cart – 2 hours [{copy.duplicate_number}]" will be deleted. It stays')
    user.find(marker='confirm-delete').click()
    await user.should_see(f'"Abandoned cart – 2 hours [{copy.duplicate_number}]" deleted')


async def test_live_view_totals_follow_the_range_in_the_address(user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    entered = {}
    for param, days in (('7', 7), ('all', 0), ('nonsense', 30)):
        await user.open(f'/workflows/{cart.id}/live?range={param}')
        await user.should_see(marker='total-entered')
        (toggle,) = user.find(kind=ui.toggle, marker='range').elements
        assert toggle.value == days
        entered[param] = int(text_of(user, 'total-entered').replace(',', ''))
    assert 0 < entered['7'] < entered['nonsense'] < entered['all']
    await user.should_see('conversions')
    assert '€ revenue' in text_of(user, 'counts-email')


async def test_not_found_is_a_page_with_a_way_back(user: User) -> None:
    elsewhere = create_account_with_admin('Elsewhere', 'else@example.com', 'Else')
    theirs = create_blank(elsewhere, 'Not yours')
    for path in ('/workflows/abc', '/workflows/999999', f'/workflows/{theirs.id}', f'/workflows/{theirs.id}/live',
                 '/workflows/abc/live', '/workflows/-1'):
        await user.open(path)
        await user.should_see('Not found')
        await user.should_see(marker='back-to-workflows')
        await user.should_see(marker='nav-workflows')  # inside the frame
        await user.should_not_see('Not yours')
    user.find(marker='back-to-workflows').click()
    await user.should_see(marker='create-new')


async def test_an_address_no_page_has_gets_the_not_found_page_in_the_frame(user: User) -> None:
    await user.open('/nothing/here')
    await user.should_see('There is no page at /nothing/here: the address may be mistyped.')
    await user.should_see(marker='nav-workflows')
    user.find(marker='back-to-workflows').click()
    await user.should_see(marker='create-new')


async def test_a_viewer_sees_the_description_without_a_field_to_change_it(user: User) -> None:
    password = add_person('viewer@example.com', 'Vera Viewer', 'viewer')
    cart = workflow('Abandoned cart – 2 hours')
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')
    await sign_in(user, 'viewer@example.com', password)
    await user.open(f'/workflows/{cart.id}')
    await user.should_see('Reminds shoppers of their cart')
    await user.should_not_see(kind=ui.input, marker='workflow-description')
