"""Around one workflow: its description, who finalized it, copies named with their badge, and a node
that picks a segment or field an import could not match."""

from datetime import datetime

import pytest

from model.access.gate import Actor
from model.common.errors import Invalid, StaleVersion
from model.storage.schema import Workflow
from model.workflows.editing import choose_reference, load_draft, save_draft
from model.workflows.exchange import export_workflows
from model.workflows.incidents import Graph, GraphEdge, GraphNode, find_incidents
from model.workflows.lifecycle import apply_action, delete_many, duplicate_many, sweep_expired_pauses
from model.workflows.listing import ListQuery, list_workflows
from tests.factories import in_state, member, reload, startable
from ui.format import finalized_note


def test_the_description_is_saved_with_the_version_check_and_searched(actor: Actor) -> None:
    workflow = startable(actor)
    _, draft = load_draft(actor, workflow.id)
    draft.description = '  Welcomes <b>new</b> subscribers  '
    saved = save_draft(actor, workflow.id, workflow.version, draft)
    assert (saved.description, saved.version) == ('Welcomes <b>new</b> subscribers', workflow.version + 1)
    assert [w.id for w in list_workflows(actor, ListQuery(search='SUBSCRIBERS')).rows] == [workflow.id]
    draft.description = 'Meanwhile'
    with pytest.raises(StaleVersion):
        save_draft(actor, workflow.id, workflow.version, draft)
    assert reload(workflow).description == 'Welcomes <b>new</b> subscribers'


def test_a_description_has_at_most_500_characters(actor: Actor) -> None:
    workflow = startable(actor)
    _, draft = load_draft(actor, workflow.id)
    draft.description = 'd' * 501
    with pytest.raises(Invalid, match='at most 500 characters'):
        save_draft(actor, workflow.id, workflow.version, draft)
    draft.description = 'd' * 500
    assert save_draft(actor, workflow.id, workflow.version, draft).description == 'd' * 500
    assert reload(workflow).description == 'd' * 500


def test_a_started_workflows_description_still_changes(actor: Actor) -> None:
    workflow = in_state(actor, 'active')
    _, draft = load_draft(actor, workflow.id)
    draft.description = 'Running since Monday'
    assert save_draft(actor, workflow.id, workflow.version, draft).description == 'Running since Monday'


def test_finalizing_records_who_and_an_expired_pause_records_nobody(actor: Actor) -> None:
    editor = member(actor, 'editor', 'editor@example.com')
    active = in_state(actor, 'active', 'By hand')
    finalized = apply_action(editor, active.id, 'finalize', active.version)
    assert (finalized.finalized_reason, finalized.finalized_by_id) == ('person', editor.person_id)
    paused = in_state(actor, 'paused', 'Forgotten')
    sweep_expired_pauses(paused.pause_expires_at)
    expired = reload(paused)
    assert (expired.state, expired.finalized_reason, expired.finalized_by_id) == ('finalized', 'pause expired', None)


def test_copies_are_named_with_their_badge_in_messages(actor: Actor) -> None:
    original = startable(actor, 'Welcome')
    copy = duplicate_many(actor, [original.id])[0]
    with pytest.raises(StaleVersion, match=r'"Welcome \[1\]" changed meanwhile'):
        apply_action(actor, copy.id, 'start', copy.version - 1)
    assert export_workflows(actor, [copy.id]).exported == ['Welcome [1]']
    assert sorted(delete_many(actor, [copy.id, original.id]).done) == ['Welcome', 'Welcome [1]']
    assert Workflow.select().where(Workflow.deleted_at.is_null()).count() == 0


def test_picking_a_segment_replaces_what_the_import_could_not_match() -> None:
    config: dict[str, object] = {'unmatched_segment': 'VIP'}
    graph = Graph([GraphNode('start', 'start', {'selection': 'all contacts', 'data_source': 'existing'}),
                   GraphNode('t', 'add_to_segment', config)], [GraphEdge('start', 'next', 't')])
    assert [i.message for i in find_incidents(graph)] == ['Segment "VIP" does not exist in this account']
    config['segment'] = 7
    choose_reference(config, 'segment')
    assert (config, find_incidents(graph)) == ({'segment': 7}, [])
    fields = {'removed_fields': ['Tier'], 'field': 3}
    choose_reference(fields, 'custom_field')
    assert fields == {'field': 3}


def test_the_words_for_why_a_workflow_is_finalized() -> None:
    moment = datetime(2026, 11, 24, 15, 30)
    assert finalized_note('person', moment, 'Ann Lee') == 'Finalized by Ann Lee on 2026-11-24'
    assert finalized_note('pause expired', moment) == 'Finalized: the pause expired on 2026-11-24'
    assert finalized_note('person', moment) == 'Finalized on 2026-11-24'  # finalized before who was recorded
