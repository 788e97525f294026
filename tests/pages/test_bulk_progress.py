"""Bulk actions over many workflows show a progress dialog and a final report."""

from nicegui.testing import User

from model.storage.schema import Workflow
from model.workflows.lifecycle import duplicate_many
from tests.pages.conftest import admin
from tests.pages.test_workflows_page import text_of


async def test_bulk_duplicate_and_delete_of_many_show_progress_and_a_report(user: User) -> None:
    duplicate_many(admin(), [w.id for w in Workflow.select()])  # 84 workflows: more than one batch
    await user.open('/')
    user.find(marker='select-all').click()
    await user.should_see(marker='bulk-duplicate')
    user.find(marker='bulk-duplicate').click()
    await user.should_see(marker='bulk-progress')
    await user.should_see('84 workflows duplicated')
    await user.should_see('✓ Summer sale')
    assert Workflow.select().count() == 168
    user.find(marker='bulk-close').click()
    await user.open('/?q=summer sale')
    user.find(marker='select-all').click()
    await user.should_see(marker='selection-count')
    assert text_of(user, 'selection-count') == '4 workflows selected'


async def test_bulk_delete_of_many_shows_progress(user: User) -> None:
    duplicate_many(admin(), [w.id for w in Workflow.select()])
    await user.open('/')
    user.find(marker='select-all').click()
    await user.should_see(marker='bulk-delete')
    user.find(marker='bulk-delete').click()
    await user.should_see('84 workflows, on 4 pages, will be deleted')
    user.find(marker='confirm-delete').click()
    await user.should_see('84 workflows deleted')
    assert Workflow.select().where(Workflow.deleted_at.is_null()).count() == 0
