"""What a new user's first hour showed up: messages that say what happened, and first steps in an empty account."""

import asyncio
from datetime import timedelta

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_notify import UserNotify

from model.access.activity import ActivityQuery, activity_page
from model.common.clock import clock
from model.common.errors import Invalid
from model.jobs.site_settings import advance_clock, back_to_real_time
from model.storage.schema import Folder, Form, Node, Workflow
from model.traffic.statistics import live_figures
from model.workflows.folders import move_workflows
from model.workflows.lifecycle import create_blank, delete_many
from tests.pages.conftest import admin
from tests.pages.test_editor_page import on_canvas
from tests.pages.test_workflows_page import EVERYTHING, tick, workflow


class KindsNoted(UserNotify):
    """The simulated user's notifications, with each one's type kept too."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: list[str] = []

    def __call__(self, message: str, **kwargs: object) -> None:
        super().__call__(message, **kwargs)
        self.kinds.append(str(kwargs.get('type')))


@pytest.fixture
def notified(user: User) -> list[str]:
    """The types of the notifications shown to ``user`` from now on."""
    user.notify = KindsNoted()
    return user.notify.kinds


async def move_selected_to(user: User, names: list[str], folder: Folder) -> None:
    await user.open(EVERYTHING)
    for name in names:
        tick(user, workflow(name).id)
    await user.should_see(f'{len(names)} workflows selected')
    user.find(marker='bulk-move').click()
    await user.should_see(marker='move-target')
    (target,) = user.find(kind=ui.select, marker='move-target').elements
    target.value = folder.id
    user.find(marker='move-confirm').click()


async def test_a_bulk_move_where_everything_was_skipped_is_a_warning(user: User,
                                                                    notified: list[str]) -> None:
    onboarding = Folder.get(Folder.name == 'Onboarding')
    names = ['Summer sale', 'Monthly digest']
    move_workflows(admin(), [workflow(name).id for name in names], onboarding.id)
    await move_selected_to(user, names, onboarding)
    await user.should_see('No workflow moved to "Onboarding"; 2 skipped: "Monthly digest" already in "Onboarding"')
    assert notified[-1] == 'warning'
    await user.should_not_see(marker='undo-bar')


async def test_a_bulk_move_where_some_were_skipped_lists_them_beside_undo(user: User) -> None:
    onboarding = Folder.get(Folder.name == 'Onboarding')
    move_workflows(admin(), [workflow('Summer sale').id], onboarding.id)
    await move_selected_to(user, ['Summer sale', 'Monthly digest'], onboarding)
    await user.should_see(marker='undo-bar')
    await user.should_see('"Monthly digest" moved to "Onboarding"; 1 skipped: "Summer sale" already in "Onboarding"')
    await user.should_see(marker='undo-info')  # some skipped: worth reading, not a plain success


async def test_a_bulk_move_without_skips_is_a_success(user: User, notified: list[str]) -> None:
    onboarding = Folder.get(Folder.name == 'Onboarding')
    await move_selected_to(user, ['Summer sale', 'Monthly digest'], onboarding)
    await user.should_see('2 workflows moved to "Onboarding"')
    assert notified == []  # the Undo bar says it; no warning or info besides
    await user.should_not_see(marker='undo-info')


async def test_an_empty_account_shows_first_steps_not_a_no_match_message(user: User) -> None:
    delete_many(admin(), [w.id for w in Workflow.select()])
    await user.open('/')
    await user.should_see('No workflows yet')
    for step in ('Create from a template', 'Create blank', 'Import a file'):
        await user.should_see(step)
    await user.should_not_see('No workflow matches this search and these filters.')
    user.find('Create blank').click()
    await user.should_see(marker='name-dialog')


async def test_a_search_without_matches_in_a_full_account_says_so(user: User) -> None:
    await user.open('/?q=nothing-is-called-this')
    await user.should_see('No workflow matches this search and these filters.')
    await user.should_not_see('No workflows yet')


async def test_bulk_finalize_asks_first_then_reports_the_skipped_drafts(user: User,
                                                                        notified: list[str]) -> None:
    active, draft = workflow('Abandoned cart – 2 hours'), workflow('Cart recovery with discount')
    await user.open(EVERYTHING)
    for chosen in (active, draft):
        tick(user, chosen.id)
    await user.should_see('2 workflows selected')
    user.find(marker='bulk-finalize').click()
    await user.should_see('This cannot be undone')
    assert Workflow.get_by_id(active.id).state == 'active'  # nothing yet: it asked first
    user.find(marker='confirm-finalize').click()
    await user.should_see('"Abandoned cart – 2 hours" finalized; 1 skipped: "Cart recovery with discount" is a '
                          'draft: only active workflows can be finalized')
    assert notified[-1] == 'info'  # some skipped, listed
    assert [Workflow.get_by_id(w.id).state for w in (active, draft)] == ['finalized', 'draft']


async def test_bulk_pause_and_resume_from_the_toolbar(user: User) -> None:
    active = [w for w in Workflow.select().where(Workflow.state == 'active').order_by(Workflow.id)][:2]
    await user.open(EVERYTHING)
    for chosen in active:
        tick(user, chosen.id)
    await user.should_see('2 workflows selected')
    user.find(marker='bulk-pause').click()
    await user.should_see('2 workflows paused')
    assert {Workflow.get_by_id(w.id).state for w in active} == {'paused'}
    user.find(marker='bulk-resume').click()
    await user.should_see('2 workflows resumed')
    assert {Workflow.get_by_id(w.id).state for w in active} == {'active'}


async def test_an_active_workflow_is_renamed_in_the_editor(user: User) -> None:
    active = workflow('Abandoned cart – 2 hours')
    await user.open(f'/workflows/{active.id}')
    (name,) = user.find(kind=ui.input, marker='workflow-name').elements
    name.value = 'Abandoned cart – two hours'
    user.find(marker='editor-save').click()
    await user.should_see('saved')
    renamed = Workflow.get_by_id(active.id)
    assert (renamed.name, renamed.state) == ('Abandoned cart – two hours', 'active')
    (entry,) = activity_page(admin(), ActivityQuery(action='renamed')).entries
    assert (entry.workflow_name, entry.detail) == ('Abandoned cart – two hours', 'was "Abandoned cart – 2 hours"')


async def test_a_wait_is_typed_in_minutes_hours_or_days(user: User) -> None:
    created = create_blank(admin(), 'Unit test')
    await user.open(f'/workflows/{created.id}')
    user.find(marker='add-wait').click()
    await user.should_see(marker='setting-duration_hours-unit')
    (amount,) = user.find(kind=ui.number, marker='setting-duration_hours').elements
    (unit,) = user.find(kind=ui.select, marker='setting-duration_hours-unit').elements
    assert unit.value == 'hours'
    unit.value = 'minutes'
    amount.value = 0
    user.find(marker='editor-save').click()
    await user.should_see('Duration is at least 1 minute', retries=50)
    assert Node.get((Node.workflow == created.id) & (Node.kind == 'wait')).config.get('duration_hours') != 0
    amount.value = 90
    user.find(marker='editor-save').click()
    await user.should_see('"Unit test" saved', retries=50)
    assert Node.get((Node.workflow == created.id) & (Node.kind == 'wait')).config == {'duration_hours': 1.5}
    await user.should_see(marker='setting-duration_hours-unit')  # the panel is drawn again after a save
    (unit,) = user.find(kind=ui.select, marker='setting-duration_hours-unit').elements
    assert unit.value == 'minutes'
    unit.value = 'days'  # the amount stays, its unit changes: 90 days
    saves = user.notify.messages.count('"Unit test" saved')
    user.find(marker='editor-save').click()
    for _ in range(50):
        if user.notify.messages.count('"Unit test" saved') > saves:
            break
        await asyncio.sleep(0.1)
    assert Node.get((Node.workflow == created.id) & (Node.kind == 'wait')).config == {'duration_hours': 2160}
    await user.open(f'/workflows/{created.id}')
    wait_key = Node.get((Node.workflow == created.id) & (Node.kind == 'wait')).key
    on_canvas(user, 'select', id=wait_key)
    await user.should_see(marker='setting-duration_hours-unit')
    (unit,) = user.find(kind=ui.select, marker='setting-duration_hours-unit').elements
    (amount,) = user.find(kind=ui.number, marker='setting-duration_hours').elements
    assert (amount.value, unit.value) == (90, 'days')


async def test_live_view_shows_a_custom_range_from_the_address_and_refuses_an_end_before_the_start(
        user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    today = clock.now().date()
    first, last = today - timedelta(days=9), today - timedelta(days=2)
    await user.open(f'/workflows/{cart.id}/live?range=custom&from={first}&to={last}')
    await user.should_see(marker='chart')
    (chart,) = user.find(marker='chart').elements
    assert chart.options['xAxis']['data'] == [str(first + timedelta(days=n)) for n in range(8)]  # type: ignore
    (end,) = user.find(kind=ui.input, marker='range-to').elements
    assert end.value == str(last)
    end.value = str(first - timedelta(days=1))
    await user.should_see(f'The range ends ({first - timedelta(days=1)}) before it starts ({first})')
    assert chart.options['xAxis']['data'][0] == str(first)  # type: ignore[attr-defined]  # nothing changed
    await user.open(f'/workflows/{cart.id}/live?range=custom&from={last}&to={first}')
    await user.should_see('before it starts')
    await user.should_see(marker='chart')  # the default range's figures meanwhile


def test_live_figures_count_only_the_custom_days(user: User) -> None:
    """The data query itself: a custom range bounds every figure but "waiting now"."""
    cart = workflow('Abandoned cart – 2 hours')
    today = clock.now().date()
    whole = live_figures(admin(), cart.id, None)
    one_day = live_figures(admin(), cart.id, None, (today, today))
    assert one_day.days == [today]
    assert one_day.totals['entered'] <= whole.totals['entered']
    assert one_day.waiting == whole.waiting
    with pytest.raises(Invalid, match='before it starts'):
        live_figures(admin(), cart.id, None, (today, today - timedelta(days=1)))


async def test_the_forms_page_creates_refuses_a_taken_name_and_deletes_only_unused_forms(user: User) -> None:
    await user.open('/')
    user.find(marker='nav-forms').click()
    await user.should_see('Newsletter sign-up')  # the demo's forms
    user.find(marker='new-form').click()
    user.find(marker='form-name').type('Contest entry')
    user.find(marker='form-fields-input').type('email\nanswer')
    user.find(marker='form-save').click()
    await user.should_see('Form "Contest entry" created')
    created = Form.get(Form.name == 'Contest entry')
    assert created.fields == ['email', 'answer']
    await user.should_see(marker=f'form-{created.id}')
    user.find(marker=f'edit-{created.id}').click()
    user.find(marker='form-name').clear().type('newsletter SIGN-UP')
    user.find(marker='form-save').click()
    await user.should_see('There is already a form called "newsletter SIGN-UP" in this account')
    assert Form.get_by_id(created.id).name == 'Contest entry'
    used = Form.get(Form.name == 'Newsletter sign-up')
    user.find(marker=f'delete-{used.id}').click()
    await user.should_see('"Newsletter sign-up" cannot be deleted')
    await user.should_see(marker=f'uses-{workflow("Welcome series").id}')
    assert Form.select().where(Form.id == used.id).exists()
    await user.open('/forms')
    user.find(marker=f'delete-{created.id}').click()
    user.find(marker='confirm-delete').click()
    await user.should_see('"Contest entry" deleted')
    assert not Form.select().where(Form.id == created.id).exists()


async def test_a_custom_range_starts_from_the_accounts_own_date(user: User) -> None:
    cart = workflow('Abandoned cart – 2 hours')
    advance_clock(admin(), '1 week')
    try:
        await user.open(f'/workflows/{cart.id}/live?range=7')
        await user.should_see(marker='range')
        (choice,) = user.find(kind=ui.toggle, marker='range').elements
        choice.value = -1  # Custom (ui/live_view_page.py; a page module is not imported before the app loads it)
        (end,) = user.find(kind=ui.input, marker='range-to').elements
        assert end.value == str(clock.now(cart.account_id).date())
        assert end.value == str(clock.now().date() + timedelta(weeks=1))
    finally:
        back_to_real_time(admin())
