"""Nothing lost by a slip, on the pages: `Undo`, `Recently deleted`, the selection that follows the filter,
bulk runs with progress for move and export, the `Activity` page and a workflow's history in its editor."""

import json

from nicegui import ui
from nicegui.testing import User

from model.storage.schema import Activity, Folder, Workflow
from model.workflows.lifecycle import apply_action, delete_many, duplicate_many
from tests.pages.conftest import admin
from tests.pages.test_workflows_page import EVERYTHING, click_in_row, text_of, tick, workflow


def kept_count() -> int:
    return Workflow.select().where(Workflow.deleted_at.is_null()).count()


async def test_undo_after_deleting_from_a_row_brings_it_back(user: User) -> None:
    summer = workflow('Summer sale')
    await user.open(EVERYTHING)
    await click_in_row(user, summer.id, 'Delete')
    await user.should_see('"Summer sale" will be deleted. It stays in Recently deleted for 30 days, '
                          'where it can be restored.')
    await user.should_not_see('They stay')
    user.find(marker='confirm-delete').click()
    await user.should_see(marker='undo-bar')
    assert text_of(user, 'undo-message') == '"Summer sale" deleted'
    await user.should_not_see(marker=f'row-{summer.id}')
    user.find(marker='undo-button').click()
    await user.should_see('"Summer sale" put back as it was')
    await user.should_see(marker=f'row-{summer.id}')
    assert workflow('Summer sale').deleted_at is None


async def test_undo_of_a_duplicate_removes_the_copy(user: User) -> None:
    summer = workflow('Summer sale')
    await user.open(EVERYTHING)
    await click_in_row(user, summer.id, 'Duplicate')
    await user.should_see(marker='undo-bar')
    assert Workflow.select().where(Workflow.duplicate_of == summer.id).count() == 1
    user.find(marker='undo-button').click()
    await user.should_see('put back as it was')
    assert Workflow.select().where(Workflow.duplicate_of == summer.id).count() == 0


async def test_undo_says_why_when_the_workflow_changed_meanwhile(user: User) -> None:
    summer = workflow('Summer sale')
    onboarding = Folder.get(Folder.name == 'Onboarding')
    await user.open(EVERYTHING)
    await click_in_row(user, summer.id, 'Move to folder')
    (target,) = user.find(kind=ui.select, marker='move-target').elements
    target.value = onboarding.id
    user.find(marker='move-confirm').click()
    await user.should_see(marker='undo-bar')
    delete_many(admin(), [summer.id])  # someone else deletes it meanwhile
    user.find(marker='undo-button').click()
    await user.should_see('Nothing was undone: "Summer sale" changed meanwhile')


async def test_recently_deleted_restores_one_and_deletes_another_for_good(user: User) -> None:
    summer, digest = workflow('Summer sale'), workflow('Monthly digest')
    delete_many(admin(), [summer.id, digest.id])
    await user.open(EVERYTHING)
    await user.should_see(marker='nav-deleted')
    await user.open('/deleted')
    await user.should_see(marker=f'deleted-{summer.id}')
    assert text_of(user, 'trash-total') == '2 deleted workflows'
    user.find(marker=f'restore-{digest.id}').click()
    await user.should_see('"Monthly digest" restored')
    await user.should_not_see(marker=f'deleted-{digest.id}')
    restored = workflow('Monthly digest')
    assert (restored.deleted_at, restored.state) == (None, 'paused')  # it was active: it comes back paused
    user.find(marker=f'purge-{summer.id}').click()
    await user.should_see('This cannot be undone')
    user.find(marker='confirm-purge').click()
    await user.should_see('"Summer sale" deleted permanently')
    await user.should_see(marker='trash-empty')
    assert Workflow.get_or_none(Workflow.id == summer.id) is None


async def test_recently_deleted_restores_a_selection(user: User) -> None:
    ids, total = [w.id for w in Workflow.select().limit(3)], kept_count()
    delete_many(admin(), ids)
    await user.open('/deleted')
    user.find(marker='trash-select-all').click()
    await user.should_see('3 workflows selected')
    user.find(marker='trash-restore-selected').click()
    await user.should_see('3 workflows restored')
    assert kept_count() == total


async def test_the_selection_follows_the_search(user: User) -> None:
    total = kept_count()
    await user.open(EVERYTHING)
    user.find(marker='select-all').click()
    await user.should_see(f'{total} workflows selected')
    user.find(marker='search').type('abandoned cart')
    await user.should_see(marker='selection-dropped')
    selected = text_of(user, 'selection-count')
    matching = Workflow.select().where(Workflow.name.contains('Abandoned cart')).count()
    assert selected == f'{matching} workflows selected'
    user.find(marker='bulk-delete').click()
    await user.should_see(f'{matching} workflows will be deleted')
    user.find(marker='confirm-delete').click()
    await user.should_see(f'{matching} workflows deleted')
    assert kept_count() == total - matching
    assert not Workflow.select().where(Workflow.deleted_at.is_null(False)
                                       & ~Workflow.name.contains('Abandoned cart')).exists()


async def test_the_delete_confirmation_says_the_selection_spans_pages(user: User) -> None:
    await user.open('/?size=10')
    user.find(marker='select-all').click()
    await user.should_see(marker='bulk-delete')
    user.find(marker='bulk-delete').click()
    total = kept_count()
    await user.should_see(f'{total} workflows, on {-(-total // 10)} pages, will be deleted')


async def test_moving_many_shows_progress_per_workflow_and_offers_undo(user: User) -> None:
    duplicate_many(admin(), [w.id for w in Workflow.select()])  # twice the demo: more than one batch
    total = kept_count()
    onboarding = Folder.get(Folder.name == 'Onboarding')
    before = {w.id: w.folder_id for w in Workflow.select()}
    await user.open('/')
    user.find(marker='select-all').click()
    await user.should_see(marker='bulk-move')
    user.find(marker='bulk-move').click()
    await user.should_see(f'Move {total} workflows, on {-(-total // 25)} pages, to folder')
    (target,) = user.find(kind=ui.select, marker='move-target').elements
    target.value = onboarding.id
    user.find(marker='move-confirm').click()
    await user.should_see(marker='bulk-progress')
    already = sum(1 for folder_id in before.values() if folder_id == onboarding.id)
    await user.should_see(f'{total - already} workflows moved to "Onboarding"; {already} skipped')
    await user.should_see(marker='bulk-skipped')
    user.find(marker='bulk-close').click()
    user.find(marker='undo-button').click()
    await user.should_see(f'{total - already} workflows put back as it was')
    assert {w.id: w.folder_id for w in Workflow.select()} == before


async def test_exporting_many_shows_progress_and_makes_one_file(user: User) -> None:
    duplicate_many(admin(), [w.id for w in Workflow.select()])
    await user.open('/')
    user.find(marker='select-all').click()
    await user.should_see(marker='bulk-export')
    user.find(marker='bulk-export').click()
    response = await user.download.next(timeout=10)  # the selection is read first, then batch by batch
    await user.should_see(marker='bulk-progress')  # it stays with its report
    exported = json.loads(response.content)['workflows']
    await user.should_see('workflows exported')
    assert Activity.select().where(Activity.action == 'exported').count() == len(exported) > 50


async def test_activity_page_filters_by_action_in_the_url(user: User) -> None:
    summer = workflow('Summer sale')
    delete_many(admin(), [summer.id])
    await user.open('/activity?action=deleted')
    await user.should_see(marker='activity-table')
    (table,) = user.find(kind=ui.table, marker='activity-table').elements
    assert [(row['action'], row['workflow']) for row in table.rows] == [('Deleted', 'Summer sale')]
    await user.open(f'/activity?id={summer.id}&action=restored')
    assert text_of(user, 'activity-total') == '0 entries'


async def test_the_editor_shows_the_workflows_history(user: User) -> None:
    summer = workflow('Summer sale')
    duplicate_many(admin(), [summer.id])
    copy = Workflow.get(Workflow.duplicate_of == summer.id)
    await user.open(f'/workflows/{copy.id}')
    await user.should_see(marker='workflow-history')
    await user.should_see('Duplicated — copy of "Summer sale"')
    await user.should_see(marker='history-all')


async def test_activity_filters_change_the_entries(user: User) -> None:
    summer, digest = workflow('Summer sale'), workflow('Monthly digest')
    delete_many(admin(), [summer.id])
    delete_many(admin(), [digest.id])
    await user.open('/activity')
    await user.should_see(marker='activity-table')
    (table,) = user.find(kind=ui.table, marker='activity-table').elements
    assert [row['workflow'] for row in table.rows] == ['Monthly digest', 'Summer sale']
    user.find(marker='activity-workflow').type('summer')
    await user.should_see('1 entry')
    (table,) = user.find(kind=ui.table, marker='activity-table').elements
    assert [(row['action'], row['person']) for row in table.rows] == [('Deleted', 'Demo trainer')]
    (when_from,) = user.find(marker='activity-from').elements
    when_from.value = '2100-01-01'  # type: ignore[attr-defined]
    await user.should_see('0 entries')
    (person,) = user.find(kind=ui.select, marker='activity-person').elements
    person.value = 0
    (action,) = user.find(kind=ui.select, marker='activity-action').elements
    action.value = 'restored'
    await user.should_see('0 entries')


async def test_recently_deleted_deletes_a_selection_for_good(user: User) -> None:
    ids = [w.id for w in Workflow.select().limit(2)]
    delete_many(admin(), ids)
    await user.open('/deleted')
    user.find(marker='trash-select-all').click()
    await user.should_see(marker='trash-purge-selected')
    user.find(marker='trash-purge-selected').click()
    await user.should_see('2 workflows will be removed for good')
    user.find(marker='confirm-purge').click()
    await user.should_see('2 workflows deleted permanently')
    assert Workflow.select().where(Workflow.id.in_(ids)).count() == 0
    assert Activity.select().where(Activity.action == 'purged').count() == 2


async def test_recently_deleted_takes_in_a_delete_elsewhere_and_keeps_its_rows_and_selection(user: User) -> None:
    summer, digest = workflow('Summer sale'), workflow('Monthly digest')
    delete_many(admin(), [summer.id])
    await user.open('/deleted')
    await user.should_see(marker=f'deleted-{summer.id}')
    (row,) = user.find(marker=f'deleted-{summer.id}').elements
    user.find(marker=f'trash-select-{summer.id}').click()
    await user.should_see('1 workflow selected')
    delete_many(admin(), [digest.id])  # someone else, meanwhile
    await user.should_see(marker=f'deleted-{digest.id}')
    assert text_of(user, 'trash-total') == '2 deleted workflows'
    assert user.find(marker=f'deleted-{summer.id}').elements == {row}  # not drawn again
    assert text_of(user, 'trash-selection-count') == '1 workflow selected'


async def test_the_activity_page_shows_a_change_elsewhere_in_the_same_table(user: User) -> None:
    summer = workflow('Summer sale')
    await user.open('/activity?action=deleted')
    await user.should_see('0 entries')
    (table,) = user.find(kind=ui.table, marker='activity-table').elements
    delete_many(admin(), [summer.id])  # someone else, meanwhile
    await user.should_see('1 entry')
    assert [(row['action'], row['workflow']) for row in table.rows] == [('Deleted', 'Summer sale')]
    assert user.find(kind=ui.table, marker='activity-table').elements == {table}  # updated in place


async def test_a_selected_workflow_paused_elsewhere_leaves_the_selection_of_a_list_of_active_ones(user: User) -> None:
    active = list(Workflow.select().where(Workflow.state == 'active').limit(2))
    await user.open('/?state=active&size=100')
    for chosen in active:
        tick(user, chosen.id)
    await user.should_see('2 workflows selected')
    apply_action(admin(), active[0].id, 'pause', active[0].version)  # someone else, meanwhile
    await user.should_see('1 workflow selected')
    assert text_of(user, 'selection-dropped') == '(1 no longer in this view, deselected)'


async def test_a_delete_from_the_editor_offers_undo_on_the_list_it_leads_to(user: User) -> None:
    summer = workflow('Summer sale')
    await user.open(f'/workflows/{summer.id}')
    user.find(marker='editor-delete').click()
    await user.should_see('It stays in Recently deleted for 30 days')
    user.find(marker='confirm-delete').click()
    await user.should_see(marker='create-new')  # back on the list
    await user.should_see(marker='undo-bar')
    assert text_of(user, 'undo-message') == '"Summer sale" deleted'
    user.find(marker='undo-button').click()
    await user.should_see('"Summer sale" put back as it was')
    assert workflow('Summer sale').deleted_at is None
