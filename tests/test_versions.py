"""Version history: what each change records, its summary in words, compare, pruning, and the restore rules."""

import json
import zlib
from datetime import timedelta

import pytest

from model.access.activity import workflow_history
from model.access.gate import Actor
from model.common.clock import clock
from model.common.errors import Forbidden, NotFound, Refused, StaleVersion
from model.storage.schema import Content, Segment, Workflow, WorkflowVersion
from model.workflows.editing import load_draft, save_draft
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import apply_action, delete_many, duplicate_many, new_workflow
from model.workflows.trash import delete_permanently, restore
from model.workflows.version_changes import SettingChange
from model.workflows.version_restore import restore_as_new_draft, restore_version
from model.workflows.versions import (
    MAX_PER_WORKFLOW,
    compare_versions,
    list_versions,
    pack,
    prune_versions,
    read_version,
    record_version,
    snapshot,
    unpack,
)
from tests.conftest import FROZEN_NOW
from tests.factories import EMAIL_START, add_node, connect, member, other_account, reload, row, startable


def waiting(actor: Actor, hours: int = 24, name: str = 'Cart reminder') -> Workflow:
    """Start → Wait → Send email (with its content), recorded as its first version."""
    workflow = new_workflow(actor.account_id, name, origin='blank')
    content = Content.create(workflow=workflow, channel='email', name='Reminder', subject='Your cart', body='<p>Hi</p>')
    build_nodes(workflow, [NodeSpec('start', 'start', EMAIL_START, {'next': 'wait'}),
                           NodeSpec('wait', 'wait', {'duration_hours': hours}, {'next': 'email'}),
                           NodeSpec('email', 'send_email', {'content': content.id})])
    refresh_derived(workflow)
    record_version(workflow.id, actor.person_id, 'Created')
    return reload(workflow)


def edit(actor: Actor, workflow: Workflow, change) -> Workflow:  # type: ignore[no-untyped-def]
    """Load the working copy, let ``change`` edit it, save it as the editor does."""
    _, draft = load_draft(actor, workflow.id)
    change(draft)
    return save_draft(actor, workflow.id, workflow.version, draft)


def set_wait(hours: int):  # type: ignore[no-untyped-def]
    return lambda draft: draft.nodes['wait'].config.update(duration_hours=hours)


def test_a_save_records_a_version_summarized_in_words(actor: Actor) -> None:
    workflow = waiting(actor)

    def change(draft) -> None:  # type: ignore[no-untyped-def]
        draft.nodes['wait'].config['duration_hours'] = 2
        draft.edges = [e for e in draft.edges if (e.source, e.output) != ('wait', 'next')]
        add_node(draft, 'send_sms')

    edit(actor, workflow, change)
    versions = list_versions(actor, workflow.id)
    assert [(v.number, v.summary, v.state, v.person) for v in versions] == [
        (2, 'Wait 24 h → 2 h; added Send SMS; removed 1 connection', 'draft', 'Admin'),
        (1, 'Created', 'draft', 'Admin'),
    ]
    assert unpack(WorkflowVersion.get_by_id(versions[0].id).content) == snapshot(workflow.id)


def test_a_save_without_changes_records_nothing_and_a_change_links_its_activity_entry(actor: Actor) -> None:
    workflow = waiting(actor)
    workflow = edit(actor, workflow, lambda draft: None)
    assert len(list_versions(actor, workflow.id)) == 1
    edit(actor, workflow, set_wait(5))
    newest = list_versions(actor, workflow.id)[0]
    assert [(e.action, e.version_id) for e in workflow_history(actor, workflow.id)] == [
        ('edited', newest.id), ('edited', None)]


def test_start_a_setting_after_start_import_and_duplicate_each_record_a_version(actor: Actor) -> None:
    workflow = startable(actor, 'Welcome')
    record_version(workflow.id, actor.person_id, 'Created')
    workflow = apply_action(actor, workflow.id, 'start', workflow.version)

    def new_subject(draft) -> None:  # type: ignore[no-untyped-def]
        next(iter(draft.contents.values())).subject = 'Hello again'

    edit(actor, workflow, new_subject)
    assert [(v.summary, v.state) for v in list_versions(actor, workflow.id)] == [
        ('Email "Hello" subject "Hello" → "Hello again"', 'active'), ('Started', 'active'), ('Created', 'draft')]
    (copy,) = duplicate_many(actor, [workflow.id])
    assert [v.summary for v in list_versions(actor, copy.id)] == ['Copy of "Welcome" as of version 3']
    (imported,) = import_workflows(actor, export_workflows(actor, [workflow.id]).data or b'').workflows
    assert [v.summary for v in list_versions(actor, imported.id)] == ['Imported from a .cn file']


def test_compare_lists_changed_settings_old_to_new_and_marks_the_drawing(actor: Actor) -> None:
    workflow = waiting(actor)

    def change(draft) -> None:  # type: ignore[no-untyped-def]
        draft.nodes['wait'].config['duration_hours'] = 2
        add_node(draft, 'send_sms')
        connect(draft, 'email', 'next', 'send1')

    edit(actor, workflow, change)
    newest, first = list_versions(actor, workflow.id)
    comparison = compare_versions(actor, workflow.id, newest.id, first.id)  # either order: older first
    assert (comparison.older.number, comparison.newer.number) == (1, 2)
    assert comparison.difference.settings == [SettingChange('Wait', '', '24 h', '2 h')]
    assert comparison.difference.structure_lines() == ['Added Send SMS', 'Added 1 connection']
    assert comparison.drawing.marks == {'send1': 'added', 'wait': 'changed'}
    assert ('email', 'next', 'send1') in comparison.drawing.edges
    drawn = {node['key']: node for node in comparison.drawing.nodes}  # as stored: settings and places
    assert drawn['wait']['config'] == {'duration_hours': 2}
    assert comparison.drawing.contents[0]['subject'] == 'Your cart'


def test_a_version_stored_with_zlib_before_bz2_still_reads(actor: Actor) -> None:
    workflow = waiting(actor)
    (first,) = list_versions(actor, workflow.id)
    stored = WorkflowVersion.get_by_id(first.id)
    assert bytes(stored.content).startswith(b'BZh')
    before = unpack(stored.content)
    stored.content = zlib.compress(json.dumps(before).encode())
    stored.save()
    assert read_version(actor, workflow.id, first.id).content == before


def test_versions_of_another_workflow_or_account_cannot_be_compared_or_read(actor: Actor) -> None:
    mine, neighbour = waiting(actor, name='Mine'), waiting(actor, name='Neighbour')
    (own,) = list_versions(actor, mine.id)
    (next_door,) = list_versions(actor, neighbour.id)
    with pytest.raises(Refused, match='Only versions of this workflow'):
        compare_versions(actor, mine.id, own.id, next_door.id)
    with pytest.raises(Refused, match='Only versions of this workflow'):
        read_version(actor, mine.id, next_door.id)
    stranger = other_account()
    foreign = waiting(stranger, name='Foreign')
    (theirs,) = list_versions(stranger, foreign.id)
    with pytest.raises(NotFound):
        compare_versions(actor, mine.id, own.id, theirs.id)
    with pytest.raises(NotFound):
        list_versions(actor, foreign.id)
    with pytest.raises(NotFound):
        restore_version(actor, mine.id, theirs.id, mine.version)


def test_restoring_on_a_draft_brings_the_whole_version_back_as_a_new_version(actor: Actor) -> None:
    workflow = waiting(actor)

    def change(draft) -> None:  # type: ignore[no-untyped-def]
        draft.nodes['wait'].config['duration_hours'] = 2
        draft.name = 'Cart reminder, faster'
        add_node(draft, 'send_sms')

    workflow = edit(actor, workflow, change)
    first = list_versions(actor, workflow.id)[-1]
    restored = restore_version(actor, workflow.id, first.id, workflow.version)
    assert restored.name == 'Cart reminder'
    assert unpack(WorkflowVersion.get_by_id(first.id).content) | {'format': 1} == snapshot(workflow.id)
    newest = list_versions(actor, workflow.id)[0]
    assert newest.number == 3
    assert newest.summary.startswith('Restored version 1: Name "Cart reminder, faster" → "Cart reminder"; '
                                     'Wait 2 h → 24 h; removed Send SMS')
    entry = workflow_history(actor, workflow.id)[0]
    assert (entry.label, entry.detail, entry.version_id) == ('Version restored', 'version 1', newest.id)


def test_a_stale_restore_is_refused_and_changes_nothing(actor: Actor) -> None:
    workflow = waiting(actor)
    opened = edit(actor, workflow, set_wait(2))
    edit(actor, opened, set_wait(3))  # someone else saves meanwhile
    before, count = row(workflow), WorkflowVersion.select().count()
    first = list_versions(actor, workflow.id)[-1]
    with pytest.raises(StaleVersion):
        restore_version(actor, workflow.id, first.id, opened.version)
    assert (row(workflow), WorkflowVersion.select().count()) == (before, count)


def test_a_started_workflow_takes_back_only_settings_and_refuses_another_structure(actor: Actor) -> None:
    workflow = waiting(actor)
    workflow = edit(actor, workflow, lambda draft: add_node(draft, 'send_sms'))
    other_structure = list_versions(actor, workflow.id)[0]
    workflow = edit(actor, workflow, lambda draft: draft.nodes.pop('send1'))
    started = apply_action(actor, workflow.id, 'start', workflow.version)
    as_started = list_versions(actor, workflow.id)[0]
    started = edit(actor, started, set_wait(2))
    restored = restore_version(actor, workflow.id, as_started.id, started.version)
    assert load_draft(actor, workflow.id)[1].nodes['wait'].config['duration_hours'] == 24
    assert list_versions(actor, workflow.id)[0].summary == 'Restored the settings of version 4: Wait 2 h → 24 h'
    before, count = row(workflow), WorkflowVersion.select().count()
    with pytest.raises(Refused, match='keeps its structure: restore it as a new draft'):
        restore_version(actor, workflow.id, other_structure.id, restored.version)
    assert (row(workflow), WorkflowVersion.select().count()) == (before, count)


def test_a_finalized_workflow_restores_only_as_a_new_draft_named_like_a_duplicate(actor: Actor) -> None:
    workflow = startable(actor, 'Summer sale')
    record_version(workflow.id, actor.person_id, 'Created')
    workflow = apply_action(actor, workflow.id, 'start', workflow.version)
    workflow = apply_action(actor, workflow.id, 'finalize', workflow.version)
    first = list_versions(actor, workflow.id)[-1]
    with pytest.raises(Refused, match='is Finalized: restore version 1 as a new draft'):
        restore_version(actor, workflow.id, first.id, workflow.version)
    copy = restore_as_new_draft(actor, workflow.id, first.id)
    assert (copy.name, copy.duplicate_number, copy.state, copy.duplicate_of_id) == ('Summer sale', 1, 'draft',
                                                                                     workflow.id)
    copied, original = snapshot(copy.id), unpack(WorkflowVersion.get_by_id(first.id).content)
    assert [(n['key'], n['kind']) for n in copied['nodes']] == [(n['key'], n['kind']) for n in original['nodes']]
    assert copied['contents'][0]['id'] != original['contents'][0]['id']  # its own content, same words
    assert {k: v for k, v in copied['contents'][0].items() if k != 'id'} == \
        {k: v for k, v in original['contents'][0].items() if k != 'id'}
    assert copy.error_count == 0
    assert [v.summary for v in list_versions(actor, copy.id)] == ['Copy of version 1 of "Summer sale"']


def test_a_restored_reference_that_no_longer_exists_comes_back_as_a_named_leftover(actor: Actor) -> None:
    segment = Segment.create(account=actor.account_id, name='VIP customers', kind='contact', definition={})
    workflow = waiting(actor)
    workflow = edit(actor, workflow, lambda draft: draft.nodes['start'].config.update(
        selection='belonging to segment', segment=segment.id))
    version = list_versions(actor, workflow.id)[0]
    workflow = edit(actor, workflow, lambda draft: draft.nodes['start'].config.update(
        selection='with email', segment=None))
    segment.delete_instance()
    restore_version(actor, workflow.id, version.id, workflow.version)
    config = snapshot(workflow.id)['nodes'][0]['config']
    assert (config.get('segment'), config['unmatched_segment']) == (None, 'VIP customers')


def test_viewers_look_and_compare_but_cannot_restore(actor: Actor) -> None:
    workflow = edit(actor, waiting(actor), set_wait(2))
    viewer = member(actor, 'viewer')
    newest, first = list_versions(viewer, workflow.id)
    assert compare_versions(viewer, workflow.id, first.id, newest.id).difference.settings
    assert read_version(viewer, workflow.id, first.id).content['nodes'][1]['config'] == {'duration_hours': 24}
    for attempt in (lambda: restore_version(viewer, workflow.id, first.id, workflow.version),
                    lambda: restore_as_new_draft(viewer, workflow.id, first.id)):
        with pytest.raises(Forbidden):
            attempt()
    assert len(list_versions(actor, workflow.id)) == 2


def test_recently_deleted_keeps_the_versions_and_deleting_for_good_removes_them(actor: Actor) -> None:
    workflow = edit(actor, waiting(actor), set_wait(2))
    delete_many(actor, [workflow.id])
    restore(actor, [workflow.id])
    assert len(list_versions(actor, workflow.id)) == 2
    delete_many(actor, [workflow.id])
    delete_permanently(actor, [workflow.id])
    assert WorkflowVersion.select().where(WorkflowVersion.workflow == workflow.id).count() == 0


def test_export_writes_the_current_version_only(actor: Actor) -> None:
    workflow = edit(actor, waiting(actor), set_wait(2))
    (exported,) = json.loads(export_workflows(actor, [workflow.id]).data or b'')['workflows']
    assert [node['config'] for node in exported['nodes'] if node['kind'] == 'wait'] == [{'duration_hours': 2}]
    assert set(exported) == {'name', 'description', 'nodes', 'connections', 'contents', 'forms', 'segments',
                             'custom_fields'}  # no history


def test_pruning_keeps_90_days_then_the_last_of_each_day(actor: Actor) -> None:
    workflow = waiting(actor)
    content = pack(snapshot(workflow.id))
    WorkflowVersion.delete().execute()
    moments = [FROZEN_NOW - timedelta(days=100, hours=h) for h in (5, 3, 1)]  # one old day, three versions
    moments += [FROZEN_NOW - timedelta(days=95, hours=h) for h in (2, 1)]
    moments += [FROZEN_NOW - timedelta(days=10, hours=h) for h in (3, 2, 1)]  # recent: all kept
    for number, moment in enumerate(moments, 1):
        WorkflowVersion.create(workflow=workflow, number=number, at=moment, state='draft', content=content)
    assert prune_versions() == 3
    assert [v.number for v in list_versions(actor, workflow.id)] == [8, 7, 6, 5, 3]
    assert prune_versions() == 0  # idempotent


def test_pruning_keeps_at_most_500_versions_the_newest(actor: Actor) -> None:
    workflow = waiting(actor)
    content = pack(snapshot(workflow.id))
    WorkflowVersion.insert_many([{'workflow': workflow.id, 'number': number, 'at': clock.now(), 'state': 'draft',
                                  'content': content} for number in range(2, MAX_PER_WORKFLOW + 6)]).execute()
    assert prune_versions() == 5
    numbers = [v.number for v in list_versions(actor, workflow.id)]
    assert (len(numbers), numbers[0], numbers[-1]) == (MAX_PER_WORKFLOW, MAX_PER_WORKFLOW + 5, 6)
