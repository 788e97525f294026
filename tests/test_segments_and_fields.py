"""Segments and custom fields of an account: names, definitions, deletion in use, and the imported
drafts that get a missing segment or field back once it is created."""

import json

import pytest

from model.access.gate import Actor
from model.account_data.custom_fields import create_field, delete_field, field_users, list_fields, update_field
from model.account_data.segments import create_segment, delete_segment, list_segments, segment_users, update_segment
from model.common.errors import Forbidden, Invalid, NotFound, Refused
from model.storage.schema import CustomField, Node, Segment, Workflow
from model.workflows.exchange import import_workflows
from model.workflows.lifecycle import apply_action, delete_many, duplicate_many
from tests.factories import EMAIL_START, member, other_account, reload, startable


def cn_file(segment: dict | None = None, field: dict | None = None) -> bytes:
    """A one-workflow .cn file: Start → (Belongs to segment) → Send email, optionally a Set custom field."""
    nodes = [{'key': 'start', 'kind': 'start', 'config': EMAIL_START},
             {'key': 'check', 'kind': 'in_segment', 'config': {'segment': 's1'}},
             {'key': 'mail', 'kind': 'send_email', 'config': {'content': 'c1'}},
             {'key': 'tag', 'kind': 'set_field', 'config': {'field': 'cf1', 'value': 'gold'}}]
    connections = [{'source': 'start', 'output': 'next', 'target': 'check'},
                   {'source': 'check', 'output': 'yes', 'target': 'mail'},
                   {'source': 'check', 'output': 'no', 'target': 'tag'}]
    workflow = {'name': 'VIP newsletter', 'nodes': nodes, 'connections': connections,
                'contents': [{'key': 'c1', 'channel': 'email', 'name': 'Hi', 'subject': 'Hi', 'body': 'Hi'}],
                'segments': [{'key': 's1', 'kind': 'contact', 'definition': {'rule': 'total_spent > 1000'},
                              **(segment or {'name': 'VIP customers'})}],
                'custom_fields': [{'key': 'cf1', 'type': 'text', 'options': [], **(field or {'name': 'Tier'})}]}
    return json.dumps({'format': 'cn-workflows', 'version': 1, 'exported_at': '2026-11-24T12:00:00Z',
                       'workflows': [workflow]}).encode()


def imported(actor: Actor) -> Workflow:
    return import_workflows(actor, cn_file()).workflows[0]


def config(workflow: Workflow, key: str) -> dict:
    return Node.get((Node.workflow == workflow.id) & (Node.key == key)).config


# names and definitions

def test_a_segment_is_created_with_a_trimmed_name_and_its_rule(actor: Actor) -> None:
    segment = create_segment(actor, '  VIP customers ', 'contact', ' total_spent > 1000 ')
    stored = Segment.get_by_id(segment.id)
    assert (stored.name, stored.kind, stored.definition) == ('VIP customers', 'contact', {'rule': 'total_spent > 1000'})


@pytest.mark.parametrize(('name', 'message'), [
    ('', 'The segment name cannot be empty'), ('   ', 'cannot be empty'), ('x' * 81, 'at most 80 are allowed'),
    ('two\nlines', 'invisible control'), ('evil\u202eexe', 'text-direction character'),
    ('vip CUSTOMERS', 'already a segment called'),
])
def test_bad_segment_names_are_refused_and_nothing_is_written(actor: Actor, name: str, message: str) -> None:
    create_segment(actor, 'VIP customers', 'contact', 'total_spent > 1000')
    with pytest.raises(Invalid, match=message):
        create_segment(actor, name, 'contact', 'a = 1')
    assert [s.name for s in list_segments(actor)] == ['VIP customers']


def test_80_characters_and_html_are_kept_as_typed(actor: Actor) -> None:
    long_name = 'x' * 80
    assert create_segment(actor, long_name, 'product', 'category = shoes').name == long_name
    assert create_segment(actor, '<b>bold</b>', 'contact', '<script>x</script>').name == '<b>bold</b>'


@pytest.mark.parametrize(('kind', 'rule', 'message'), [
    ('people', 'a = 1', 'contact or product'), ('contact', ' ', 'needs a rule'),
    ('contact', 'r' * 501, 'at most 500 characters'),
])
def test_bad_definitions_are_refused(actor: Actor, kind: str, rule: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        create_segment(actor, 'Buyers', kind, rule)
    assert Segment.select().count() == 0


def test_a_name_is_unique_per_account_only(actor: Actor) -> None:
    create_segment(actor, 'Buyers', 'contact', 'a = 1')
    other = other_account()
    assert create_segment(other, 'BUYERS', 'contact', 'a = 1').name == 'BUYERS'
    assert [s.name for s in list_segments(other)] == ['BUYERS']


def test_renaming_keeps_the_name_unique_but_may_change_its_own_case(actor: Actor) -> None:
    buyers = create_segment(actor, 'Buyers', 'contact', 'a = 1')
    create_segment(actor, 'Visitors', 'contact', 'b = 1')
    with pytest.raises(Invalid, match='already a segment called "visitors"'):
        update_segment(actor, buyers.id, 'visitors', 'contact', 'a = 1')
    update_segment(actor, buyers.id, 'BUYERS', 'product', 'c = 2')
    assert (reload_segment(buyers).name, reload_segment(buyers).definition) == ('BUYERS', {'rule': 'c = 2'})


def reload_segment(segment: Segment) -> Segment:
    return Segment.get_by_id(segment.id)


def test_search_matches_name_or_rule_ignoring_case_and_accents(actor: Actor) -> None:
    create_segment(actor, 'Clients fidèles', 'contact', 'orders > 5')
    create_segment(actor, 'Sneakers', 'product', 'category = sneakers')
    assert [s.name for s in list_segments(actor, 'FIDELES')] == ['Clients fidèles']
    assert [s.name for s in list_segments(actor, 'category')] == ['Sneakers']


# roles and accounts

def test_a_viewer_changes_nothing(actor: Actor) -> None:
    segment = create_segment(actor, 'Buyers', 'contact', 'a = 1')
    field = create_field(actor, 'Tier', 'text')
    viewer = member(actor, 'viewer')
    for attempt in (lambda: create_segment(viewer, 'Other', 'contact', 'a = 1'),
                    lambda: update_segment(viewer, segment.id, 'Renamed', 'contact', 'a = 1'),
                    lambda: delete_segment(viewer, segment.id),
                    lambda: create_field(viewer, 'Points', 'number'),
                    lambda: update_field(viewer, field.id, 'Renamed', 'text'),
                    lambda: delete_field(viewer, field.id)):
        with pytest.raises(Forbidden):
            attempt()
    assert [s.name for s in list_segments(viewer)] == ['Buyers']
    assert [f.name for f in list_fields(viewer)] == ['Tier']


def test_another_accounts_segment_and_field_are_not_found(actor: Actor) -> None:
    segment = create_segment(actor, 'Buyers', 'contact', 'a = 1')
    field = create_field(actor, 'Tier', 'text')
    other = other_account()
    for attempt in (lambda: update_segment(other, segment.id, 'Mine', 'contact', 'a = 1'),
                    lambda: delete_segment(other, segment.id),
                    lambda: update_field(other, field.id, 'Mine', 'text'),
                    lambda: delete_field(other, field.id)):
        with pytest.raises(NotFound):
            attempt()
    assert (reload_segment(segment).name, CustomField.get_by_id(field.id).name) == ('Buyers', 'Tier')


# deletion in use

def test_deleting_a_segment_in_use_is_refused_naming_the_workflows(actor: Actor) -> None:
    segment = create_segment(actor, 'VIP customers', 'contact', 'total_spent > 1000')
    workflow = imported(actor)
    copy = duplicate_many(actor, [workflow.id])[0]
    unused = create_segment(actor, 'Nobody', 'contact', 'a = 1')
    assert [use.label for use in segment_users(actor, segment.id)] == ['VIP newsletter', 'VIP newsletter [1]']
    assert [use.id for use in segment_users(actor, segment.id)] == [workflow.id, copy.id]
    with pytest.raises(Refused, match=r'"VIP customers" is used by 2 workflows \("VIP newsletter", '
                                      r'"VIP newsletter \[1\]"\)'):
        delete_segment(actor, segment.id)
    assert segment_users(actor, unused.id) == []
    assert delete_segment(actor, unused.id) == 'Nobody'
    assert [s.name for s in list_segments(actor)] == ['VIP customers']


def test_deleting_a_field_in_use_is_refused_and_an_unused_one_goes(actor: Actor) -> None:
    tier = create_field(actor, 'Tier', 'text')
    workflow = imported(actor)
    assert [use.id for use in field_users(actor, tier.id)] == [workflow.id]
    with pytest.raises(Refused, match='"Tier" is used by 1 workflow'):
        delete_field(actor, tier.id)
    with pytest.raises(Refused, match='The type of "Tier" cannot change'):
        update_field(actor, tier.id, 'Tier', 'number')
    update_field(actor, tier.id, 'Loyalty tier', 'text')  # a rename keeps the workflows using it
    assert [use.id for use in field_users(actor, tier.id)] == [workflow.id]
    Workflow.delete().where(Workflow.id == workflow.id).execute()  # gone for good
    assert delete_field(actor, tier.id) == 'Loyalty tier'


# custom field types

def test_choice_fields_need_distinct_options_and_others_have_none(actor: Actor) -> None:
    tier = create_field(actor, 'Tier', 'choice', [' bronze ', 'silver', '', 'gold'])
    assert (tier.field_type, tier.options) == ('select', ['bronze', 'silver', 'gold'])
    for field_type, options, message in (('choice', [], 'at least one option'),
                                         ('select', ['a', 'A'], 'given twice'),
                                         ('select', ['o' * 81], 'at most 80 characters'),
                                         ('select', ['a\tb'], 'An option contains an invisible control'),
                                         ('select', [str(n) for n in range(51)], 'at most 50 options'),
                                         ('number', ['1'], 'Only choice fields have options'),
                                         ('colour', [], 'one of text, number, date, boolean, choice')):
        with pytest.raises(Invalid, match=message):
            create_field(actor, 'Other', field_type, options)
    with pytest.raises(Invalid, match='already a custom field called "TIER"'):
        create_field(actor, 'TIER', 'text')
    assert [f.name for f in list_fields(actor)] == ['Tier']


# imported drafts get what was missing

def test_creating_the_missing_segment_clears_the_imported_drafts_error(actor: Actor) -> None:
    create_field(actor, 'Tier', 'text')
    workflow = imported(actor)
    assert (workflow.error_count, config(workflow, 'check')) == (1, {'unmatched_segment': 'VIP customers'})
    with pytest.raises(Refused, match='1 error'):
        apply_action(actor, workflow.id, 'start', workflow.version)
    segment = create_segment(actor, 'vip customers', 'contact', 'total_spent > 1000')
    after = reload(workflow)
    assert config(workflow, 'check') == {'segment': segment.id}
    assert (after.error_count, after.alert_count, after.version) == (0, 0, workflow.version + 1)
    assert apply_action(actor, workflow.id, 'start', after.version).state == 'active'


def test_renaming_a_segment_to_the_missing_name_clears_the_error_too(actor: Actor) -> None:
    create_field(actor, 'Tier', 'text')
    segment = create_segment(actor, 'VIP customers', 'contact', 'another rule')  # name matches, definition not
    workflow = imported(actor)
    assert workflow.error_count == 1
    update_segment(actor, segment.id, 'VIP customers', 'contact', 'total_spent > 1000')
    assert (config(workflow, 'check'), reload(workflow).error_count) == ({'segment': segment.id}, 0)


def test_creating_the_missing_field_clears_the_alert_and_the_required_error(actor: Actor) -> None:
    create_segment(actor, 'VIP customers', 'contact', 'total_spent > 1000')
    workflow = imported(actor)
    assert (workflow.error_count, workflow.alert_count) == (1, 1)  # Custom field is required; removed on import
    assert config(workflow, 'tag') == {'value': 'gold', 'removed_fields': ['Tier']}
    tier = create_field(actor, 'Tier', 'text')
    assert config(workflow, 'tag') == {'value': 'gold', 'field': tier.id}
    assert (reload(workflow).error_count, reload(workflow).alert_count) == (0, 0)


def test_only_drafts_of_the_same_account_are_relinked(actor: Actor) -> None:
    create_field(actor, 'Tier', 'text')
    workflow = imported(actor)
    other = other_account()
    elsewhere = import_workflows(other, cn_file()).workflows[0]
    started = startable(actor)
    create_segment(actor, 'VIP customers', 'contact', 'x')
    assert config(elsewhere, 'check') == {'unmatched_segment': 'VIP customers'}
    assert reload(elsewhere).version == elsewhere.version
    assert reload(started).version == started.version
    assert reload(workflow).error_count == 0


def test_a_workflow_in_recently_deleted_still_uses_its_segment(actor: Actor) -> None:
    segment = create_segment(actor, 'VIP customers', 'contact', 'total_spent > 1000')
    workflow = imported(actor)
    delete_many(actor, [workflow.id])
    (use,) = segment_users(actor, segment.id)
    assert (use.label, use.link) == ('VIP newsletter (in Recently deleted)', '/deleted')
    with pytest.raises(Refused, match=r'"VIP newsletter \(in Recently deleted\)"'):
        delete_segment(actor, segment.id)
