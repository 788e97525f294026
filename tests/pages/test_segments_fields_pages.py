"""The Segments and Custom fields pages in the simulated browser: each page, each role, and the imported drafts
they fix."""

import json

from nicegui import ui
from nicegui.testing import User

from model.account_data.segments import create_segment, segment_users
from model.storage.schema import CustomField, Segment, Workflow
from model.workflows.exchange import import_workflows
from tests.pages.conftest import add_person, admin, sign_in
from tests.pages.test_signin_page import sign_out


def segment(name: str) -> Segment:
    return Segment.get(Segment.name == name)


async def test_create_edit_and_refuse_a_duplicate_segment(user: User) -> None:
    await user.open('/segments')
    await user.should_see('VIP customers')
    user.find(marker='new-segment').click()
    user.find(marker='segment-name').type('Big <b>spenders</b>')
    user.find(marker='segment-rule-input').type('total_spent > 5000')
    user.find(marker='segment-save').click()
    await user.should_see('Segment "Big <b>spenders</b>" created')
    created = segment('Big <b>spenders</b>')
    assert (created.kind, created.definition) == ('contact', {'rule': 'total_spent > 5000'})
    await user.should_see(marker=f'segment-{created.id}')
    user.find(marker=f'edit-{created.id}').click()
    user.find(marker='segment-name').clear().type('vip CUSTOMERS')
    user.find(marker='segment-save').click()
    await user.should_see('There is already a segment called "vip CUSTOMERS" in this account')
    user.find(marker='segment-name').clear().type('Big spenders')
    user.find(marker='segment-save').click()
    await user.should_see('Segment "Big spenders" saved')
    assert Segment.get_by_id(created.id).name == 'Big spenders'


async def test_an_empty_name_is_refused_with_a_clear_message(user: User) -> None:
    await user.open('/segments')
    user.find(marker='new-segment').click()
    user.find(marker='segment-rule-input').type('a = 1')
    user.find(marker='segment-save').click()
    await user.should_see('The segment name cannot be empty')
    assert Segment.select().count() == 5


async def test_search_follows_the_url(user: User) -> None:
    await user.open('/segments?q=sneak')
    await user.should_see('Sneakers')
    await user.should_not_see('VIP customers')
    user.find(marker='segment-search').clear().type('nobody here')
    await user.should_see('No segment matches this search.')


async def test_deleting_a_segment_in_use_lists_its_workflows_as_links(user: User) -> None:
    vip = segment('VIP customers')
    await user.open('/segments')
    user.find(marker=f'delete-{vip.id}').click()
    await user.should_see('"VIP customers" cannot be deleted')
    uses = segment_users(admin(), vip.id)
    assert uses, 'the demo uses "VIP customers"'
    await user.should_see(f'"VIP customers" is used by {len(uses)} workflows; change them first:')
    for use in uses:
        (link,) = user.find(kind=ui.link, marker=f'uses-{use.id}').elements
        assert (link.text, link.props['href']) == (use.label, f'/workflows/{use.id}')  # type: ignore[attr-defined]
    assert Segment.get_or_none(Segment.id == vip.id) is not None


async def test_deleting_an_unused_segment(user: User) -> None:
    unused = create_segment(admin(), 'Nobody yet', 'contact', 'a = 1')
    await user.open('/segments')
    user.find(marker=f'delete-{unused.id}').click()
    user.find(marker='confirm-delete').click()
    await user.should_see('"Nobody yet" deleted')
    assert Segment.get_or_none(Segment.id == unused.id) is None
    await user.should_not_see(marker=f'segment-{unused.id}')


async def test_a_choice_field_with_its_options(user: User) -> None:
    await user.open('/custom-fields')
    await user.should_see('Loyalty tier')
    await user.should_see('bronze, silver, gold')
    user.find(marker='new-custom-field').click()
    user.find(marker='field-name').type('Shoe size')
    (field_type,) = user.find(kind=ui.select, marker='field-type-select').elements
    field_type.value = 'select'
    assert field_type.options == {'text': 'Text', 'number': 'Number', 'date': 'Date', 'boolean': 'Boolean',
                                  'select': 'Choice'}
    user.find(marker='field-save').click()
    await user.should_see('A choice field needs at least one option')
    user.find(marker='field-options-input').type('38\n40, 42')
    user.find(marker='field-save').click()
    await user.should_see('Custom field "Shoe size" created')
    created = CustomField.get(CustomField.name == 'Shoe size')
    assert (created.field_type, created.options) == ('select', ['38', '40', '42'])


async def test_a_viewer_sees_both_pages_read_only(user: User) -> None:
    password = add_person('viewer@example.com', 'Vera Viewer', 'viewer')
    await sign_out(user)
    await sign_in(user, 'viewer@example.com', password)
    for path, marker in (('/segments', 'new-segment'), ('/custom-fields', 'new-custom-field')):
        await user.open(path)
        await user.should_see(marker='viewer-note')
        await user.should_not_see(marker=marker)
        buttons = {b.text for b in user.find(kind=ui.button).elements}  # type: ignore[attr-defined]
        assert not buttons & {'Edit', 'Delete'}
    await user.should_see('Loyalty tier')


def import_missing_segment() -> int:
    """An imported draft whose Add to segment node lost "Loyal buyers"; returns its id."""
    document = {'format': 'cn-workflows', 'version': 1, 'exported_at': '2026-11-24T12:00:00Z', 'workflows': [{
        'name': 'Loyalty thanks',
        'nodes': [{'key': 'start', 'kind': 'start', 'config': {'selection': 'with email', 'data_source': 'existing'}},
                  {'key': 'tag', 'kind': 'add_to_segment', 'config': {'segment': 's1'}}],
        'connections': [{'source': 'start', 'output': 'next', 'target': 'tag'}],
        'segments': [{'key': 's1', 'name': 'Loyal buyers', 'kind': 'contact', 'definition': {'rule': 'x'}}]}]}
    return import_workflows(admin(), json.dumps(document).encode()).workflows[0].id


async def test_picking_another_segment_in_the_editor_clears_the_imports_error(user: User) -> None:
    draft_id = import_missing_segment()
    await user.open(f'/workflows/{draft_id}?incidents=1')
    await user.should_see('Segment "Loyal buyers" does not exist in this account')
    user.find(marker='incident').click()  # selects the node it is about
    await user.should_see(marker='panel-tag')
    (picker,) = user.find(kind=ui.select, marker='setting-segment').elements
    picker.value = segment('VIP customers').id
    await user.should_see(marker='no-incidents')
    user.find(marker='editor-save').click()
    await user.should_see('"Loyalty thanks" saved')
    assert Workflow.get_by_id(draft_id).error_count == 0


async def test_an_open_editor_learns_that_the_missing_segment_now_exists(user: User) -> None:
    draft_id = import_missing_segment()
    await user.open(f'/workflows/{draft_id}?incidents=1')
    await user.should_see('Segment "Loyal buyers" does not exist in this account')
    create_segment(admin(), 'Loyal buyers', 'contact', 'orders > 3')
    await user.should_see(marker='changed-elsewhere')
    await user.open(f'/workflows/{draft_id}?incidents=1')
    await user.should_see(marker='no-incidents')
