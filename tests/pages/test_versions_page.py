"""The editor's `Versions` in the simulated browser: which restore each state and role offers, and the links
from the activity log."""

from nicegui import ui
from nicegui.testing import User

from model.storage.schema import Workflow
from model.workflows.editing import load_draft, save_draft
from model.workflows.lifecycle import apply_action
from model.workflows.versions import list_versions
from tests.pages.conftest import add_person, admin, sign_in
from tests.pages.test_signin_page import sign_out


def demo(name: str) -> Workflow:
    return Workflow.get(Workflow.name == name)


def save_wait(name: str, hours: int) -> Workflow:
    """Change the workflow's Wait behind the page's back, as someone else would."""
    workflow = demo(name)
    _, draft = load_draft(admin(), workflow.id)
    draft.nodes['wait'].config['duration_hours'] = hours
    return save_draft(admin(), workflow.id, workflow.version, draft)


def buttons(user: User) -> set[str]:
    return {b.text for b in user.find(kind=ui.button).elements}  # type: ignore[attr-defined]


async def test_an_activity_link_opens_the_version_it_made(user: User) -> None:
    workflow = save_wait('Cart recovery with discount', 5)
    newest, first = list_versions(admin(), workflow.id)
    await user.open('/activity')
    await user.should_see(marker='activity-table')
    (table,) = user.find(kind=ui.table, marker='activity-table').elements
    assert [(row['action'], row['version_id']) for row in table.rows] == [('Edited', newest.id)]  # its link
    await user.open(f'/workflows/{workflow.id}?version={first.id}')
    await user.should_see(marker='shown-version')
    await user.should_see('Duration: 2 h')  # the version's settings in words, not the current 5 h
    assert 'Restore this version' in buttons(user)
    await user.open(f'/workflows/{workflow.id}?version={newest.id}')
    await user.should_see('Duration: 5 h')
    assert 'Restore this version' not in buttons(user)  # it is the current content
    await user.open(f'/workflows/{workflow.id}?version={newest.id + 1000}')  # pruned meanwhile
    await user.should_see('This version does not exist (it may no longer be kept)')
    await user.should_see('Duration: 5 h')  # the newest instead


async def test_a_started_workflow_offers_its_settings_back_and_a_new_draft(user: User) -> None:
    workflow = save_wait('Abandoned cart – 2 hours', 3)
    first = list_versions(admin(), workflow.id)[-1]
    await user.open(f'/workflows/{workflow.id}?version={first.id}')
    await user.should_see(marker='shown-version')
    assert {'Restore its settings', 'Restore as a new draft'} <= buttons(user)
    user.find(marker='restore-version').click()
    await user.should_see('Version 1 restored', retries=30)
    assert load_draft(admin(), workflow.id)[1].nodes['wait'].config['duration_hours'] == 2


async def test_a_finalized_workflow_offers_only_a_new_draft(user: User) -> None:
    workflow = save_wait('Cart recovery with discount', 5)
    for action in ('start', 'finalize'):
        workflow = apply_action(admin(), workflow.id, action, workflow.version)
    first = list_versions(admin(), workflow.id)[-1]
    await user.open(f'/workflows/{workflow.id}?version={first.id}')
    await user.should_see(marker='shown-version')
    assert not buttons(user) & {'Restore this version', 'Restore its settings'}
    user.find(marker='restore-as-draft').click()
    await user.should_see('Version 1 restored as "Cart recovery with discount [1]"', retries=30)
    copy = Workflow.get((Workflow.duplicate_of == workflow.id) & (Workflow.duplicate_number == 1))
    assert (copy.state, load_draft(admin(), copy.id)[1].nodes['wait'].config) == ('draft', {'duration_hours': 2})


async def test_a_viewer_looks_and_compares_but_is_offered_no_restore(user: User) -> None:
    workflow = save_wait('Cart recovery with discount', 5)
    first = list_versions(admin(), workflow.id)[-1]
    password = add_person('viewer@example.com', 'Vera Viewer', 'viewer')
    await sign_out(user)
    await sign_in(user, 'viewer@example.com', password)
    await user.open(f'/workflows/{workflow.id}?version={first.id}')
    await user.should_see(marker='shown-version')
    assert not buttons(user) & {'Restore this version', 'Restore as a new draft'}
    user.find(marker='compare-with-current').click()
    await user.should_see('Version 1 → version 2')
    await user.should_see('Wait: 2 h → 5 h')
