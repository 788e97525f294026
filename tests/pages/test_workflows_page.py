"""The Workflows page in NiceGUI's simulated browser: what a person sees and what their clicks do."""

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from nicegui import ui
from nicegui.outbox import Outbox
from nicegui.testing import User

from model.access.gate import Actor
from model.common.clock import clock
from model.storage.schema import Workflow
from model.workflows.lifecycle import apply_action, create_blank, delete_many, duplicate_many, sweep_expired_pauses
from model.workflows.listing import ListPage, ListQuery
from tests.pages.conftest import PATIENCE, admin, sign_in

EVERYTHING = '/?size=100'  # the demo's 42 workflows on one page


def workflow(name: str) -> Workflow:
    return Workflow.get(Workflow.name == name)


def shown(user: User, workflow_id: int) -> dict[str, Any]:
    """What the browser draws of the workflow's row: its texts, badges, buttons and `More` menu (the ``row`` prop of
    the one element a row is, ui/workflow_row.py)."""
    (row,) = user.find(marker=f'row-{workflow_id}').elements
    return row.props['row']


def buttons_of(user: User, workflow_id: int) -> list[str]:
    return [button['label'] for button in shown(user, workflow_id)['buttons']] + ['More']


def menu_of(user: User, workflow_id: int) -> list[str]:
    return [item['label'] for item in shown(user, workflow_id)['menu']]


def text_of(user: User, marker: str) -> str:
    """The exact text of the one element with ``marker`` (should_see matches substrings)."""
    (element,) = user.find(marker=marker).elements
    return element.text  # type: ignore[attr-defined]


async def click_in_row(user: User, workflow_id: int, label: str) -> None:
    """Click the row's button or `More` entry called ``label``, once the row offers it: a click's new state reaches
    the row through its announcement, which may come after the click's notification."""
    await row_offers(user, workflow_id, label)
    key = next(offer['key'] for offer in offers_of(user, workflow_id) if offer['label'] == label)
    user.find(marker=f'row-{workflow_id}').trigger('act', {'id': workflow_id, 'key': key})


def offers_of(user: User, workflow_id: int) -> list[dict[str, Any]]:
    """The row's buttons and `More` entries (none while the list does not show the workflow)."""
    if not user.find(marker=f'row-{workflow_id}').elements:
        return []
    row = shown(user, workflow_id)
    return row['buttons'] + row['menu']


async def row_offers(user: User, workflow_id: int, label: str, offered: bool = True) -> None:
    """Wait until the row offers ``label`` as a button or in its menu (or, ``offered=False``, no longer does)."""
    await eventually(lambda: (label in [offer['label'] for offer in offers_of(user, workflow_id)]) == offered,
                     f'row {workflow_id} {"does not offer" if offered else "still offers"} "{label}"')


async def eventually(holds: Callable[[], bool], failure: str) -> None:
    """Wait until ``holds()``, retrying every 0.1 s as long as ``should_see`` does; else fail with ``failure``."""
    for _ in range(PATIENCE):
        if holds():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(failure)


def tick(user: User, workflow_id: int) -> None:
    """Click the row's checkbox."""
    selected = not shown(user, workflow_id)['selected']
    user.find(marker=f'row-{workflow_id}').trigger('toggle', {'id': workflow_id, 'selected': selected})


async def test_list_shows_demo_workflows_with_badges_and_total(user: User) -> None:
    await user.open(EVERYTHING)
    await user.should_see('Abandoned cart – 2 hours')
    await user.should_see('42 workflows')
    await user.should_see('Select all (42)')
    copy = workflow('Birthday – draft v2')
    assert (shown(user, copy.id)['state'], shown(user, copy.id)['type']) == ('Draft', 'Mass action')


async def test_each_state_offers_its_own_buttons_and_more_menu(user: User) -> None:
    await user.open(EVERYTHING)
    ready, broken = workflow('Cart recovery with discount'), workflow('Onboarding – app download')
    active, paused = workflow('Abandoned cart – 2 hours'), workflow('Abandoned cart – sneakers')
    finalized = workflow('Weekly newsletter #47')
    assert buttons_of(user, ready.id) == ['Edit', 'Start', 'More']
    assert buttons_of(user, broken.id) == ['Edit', 'More']
    assert buttons_of(user, active.id) == ['Finalize', 'More']
    assert buttons_of(user, paused.id) == ['Resume', 'More']
    assert buttons_of(user, finalized.id) == ['Live view', 'More']
    common = ['Duplicate', 'Export', 'Delete', 'Move to folder']
    assert menu_of(user, ready.id) == ['Edit', *common]
    assert menu_of(user, active.id) == ['Edit', 'Pause', 'Live view', *common]
    assert menu_of(user, paused.id) == ['Edit', 'Live view', *common]
    assert menu_of(user, finalized.id) == common
    assert shown(user, broken.id)['errors'] == '1 error'


async def test_finalized_workflow_without_data_offers_no_live_view(user: User) -> None:
    old = workflow('Black Friday 2025')
    assert old.has_data is False
    await user.open(EVERYTHING)
    assert buttons_of(user, old.id) == ['More']


async def should_show_state(user: User, workflow_id: int, state: str) -> None:
    """Wait until the row's state badge says ``state``: a person clicks the buttons of the row they see."""
    await eventually(lambda: shown(user, workflow_id)['state'] == state, f'row {workflow_id} does not show {state}')


async def test_full_life_from_the_rows_with_notifications(user: User) -> None:
    draft = workflow('Cart recovery with discount')
    await user.open(EVERYTHING)
    await click_in_row(user, draft.id, 'Start')
    await user.should_see('"Cart recovery with discount" started')
    assert workflow(draft.name).state == 'active'
    await should_show_state(user, draft.id, 'Active')
    await click_in_row(user, draft.id, 'Pause')
    await user.should_see('"Cart recovery with discount" paused')
    await should_show_state(user, draft.id, 'Paused')
    await click_in_row(user, draft.id, 'Resume')
    await user.should_see('"Cart recovery with discount" resumed')
    await should_show_state(user, draft.id, 'Active')
    await click_in_row(user, draft.id, 'Finalize')
    await user.should_see('"Cart recovery with discount" finalized')
    stored = workflow(draft.name)
    assert (stored.state, stored.finalized_reason, stored.priority_position) == ('finalized', 'person', None)


async def test_paused_rows_show_expiry_and_warn_in_the_last_week(user: User) -> None:
    await user.open(EVERYTHING)
    soon = workflow('Welcome – SMS opt-in')
    later = workflow('Abandoned cart – sneakers')
    await user.should_see(f'Pause expires on {soon.pause_expires_at:%Y-%m-%d}')
    warning = shown(user, soon.id)['note']
    assert warning['warning'] and warning['text'].endswith('left, then it is finalized'), warning
    assert shown(user, later.id)['note']['warning'] is False
    await user.should_see(f'Pause expires on {later.pause_expires_at:%Y-%m-%d}')


async def test_bulk_duplicate_then_bulk_delete_with_confirmation(user: User) -> None:
    first, second = workflow('Summer sale'), workflow('Monthly digest')
    await user.open(EVERYTHING)
    tick(user, first.id)
    tick(user, second.id)
    await user.should_see('2 workflows selected')
    user.find(marker='bulk-duplicate').click()
    await user.should_see('2 workflows duplicated')
    copies = list(Workflow.select().where(Workflow.duplicate_of.in_([first.id, second.id])))
    assert sorted((c.name, c.duplicate_number, c.state) for c in copies) == [
        ('Monthly digest', 1, 'draft'), ('Summer sale', 1, 'draft')]
    await user.should_see('44 workflows')
    user.find(marker='bulk-delete').click()
    await user.should_see('Delete workflow')
    await user.should_see('• Monthly digest')
    user.find(marker='confirm-delete').click()
    await user.should_see('2 workflows deleted')
    assert Workflow.select().where(Workflow.id.in_([first.id, second.id]) & Workflow.deleted_at.is_null()).count() == 0
    assert Workflow.select().where(Workflow.deleted_at.is_null()).count() == 42


async def test_cancelling_the_delete_dialog_keeps_the_workflow(user: User) -> None:
    target = workflow('Summer sale')
    await user.open(EVERYTHING)
    await click_in_row(user, target.id, 'Delete')
    await user.should_see('Delete workflow')
    user.find(kind=ui.button, content='Cancel').click()
    assert Workflow.get_or_none(Workflow.id == target.id) is not None


async def test_select_all_takes_every_match_of_the_filter_not_only_the_page(user: User) -> None:
    await user.open('/?size=10')
    await user.should_see('Select all (42)')
    user.find(marker='select-all').click()
    await user.should_see('42 workflows selected')
    await user.should_see(marker='deselect-all')
    user.find(marker='deselect-all').click()
    await user.should_not_see(marker='selection-count')
    await user.open('/?q=abandoned')
    user.find(marker='select-all').click()
    await user.should_see(marker='selection-count')
    assert text_of(user, 'selection-count') == '4 workflows selected'


async def test_search_filters_and_url_parameters_reproduce_a_view(user: User) -> None:
    await user.open('/?state=paused&sort=name')
    await user.should_see(marker='list-total')
    assert text_of(user, 'list-total') == '6 workflows'
    await user.should_see('Abandoned cart – sneakers')
    await user.should_not_see('Monthly digest')
    await user.open(EVERYTHING)
    user.find(marker='search').type('ABANDONED')
    await user.should_not_see('Monthly digest')
    assert text_of(user, 'list-total') == '4 workflows'
    await user.open('/?q=re-engagement&incidents=without')
    assert text_of(user, 'list-total') == '3 workflows'
    await user.open('/?q=CAFÉ')
    await user.should_see('No workflow matches this search and these filters.')
    create_blank(admin(), 'Crème brûlée – café promo')
    await user.open('/?q=creme brulee')
    assert text_of(user, 'list-total') == '1 workflow'
    await user.open('/?q=CAFE')
    await user.should_see('Crème brûlée – café promo')
    await user.open('/?type=rule')
    await user.should_see('Re-engagement – 90 days')
    await user.should_not_see('Weekly newsletter #48')


async def test_stale_click_is_refused_and_the_row_shows_the_new_state(user: User) -> None:
    draft = workflow('Cart recovery with discount')
    await user.open(EVERYTHING)
    apply_action(admin(), draft.id, 'start', draft.version)  # someone else, meanwhile
    await click_in_row(user, draft.id, 'Start')  # the button was drawn for the draft
    await user.should_see('"Cart recovery with discount" changed meanwhile: it is now Active')
    await row_offers(user, draft.id, 'Finalize')
    assert workflow(draft.name).version == draft.version + 1


async def test_a_click_sent_before_a_row_was_given_another_workflow_does_nothing(user: User) -> None:
    """A row is reused for another workflow when the page turns: a click the browser sent for the one it showed
    before must not act on its successor."""
    draft, before = workflow('Cart recovery with discount'), workflow('Summer sale')
    await user.open(EVERYTHING)
    row = user.find(marker=f'row-{draft.id}')
    row.trigger('toggle', {'id': before.id, 'selected': True})
    row.trigger('act', {'id': before.id, 'key': 'delete'})
    assert shown(user, draft.id)['selected'] is False
    await user.should_not_see(marker='selection-count')
    await user.should_not_see('Delete workflow')
    row.trigger('act', {'id': draft.id, 'key': 'delete'})  # the same click, for the workflow the row shows
    await user.should_see('Delete workflow')


async def test_two_people_see_each_others_changes_without_reload(create_user) -> None:
    alice, bob = create_user(), create_user()
    await sign_in(alice)
    await sign_in(bob)
    await alice.open(EVERYTHING)
    await bob.open(EVERYTHING)
    draft = workflow('Cart recovery with discount')
    await click_in_row(alice, draft.id, 'Start')
    await alice.should_see('"Cart recovery with discount" started')
    await row_offers(bob, draft.id, 'Finalize')
    await click_in_row(alice, draft.id, 'Duplicate')
    await bob.should_see('43 workflows')


async def test_the_sweep_finalizes_expired_pauses_on_open_pages(user: User) -> None:
    soon = workflow('Welcome – SMS opt-in')
    await user.open(EVERYTHING)
    clock.advance(timedelta(days=8))
    assert sweep_expired_pauses() == 1
    await row_offers(user, soon.id, 'Resume', offered=False)
    assert workflow(soon.name).finalized_reason == 'pause expired'


async def test_create_blank_workflow_opens_the_editor(user: User) -> None:
    await user.open(EVERYTHING)
    user.find(marker='create-new').click()
    await user.should_see('Create blank workflow')
    user.find(marker='create-blank').click()
    user.find(marker='new-name').type('  Spring launch  ')
    user.find(marker='confirm-create').click()
    await user.should_see('"Spring launch" created')
    created = workflow('Spring launch')
    assert (created.state, created.origin) == ('draft', 'blank')
    await user.should_see(marker='workflow-name')


async def test_an_empty_name_gives_an_untitled_workflow(user: User) -> None:
    await user.open('/workflows/new')
    user.find(marker='create-blank').click()
    user.find(marker='confirm-create').click()
    await user.should_see('"Untitled workflow" created')
    assert Workflow.select().where(Workflow.name == 'Untitled workflow').count() == 2


async def test_pages_are_cut_on_the_server_and_a_page_past_the_end_shows_the_last(user: User) -> None:
    await user.open('/?size=10&page=5')
    await user.should_see(marker='pagination')
    assert len(user.find(marker='workflow-row').elements) == 2
    await user.open('/?size=10&page=99')
    assert len(user.find(marker='workflow-row').elements) == 2
    await user.open('/?size=10')
    assert len(user.find(marker='workflow-row').elements) == 10


async def test_sorted_by_creation_a_state_change_redraws_its_row_and_the_ranks_behind_it(user: User) -> None:
    first, second = (Workflow.select().where(Workflow.state == 'active')
                     .order_by(Workflow.priority_position).limit(2))
    await user.open('/?sort=created&size=100')  # the rows stay where they are: only what changed is read again
    await row_offers(user, first.id, 'Finalize')
    assert rank_of(user, second.id) == 'Execution order #2'
    apply_action(admin(), first.id, 'finalize', first.version)  # someone else, meanwhile
    await row_offers(user, first.id, 'Finalize', offered=False)
    assert rank_of(user, first.id) == ''
    assert rank_of(user, second.id) == 'Execution order #1'
    assert text_of(user, 'list-total') == '42 workflows'



async def test_a_change_seen_on_an_open_list_redraws_only_the_parts_it_changes(
        user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.workflow_row import WorkflowRow  # a page module: imported once the app is running
    await user.open(EVERYTHING)
    await user.should_see('42 workflows')
    sent: list[ui.element] = []  # what the page sends the browser, element by element
    enqueue = Outbox.enqueue_update

    def recorded(outbox: Outbox, element: ui.element) -> None:
        sent.append(element)
        enqueue(outbox, element)

    monkeypatch.setattr(Outbox, 'enqueue_update', recorded)
    duplicate_many(admin(), [workflow('Cart recovery with discount').id])  # someone else, meanwhile
    await user.should_see('43 workflows')
    assert {'list-total', 'select-all', 'folder-count'} <= {marker for element in sent for marker in element._markers}
    redrawn = list(sent)
    sent.clear()
    tick(user, workflow('Cart recovery with discount').id)  # and this person's clicks, once the toolbar shows
    await user.should_see('1 workflow selected')
    sent.clear()
    tick(user, workflow('Abandoned cart – 2 hours').id)
    await user.should_see('2 workflows selected')
    assert {'selection-count', 'workflow-row'} <= {marker for element in sent for marker in element._markers}
    for element in redrawn + sent:
        others = [e for e in redrawn_with(element) if not isinstance(e, WorkflowRow)]
        assert len(others) <= 2, f'{element.tag} {element._markers} redraws {len(others)} elements besides rows'


def redrawn_with(element: ui.element) -> list[ui.element]:
    """What the browser draws again when ``element`` changes: everything under its nearest Vue component (a tag
    with a dash); NiceGUI's browser side draws an update from there, ui/region.py."""
    scope = element.parent_slot.parent if element.parent_slot else element
    while '-' not in scope.tag:
        scope = scope.parent_slot.parent  # type: ignore[union-attr]
    return list(scope.descendants())


def rank_of(user: User, workflow_id: int) -> str:
    return shown(user, workflow_id)['rank']


async def test_the_next_page_is_read_ahead_and_a_change_meanwhile_is_not_missed(
        user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import workflows_page  # a page module: imported once the app is running
    read: list[int] = []  # the pages of the list by name that were read
    list_workflows = workflows_page.list_workflows

    def counted(actor: Actor, query: ListQuery) -> ListPage:
        if query.sort == 'name':
            read.append(query.page)
        return list_workflows(actor, query)

    monkeypatch.setattr(workflows_page, 'list_workflows', counted)
    by_name = ListQuery(sort='name', page_size=10)
    second, third = (list_workflows(admin(), by_name.with_changes(page=n)).rows for n in (2, 3))
    await user.open('/?sort=name&size=10')
    await eventually(lambda: 2 in read, 'page 2 was never read ahead')
    (pagination,) = user.find(kind=ui.pagination).elements
    pagination.value = 2  # page 2 was read while page 1 was shown: the click swaps it in
    await user.should_see(marker=f'row-{second[0].id}')
    assert read.count(2) == 1
    await eventually(lambda: 3 in read, 'page 3 was never read ahead')
    delete_many(admin(), [third[0].id])  # after page 3 was read ahead: it is read again at the click
    await user.should_see('41 workflows')
    pagination.value = 3
    await user.should_see(third[1].name)
    await user.should_not_see(third[0].name)

