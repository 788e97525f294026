"""The folder tree of the Workflows page in the simulated browser."""

import asyncio

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from model.storage.schema import Folder, Workflow
from tests.pages.conftest import PATIENCE, sign_in
from tests.pages.test_workflows_page import EVERYTHING, click_in_row, text_of, tick


def folder(name: str) -> Folder:
    return Folder.get(Folder.name == name)


def click_folder_menu(user: User, folder_id: int, label: str) -> None:
    (button,) = user.find(marker=f'folder-menu-{folder_id}').elements
    item = next(item for item in button.descendants() if isinstance(item, ui.menu_item)
                and any(isinstance(s, ui.item_section) and s.text == label for s in item.descendants()))
    UserInteraction(user, {item}, None).click()


async def test_create_a_folder_and_a_subfolder_and_refuse_a_duplicate_name(user: User) -> None:
    await user.open('/')
    user.find(marker='new-folder').click()
    user.find(marker='folder-name').type('Loyalty')
    user.find(marker='folder-name-save').click()
    await user.should_see('Folder "Loyalty" created')
    loyalty = folder('Loyalty')
    await user.should_see(marker=f'folder-menu-{loyalty.id}')
    click_folder_menu(user, loyalty.id, 'New subfolder')
    user.find(marker='folder-name').type('Gold')
    user.find(marker='folder-name-save').click()
    await user.should_see('Folder "Gold" created')
    assert folder('Gold').parent_id == loyalty.id
    user.find(marker='new-folder').click()
    user.find(marker='folder-name').type('newsletters')
    user.find(marker='folder-name-save').click()
    await user.should_see('There is already a folder called "newsletters" here')
    assert Folder.select().where(Folder.name == 'newsletters').count() == 0


async def test_opening_every_folder_redraws_the_entries_not_the_buttons_above_them(user: User) -> None:
    weekly = folder('Weekly')  # inside Newsletters, closed at first
    await user.open('/')
    await user.should_not_see(marker=f'folder-{weekly.id}')
    (toggle,) = user.find(marker='folders-toggle').elements
    (new_folder,) = user.find(marker='new-folder').elements
    assert toggle.props['icon'] == 'unfold_more'
    user.find(marker='folders-toggle').click()
    await user.should_see(marker=f'folder-{weekly.id}')
    assert user.find(marker='folders-toggle').elements == {toggle}  # the same buttons: a click on them is kept
    assert user.find(marker='new-folder').elements == {new_folder}
    assert toggle.props['icon'] == 'unfold_less'
    await user.should_see('Close every folder')
    user.find(marker='folders-toggle').click()
    await user.should_not_see(marker=f'folder-{weekly.id}')
    assert toggle.props['icon'] == 'unfold_more'


async def test_rename_and_delete_keep_every_workflow(user: User) -> None:
    weekly = folder('Weekly')
    await user.open('/')
    user.find(marker='folders-toggle').click()
    await user.should_see(marker=f'folder-{weekly.id}')
    click_folder_menu(user, weekly.id, 'Rename')
    user.find(marker='folder-name').clear().type('Weekly digest')
    user.find(marker='folder-name-save').click()
    await user.should_see('Folder renamed to "Weekly digest"')
    click_folder_menu(user, weekly.id, 'Delete')
    await user.should_see('No workflow is deleted')
    user.find(marker='folder-delete-confirm').click()
    await user.should_see('Folder "Weekly digest" deleted')
    assert Folder.get_or_none(Folder.id == weekly.id) is None
    newsletters = folder('Newsletters')
    assert Workflow.select().where(Workflow.folder == newsletters.id).count() == 5
    assert Workflow.select().count() == 42


async def test_selecting_a_folder_filters_the_list_with_or_without_subfolders(user: User) -> None:
    newsletters = folder('Newsletters')
    await user.open('/')
    user.find(marker=f'folder-{newsletters.id}').click()
    await user.should_not_see('Abandoned cart – 2 hours')
    assert text_of(user, 'list-total') == '6 workflows'
    user.find(marker='filter-subfolders').click()
    await user.should_not_see('Weekly newsletter #47')
    assert text_of(user, 'list-total') == '2 workflows'
    user.find(marker='folder-root').click()
    await user.should_see('Abandoned cart – 2 hours')


async def test_move_to_folder_from_the_row_and_the_selection(user: User) -> None:
    onboarding = folder('Onboarding')
    first, second = Workflow.get(Workflow.name == 'Summer sale'), Workflow.get(Workflow.name == 'Monthly digest')
    await user.open(EVERYTHING)
    await click_in_row(user, first.id, 'Move to folder')
    (target,) = user.find(kind=ui.select, marker='move-target').elements
    target.value = onboarding.id
    user.find(marker='move-confirm').click()
    await user.should_see('"Summer sale" moved to "Onboarding"')
    tick(user, first.id)
    tick(user, second.id)
    await user.should_see(marker='bulk-move')
    user.find(marker='bulk-move').click()
    await user.should_see(marker='move-confirm')  # the selection is read first, off the event loop
    user.find(marker='move-confirm').click()
    await user.should_see('2 workflows moved to the top level')
    assert {Workflow.get_by_id(w.id).folder_id for w in (first, second)} == {None}


async def test_a_new_workflow_lands_in_the_folder_being_viewed(user: User) -> None:
    weekly = folder('Weekly')
    await user.open(f'/?folder={weekly.id}')
    user.find(marker='create-new').click()
    await user.should_see('Create blank workflow')
    user.find(marker='create-blank').click()
    user.find(marker='new-name').type('Weekly newsletter #49')
    user.find(marker='confirm-create').click()
    await user.should_see('"Weekly newsletter #49" created')
    assert Workflow.get(Workflow.name == 'Weekly newsletter #49').folder_id == weekly.id


async def test_folder_changes_show_in_other_open_pages(create_user) -> None:
    alice, bob = create_user(), create_user()
    await sign_in(alice)
    await sign_in(bob)
    await alice.open('/')
    await bob.open('/')
    alice.find(marker='new-folder').click()
    alice.find(marker='folder-name').type('Shared with Bob')
    alice.find(marker='folder-name-save').click()
    await bob.should_see('Shared with Bob')


async def test_move_a_folder_without_a_mouse(user: User) -> None:
    seasonal, newsletters, weekly = folder('Seasonal'), folder('Newsletters'), folder('Weekly')
    await user.open('/')
    await user.should_see(marker=f'folder-menu-{newsletters.id}')
    click_folder_menu(user, newsletters.id, 'Move to…')
    (target,) = user.find(kind=ui.select, marker='move-target').elements
    assert newsletters.id not in target.options and weekly.id not in target.options  # never into itself
    target.value = seasonal.id
    user.find(marker='move-confirm').click()
    await user.should_see('"Newsletters" moved to "Seasonal"')
    assert Folder.get_by_id(newsletters.id).parent_id == seasonal.id
    user.find(marker='folders-toggle').click()
    await user.should_see(marker=f'folder-menu-{newsletters.id}')
    click_folder_menu(user, newsletters.id, 'Move to…')
    user.find(marker='move-confirm').click()  # the top level
    await user.should_see('"Newsletters" moved to the top level')
    assert Folder.get_by_id(newsletters.id).parent_id is None


async def test_new_counts_and_another_folder_selected_change_the_entries_drawn(user: User) -> None:
    onboarding, cart_recovery = folder('Onboarding'), folder('Cart recovery')  # no subfolders to open
    summer = Workflow.get(Workflow.name == 'Summer sale')
    await user.open(EVERYTHING)
    (entry,) = user.find(marker=f'folder-{onboarding.id}').elements
    (count,) = [e for e in entry.descendants() if 'folder-count' in e._markers]
    before = int(count.text)  # type: ignore[attr-defined]
    await click_in_row(user, summer.id, 'Move to folder')
    (target,) = user.find(kind=ui.select, marker='move-target').elements
    target.value = onboarding.id
    user.find(marker='move-confirm').click()
    await user.should_see('"Summer sale" moved to "Onboarding"')
    for _ in range(PATIENCE):  # the announcement sets the new count on the entry drawn
        if count.text != str(before):  # type: ignore[attr-defined]
            break
        await asyncio.sleep(0.1)
    assert int(count.text) == before + 1  # type: ignore[attr-defined]
    user.find(marker=f'folder-{cart_recovery.id}').click()
    await user.should_see('5 workflows')
    assert user.find(marker=f'folder-{onboarding.id}').elements == {entry}  # the same entry, not drawn again
    (chosen,) = user.find(marker=f'folder-{cart_recovery.id}').elements
    assert 'bg-blue-1' in chosen.classes and 'bg-blue-1' not in entry.classes
