"""Create blank, duplicate many and delete many (docs/product.md §4), on a real SQLite file."""

import sqlite3
from datetime import timedelta

import pytest

from model.access.gate import Actor
from model.common.clock import clock
from model.common.errors import Invalid, NotFound, StaleVersion
from model.storage.db import db
from model.storage.schema import Connection, Content, Folder, Form, Node, Workflow
from model.workflows.graph import load_graph
from model.workflows.lifecycle import apply_action, create_blank, delete_many, duplicate_many
from model.workflows.listing import ListQuery, list_workflows
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED
from model.workflows.trash import delete_permanently, restore
from tests.conftest import FROZEN_NOW
from tests.database_urls import on_postgresql
from tests.factories import in_state, other_account, owned_rows, reload, rich, row, startable

# create blank

def test_create_blank_makes_a_draft_with_only_a_start_node(actor: Actor) -> None:
    folder = Folder.create(account=actor.account_id, name='Campaigns')
    workflow = reload(create_blank(actor, '  Welcome · 🎉 ', folder.id))
    assert (workflow.name, workflow.state, workflow.origin, row(workflow)['folder'], workflow.version) == (
        'Welcome · 🎉', DRAFT, 'blank', folder.id, 1)
    assert [(n.key, n.kind) for n in load_graph(workflow.id).nodes] == [('start', 'start')]
    assert (workflow.error_count, workflow.workflow_type) == (1, 'mass_action')  # Start leads nowhere
    assert workflow.created_at == workflow.updated_at == FROZEN_NOW


@pytest.mark.parametrize('name', [None, '', '   '])
def test_an_empty_name_becomes_untitled(actor: Actor, name: str | None) -> None:
    assert create_blank(actor, name).name == 'Untitled workflow'


def test_names_up_to_120_characters(actor: Actor) -> None:
    assert create_blank(actor, 'é' * 120).name == 'é' * 120
    with pytest.raises(Invalid, match='121 characters long; at most 120'):
        create_blank(actor, 'x' * 121)
    assert Workflow.select().count() == 1


def test_create_blank_refuses_a_folder_of_another_account(actor: Actor) -> None:
    theirs = Folder.create(account=other_account().account_id, name='Their secret folder')
    with pytest.raises(NotFound, match='folder does not exist'):
        create_blank(actor, 'Mine', theirs.id)
    assert not Workflow.select().exists()


def test_create_blank_refuses_a_deleted_folder(actor: Actor) -> None:
    gone = Folder.create(account=actor.account_id, name='Gone')
    gone.delete_instance()
    with pytest.raises(NotFound, match='folder does not exist'):
        create_blank(actor, 'Mine', gone.id)
    assert not Workflow.select().exists()


# duplicate

def test_a_copy_is_a_draft_in_the_same_folder_with_the_same_name(actor: Actor) -> None:
    folder = Folder.create(account=actor.account_id, name='Campaigns')
    source = rich(actor, 'Crème brûlée launch', folder_id=folder.id)
    source = apply_action(actor, source.id, 'start', source.version)
    Workflow.update(has_data=True).where(Workflow.id == source.id).execute()
    clock.advance(timedelta(hours=3))
    [copy] = duplicate_many(actor, [source.id])
    copy = reload(copy)
    stored = row(copy)
    assert (stored['name'], stored['description'], stored['folder'], stored['account']) == (
        'Crème brûlée launch', 'Three messages', folder.id, actor.account_id)
    assert (stored['state'], stored['origin'], stored['duplicate_of'], stored['duplicate_number']) == (
        DRAFT, 'duplicate', source.id, 1)
    assert copy.priority_position is None and reload(source).priority_position == 1
    assert (copy.started_at, copy.paused_at, copy.finalized_at, copy.finalized_reason) == (None, None, None, None)
    assert copy.has_data is False  # no statistics
    assert copy.version == 1
    assert copy.created_at == copy.updated_at == FROZEN_NOW + timedelta(hours=3)
    assert (copy.workflow_type, copy.error_count, copy.alert_count) == (
        source.workflow_type, source.error_count, source.alert_count)
    assert row(source)['updated_at'] == FROZEN_NOW  # the original is not touched


@pytest.mark.parametrize('state', [DRAFT, ACTIVE, PAUSED, FINALIZED])
def test_every_state_can_be_duplicated(actor: Actor, state: str) -> None:
    source = in_state(actor, state)
    [copy] = duplicate_many(actor, [source.id])
    assert reload(copy).state == DRAFT and reload(source).state == state


def test_repeated_copies_are_numbered_and_copying_a_copy_counts_against_the_original(actor: Actor) -> None:
    original = startable(actor, 'Newsletter')
    numbers = [duplicate_many(actor, [original.id])[0].duplicate_number for _ in range(3)]
    assert numbers == [1, 2, 3]
    second = Workflow.get((Workflow.duplicate_of == original.id) & (Workflow.duplicate_number == 2))
    [copy_of_copy] = duplicate_many(actor, [second.id])
    assert (row(copy_of_copy)['duplicate_of'], copy_of_copy.duplicate_number) == (original.id, 4)


def test_many_at_once_each_original_counts_its_own_copies(actor: Actor) -> None:
    first, second = startable(actor, 'First'), startable(actor, 'Second')
    duplicate_many(actor, [first.id])
    copies = duplicate_many(actor, [second.id, first.id, first.id])  # a repeated id is copied once
    assert sorted((c.name, c.duplicate_number) for c in copies) == [('First', 2), ('Second', 1)]
    assert Workflow.select().count() == 5


def test_a_copy_owns_copies_of_nodes_connections_contents_and_shares_the_accounts_form(actor: Actor) -> None:
    source = rich(actor)
    [copy] = duplicate_many(actor, [source.id])
    assert owned_rows(copy.id) == owned_rows(source.id) == {'Node': 7, 'Connection': 6, 'Content': 3}
    source_graph, copy_graph = load_graph(source.id), load_graph(copy.id)
    assert set(copy_graph.edges) == set(source_graph.edges)  # connections have no order of their own
    assert [(n.key, n.kind) for n in copy_graph.nodes] == [(n.key, n.kind) for n in source_graph.nodes]

    copy_contents = {c.id: c for c in Content.select().where(Content.workflow == copy.id)}
    source_contents = {c.id: c for c in Content.select().where(Content.workflow == source.id)}
    for copied, original in zip(copy_graph.nodes, source_graph.nodes, strict=True):
        if 'content' in original.config:
            assert copied.config['content'] in copy_contents  # remapped to the copy's own row
            mine, theirs = copy_contents[copied.config['content']], source_contents[original.config['content']]
            assert (mine.channel, mine.name, mine.subject, mine.body) == (
                theirs.channel, theirs.name, theirs.subject, theirs.body)
        else:  # the form too: it is the account's, both listen to it
            assert copied.config == original.config
    assert [f.name for f in Form.select().where(Form.account == actor.account_id)] == ['Sign-up']


def test_editing_the_copy_leaves_the_original_alone(actor: Actor) -> None:
    source = rich(actor)
    [copy] = duplicate_many(actor, [source.id])
    Content.update(subject='Changed in the copy', body='<p>new</p>').where(Content.workflow == copy.id).execute()
    Node.delete().where((Node.workflow == copy.id) & (Node.key == 'sms')).execute()
    assert {c.subject for c in Content.select().where(Content.workflow == source.id)} == {
        'Welcome!', 'Still there?', ''}
    assert owned_rows(source.id) == {'Node': 7, 'Connection': 6, 'Content': 3}


def test_copies_come_first_in_the_default_list(actor: Actor) -> None:
    older = startable(actor, 'Older')
    clock.advance(timedelta(hours=1))
    newer = startable(actor, 'Newer')
    clock.advance(timedelta(hours=1))
    copies = duplicate_many(actor, [older.id])
    rows = list_workflows(actor, ListQuery()).rows
    assert [w.id for w in rows] == [copies[0].id, newer.id, older.id]


def test_copies_made_in_the_same_second_still_come_first(actor: Actor) -> None:
    workflows = [startable(actor, name) for name in ('A', 'B', 'C')]  # same timestamp as the copies
    copies = duplicate_many(actor, [workflows[0].id, workflows[1].id])
    first_two = {w.id for w in list_workflows(actor, ListQuery()).rows[:2]}
    assert first_two == {c.id for c in copies}


def test_another_accounts_workflow_is_not_duplicated(actor: Actor) -> None:
    theirs = startable(other_account(), 'Theirs')
    assert duplicate_many(actor, [theirs.id]) == []
    assert Workflow.select().count() == 1


# delete

def test_delete_many_removes_workflows_with_everything_they_own(actor: Actor) -> None:
    first, second, kept = rich(actor, 'First'), in_state(actor, ACTIVE, 'Second'), rich(actor, 'Kept')
    names = delete_many(actor, [first.id, second.id]).done
    assert sorted(names) == ['First', 'Second']
    assert [w.id for w in Workflow.select().where(Workflow.deleted_at.is_null())] == [kept.id]
    assert owned_rows(first.id)['Node'] == 7  # in Recently deleted: restorable until removed for good
    assert delete_permanently(actor, [first.id, second.id]).done == ['First', 'Second']
    assert [w.id for w in Workflow.select()] == [kept.id]
    for gone in (first, second):
        assert owned_rows(gone.id) == {'Node': 0, 'Connection': 0, 'Content': 0}
    assert owned_rows(kept.id) == {'Node': 7, 'Connection': 6, 'Content': 3}
    assert Node.select().count() == 7 and Connection.select().count() == 6


def test_deleting_an_original_keeps_its_copies(actor: Actor) -> None:
    original = rich(actor)
    [copy] = duplicate_many(actor, [original.id])
    assert delete_many(actor, [original.id]).done == ['Welcome']
    delete_permanently(actor, [original.id])
    survivor = row(copy)
    assert survivor['duplicate_of'] is None and survivor['duplicate_number'] == 1
    assert owned_rows(copy.id) == {'Node': 7, 'Connection': 6, 'Content': 3}


def test_a_changed_workflow_stops_the_whole_delete(actor: Actor) -> None:
    first, second = in_state(actor, ACTIVE, 'First'), in_state(actor, ACTIVE, 'Second')
    seen = {first.id: first.version, second.id: second.version}
    apply_action(actor, second.id, 'pause', second.version)  # someone else pauses it meanwhile
    with pytest.raises(StaleVersion) as stale:
        delete_many(actor, [first.id, second.id], expected_versions=seen)
    assert stale.value.message == '"Second" changed meanwhile: nothing was deleted'
    assert Workflow.select().where(Workflow.deleted_at.is_null()).count() == 2
    assert owned_rows(first.id)['Node'] == 2


def test_matching_versions_delete(actor: Actor) -> None:
    workflow = in_state(actor, PAUSED)
    assert delete_many(actor, [workflow.id], expected_versions={workflow.id: workflow.version}).done == [
        'Ready to go']
    assert not Workflow.select().where(Workflow.deleted_at.is_null()).exists()


def test_another_accounts_ids_are_ignored(actor: Actor) -> None:
    mine, theirs = startable(actor, 'Mine'), rich(other_account(), 'Theirs')
    assert delete_many(actor, [theirs.id, mine.id, 123_456]).done == ['Mine']
    assert [w.id for w in Workflow.select().where(Workflow.deleted_at.is_null())] == [theirs.id]
    assert owned_rows(theirs.id)['Node'] == 7
    assert delete_many(actor, []).done == []


def test_select_all_over_a_huge_filter_does_not_break_the_query(actor: Actor) -> None:
    """"Select all" over 100,000 rows hands every id to the bulk services: more than the 32,766 variables a
    default SQLite build allows in one statement (Debian's allows 250,000; other builds do not)."""
    if not on_postgresql():
        db.connection().setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    workflows = [startable(actor, f'Workflow {i}') for i in range(3)]
    ids = [w.id for w in workflows] + list(range(1_000_000, 1_040_000))
    copies = duplicate_many(actor, ids)
    assert sorted(c.name for c in copies) == ['Workflow 0', 'Workflow 1', 'Workflow 2']
    assert sorted(delete_many(actor, [*ids, *(c.id for c in copies)]).done) == [  # copies named with their badge
        'Workflow 0', 'Workflow 0 [1]', 'Workflow 1', 'Workflow 1 [1]', 'Workflow 2', 'Workflow 2 [1]']
    assert len(restore(actor, ids).done) == 3
    assert len(delete_permanently(actor, [*ids, *(c.id for c in copies)]).done) == 3
    assert Workflow.select().count() == 3
