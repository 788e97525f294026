"""The layout's server side in the simulated browser: one Undo bar at a time, folders open per person."""

from nicegui.testing import User

from model.storage.schema import Folder, Workflow
from tests.pages.conftest import add_person, sign_in
from tests.pages.test_workflows_page import EVERYTHING, click_in_row, text_of, workflow


async def test_a_newer_undo_bar_replaces_the_older_and_undoes_only_its_own_action(user: User) -> None:
    summer, digest = workflow('Summer sale'), workflow('Monthly digest')
    await user.open(EVERYTHING)
    await click_in_row(user, summer.id, 'Duplicate')
    await user.should_see('"Summer sale [1]" duplicated')
    await click_in_row(user, digest.id, 'Duplicate')
    await user.should_see('"Monthly digest [1]" duplicated')
    assert len(user.find(marker='undo-bar').elements) == 1
    assert text_of(user, 'undo-message') == '"Monthly digest [1]" duplicated'
    user.find(marker='undo-button').click()
    await user.should_see('put back as it was')
    copies = Workflow.select().where(Workflow.duplicate_of.in_([summer.id, digest.id]),
                                     Workflow.deleted_at.is_null())
    assert [copy.name for copy in copies] == ['Summer sale']


async def test_open_folders_are_remembered_for_each_person(user: User) -> None:
    newsletters, weekly = Folder.get(Folder.name == 'Newsletters'), Folder.get(Folder.name == 'Weekly')
    await user.open(EVERYTHING)
    await user.should_not_see(marker=f'folder-{weekly.id}')
    user.find(marker=f'folder-toggle-{newsletters.id}').click()
    await user.should_see(marker=f'folder-{weekly.id}')
    await user.open(EVERYTHING)
    await user.should_see(marker=f'folder-{weekly.id}')
    password = add_person('eddie@example.com', 'Eddie', 'editor')
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card', retries=30)
    await sign_in(user, 'eddie@example.com', password)  # the same browser, another person
    await user.open(EVERYTHING)
    await user.should_see(marker=f'folder-{newsletters.id}')
    await user.should_not_see(marker=f'folder-{weekly.id}')
