"""The list query (docs/product.md §3 blocks 1 and 4): search, filters, sorts, pagination and the URL round trip."""

from datetime import date, timedelta
from typing import Any

import pytest

from model.access.gate import Actor
from model.storage.schema import Folder, Workflow
from model.workflows.lifecycle import duplicate_many, new_workflow
from model.workflows.listing import ListQuery, count_matching, list_workflows, matching_ids
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED
from tests.conftest import FROZEN_NOW
from tests.factories import at, other_account, touch


def make(actor: Actor, name: str, description: str = '', **columns: Any) -> Workflow:
    workflow = new_workflow(actor.account_id, name, description=description)
    if columns:
        touch(workflow, **columns)
    return workflow


def names(actor: Actor, **query: Any) -> list[str]:
    return [w.name for w in list_workflows(actor, ListQuery(**query)).rows]


def name_set(actor: Actor, **query: Any) -> set[str]:
    found = names(actor, page_size=100, **query)
    assert len(found) == len(set(found))
    return set(found)


# search

@pytest.fixture
def desserts(actor: Actor) -> Actor:
    make(actor, 'Crème brûlée', 'Caramelised custard')
    make(actor, 'Apple pie', 'With CRÈME fraîche on top')
    make(actor, 'Pistachio ice cream', 'Green and cold')
    make(actor, 'Straße sale', 'German street promotion')
    make(actor, '100% off', 'Black Friday')
    make(actor, '100 off', 'Plain')
    make(actor, 'snake_case', '')
    make(actor, 'snakeXcase', '')
    make(actor, 'back\\slash', '')
    make(other_account(), 'Crème brûlée of another account')
    return actor


DESSERTS = {'Crème brûlée', 'Apple pie', 'Pistachio ice cream', 'Straße sale', '100% off', '100 off', 'snake_case',
            'snakeXcase', 'back\\slash'}


@pytest.mark.parametrize(('search', 'expected'), [
    ('creme', {'Crème brûlée', 'Apple pie'}),  # name and description
    ('BRULEE', {'Crème brûlée'}),
    ('Crème Brûlée', {'Crème brûlée'}),
    ('CRÈME FRAICHE', {'Apple pie'}),
    ('custard', {'Crème brûlée'}),
    ('  pistachio  ', {'Pistachio ice cream'}),
    ('strasse', {'Straße sale'}),
    ('100%', {'100% off', '100 off'}),  # punctuation and spacing never decide a match
    ('0 o', {'100% off', '100 off'}),
    ('snake case', {'snake_case'}),
    ('e_c', {'snake_case', 'Pistachio ice cream'}),  # "ec", as in "icecream": no wildcard reaches the database
    ('%', DESSERTS),  # only punctuation: nothing to look for
    ('_', DESSERTS),
    ('\\', DESSERTS),
    ('no such thing', set()),
])
def test_search_folds_case_accents_and_punctuation_and_has_no_wildcards(desserts: Actor, search: str,
                                                                        expected: set[str]) -> None:
    query = ListQuery.from_params({'q': search})
    assert name_set(desserts, search=query.search) == expected
    assert count_matching(desserts, query) == len(expected)


def test_an_empty_search_lists_the_whole_account(desserts: Actor) -> None:
    assert len(name_set(desserts, search='')) == 9


# filters

@pytest.fixture
def varied(actor: Actor) -> Actor:
    make(actor, 'Draft clean', state=DRAFT, workflow_type='mass_action')
    make(actor, 'Draft broken', state=DRAFT, workflow_type='classic', error_count=2)
    make(actor, 'Draft alert', state=DRAFT, workflow_type='rule', alert_count=1)
    make(actor, 'Active', state=ACTIVE, workflow_type='reactive', priority_position=2)
    make(actor, 'Paused', state=PAUSED, workflow_type='rule', priority_position=1)
    make(actor, 'Finalized', state=FINALIZED, workflow_type='classic')
    make(other_account(), 'Other active', state=ACTIVE, workflow_type='reactive')
    return actor


def test_filter_by_states(varied: Actor) -> None:
    assert name_set(varied, states=(DRAFT,)) == {'Draft clean', 'Draft broken', 'Draft alert'}
    assert name_set(varied, states=(ACTIVE, PAUSED)) == {'Active', 'Paused'}
    assert name_set(varied, states=(FINALIZED,)) == {'Finalized'}


def test_filter_by_types(varied: Actor) -> None:
    assert name_set(varied, types=('rule',)) == {'Draft alert', 'Paused'}
    assert name_set(varied, types=('classic', 'reactive')) == {'Draft broken', 'Active', 'Finalized'}
    assert name_set(varied, types=('mass_action',)) == {'Draft clean'}


def test_filter_with_and_without_incidents(varied: Actor) -> None:
    assert name_set(varied, incidents='with') == {'Draft broken', 'Draft alert'}
    assert name_set(varied, incidents='without') == {'Draft clean', 'Active', 'Paused', 'Finalized'}


def test_filters_combine(varied: Actor) -> None:
    assert name_set(varied, states=(DRAFT,), types=('classic', 'rule'), incidents='with') == {
        'Draft broken', 'Draft alert'}
    assert name_set(varied, states=(DRAFT,), search='clean', incidents='with') == set()


def test_folder_with_and_without_subfolders(actor: Actor) -> None:
    top = Folder.create(account=actor.account_id, name='Top')
    middle = Folder.create(account=actor.account_id, name='Middle', parent=top)
    bottom = Folder.create(account=actor.account_id, name='Bottom', parent=middle)
    beside = Folder.create(account=actor.account_id, name='Beside')
    for name, folder in (('In top', top), ('In middle', middle), ('In bottom', bottom), ('In beside', beside),
                         ('At top level', None)):
        make(actor, name, folder=folder)
    assert name_set(actor, folder=top.id) == {'In top', 'In middle', 'In bottom'}
    assert name_set(actor, folder=top.id, subfolders=False) == {'In top'}
    assert name_set(actor, folder=middle.id) == {'In middle', 'In bottom'}
    assert name_set(actor, folder=middle.id, subfolders=False) == {'In middle'}
    assert name_set(actor, folder=bottom.id) == {'In bottom'}
    assert len(name_set(actor)) == 5


def test_another_accounts_folder_shows_nothing(actor: Actor) -> None:
    stranger = other_account()
    theirs = Folder.create(account=stranger.account_id, name='Theirs')
    make(stranger, 'Their workflow', folder=theirs)
    make(actor, 'Mine')
    assert name_set(actor, folder=theirs.id) == set()


def test_updated_range_is_inclusive_of_both_days(actor: Actor) -> None:
    for name, moment in (('Before', '2026-11-09 23:59:59'), ('First moment', '2026-11-10 00:00:00'),
                         ('Middle', '2026-11-15 12:00:00'), ('Last moment', '2026-11-20 23:59:59.999999'),
                         ('After', '2026-11-21 00:00:00')):
        make(actor, name, updated_at=at(moment))
    assert name_set(actor, updated_from=date(2026, 11, 10), updated_to=date(2026, 11, 20)) == {
        'First moment', 'Middle', 'Last moment'}
    assert name_set(actor, updated_from=date(2026, 11, 15)) == {'Middle', 'Last moment', 'After'}
    assert name_set(actor, updated_to=date(2026, 11, 9)) == {'Before'}
    assert name_set(actor, updated_from=date(2026, 11, 15), updated_to=date(2026, 11, 15)) == {'Middle'}


# sorts

@pytest.fixture
def sortable(actor: Actor) -> Actor:
    rows = (  # name, created days ago, updated days ago, execution position
        ('banana', 5, 1, None),
        ('Apple', 1, 4, 3),
        ('École', 3, 2, 1),
        ('cherry', 4, 3, None),
        ('Zebra', 2, 5, 2),
    )
    for name, created, updated, position in rows:
        make(actor, name, created_at=FROZEN_NOW - timedelta(days=created),
             updated_at=FROZEN_NOW - timedelta(days=updated), priority_position=position)
    return actor


def test_the_default_sort_is_last_updated_newest_first(sortable: Actor) -> None:
    assert names(sortable) == ['banana', 'École', 'cherry', 'Apple', 'Zebra']
    assert names(sortable) == names(sortable, sort='updated')


def test_sort_by_created_newest_first(sortable: Actor) -> None:
    assert names(sortable, sort='created') == ['Apple', 'Zebra', 'École', 'cherry', 'banana']


def test_sort_by_name_ignores_case_and_accents(sortable: Actor) -> None:
    assert names(sortable, sort='name') == ['Apple', 'banana', 'cherry', 'École', 'Zebra']


def test_sort_by_name_puts_copies_after_their_original_in_badge_order(actor: Actor) -> None:
    original = make(actor, 'Same')
    make(actor, 'Other')
    duplicate_many(actor, [original.id])
    duplicate_many(actor, [original.id])
    rows = list_workflows(actor, ListQuery(sort='name')).rows
    assert [(w.name, w.duplicate_number) for w in rows] == [('Other', None), ('Same', None), ('Same', 1), ('Same', 2)]


def test_sort_by_execution_order_puts_unplaced_last(sortable: Actor) -> None:
    assert names(sortable, sort='priority') == ['École', 'Zebra', 'Apple', 'banana', 'cherry']


# pagination

@pytest.fixture
def thirty(actor: Actor) -> Actor:
    for index in range(30):
        make(actor, f'Workflow {index:02}', updated_at=FROZEN_NOW - timedelta(hours=index),
             state=DRAFT if index % 2 else ACTIVE)
    make(other_account(), 'Not mine')
    return actor


def test_pages_split_the_list(thirty: Actor) -> None:
    first = list_workflows(thirty, ListQuery(page_size=10))
    assert (first.total, first.pages, first.page) == (30, 3, 1)
    assert [w.name for w in first.rows] == [f'Workflow {i:02}' for i in range(10)]
    third = list_workflows(thirty, ListQuery(page_size=10, page=3))
    assert [w.name for w in third.rows] == [f'Workflow {i:02}' for i in range(20, 30)]
    assert len(list_workflows(thirty, ListQuery(page_size=25, page=2)).rows) == 5


def test_a_page_past_the_end_shows_the_last_page(thirty: Actor) -> None:
    page = list_workflows(thirty, ListQuery(page_size=25, page=9))
    assert (page.page, page.pages, len(page.rows)) == (2, 2, 5)
    filtered = list_workflows(thirty, ListQuery(page_size=10, page=3, states=(ACTIVE,)))
    assert (filtered.total, filtered.pages, filtered.page) == (15, 2, 2)
    assert len(filtered.rows) == 5


def test_an_empty_result_has_one_empty_page(thirty: Actor) -> None:
    page = list_workflows(thirty, ListQuery(search='nothing like this', page=4))
    assert (page.total, page.pages, page.page, page.rows) == (0, 1, 1, [])


def test_rows_come_with_their_folder(actor: Actor) -> None:
    folder = Folder.create(account=actor.account_id, name='Campaigns')
    make(actor, 'Filed', folder=folder)
    make(actor, 'Loose')
    rows = {w.name: w for w in list_workflows(actor, ListQuery()).rows}
    filed = rows['Filed'].folder
    assert filed is not None and filed.name == 'Campaigns'
    assert rows['Loose'].folder is None


def test_matching_ids_spans_every_page(thirty: Actor) -> None:
    every = matching_ids(thirty, ListQuery(page_size=10, page=2))
    assert len(every) == 30 == count_matching(thirty, ListQuery())
    assert set(every) == {w.id for w in Workflow.select().where(Workflow.account == thirty.account_id)}
    active = matching_ids(thirty, ListQuery(states=(ACTIVE,), page_size=10))
    assert len(active) == 15 == count_matching(thirty, ListQuery(states=(ACTIVE,)))
    assert {w.state for w in Workflow.select().where(Workflow.id.in_(active))} == {ACTIVE}


# the URL

def test_the_default_query_has_no_parameters() -> None:
    assert ListQuery().to_params() == {}
    assert ListQuery.from_params({}) == ListQuery()


def test_every_field_round_trips_through_the_url() -> None:
    query = ListQuery(search='crème & 100%', states=(ACTIVE, PAUSED), types=('rule', 'classic'), incidents='with',
                      folder=7, subfolders=False, updated_from=date(2026, 1, 31), updated_to=date(2026, 2, 28),
                      sort='priority', page=4, page_size=50)
    params = query.to_params()
    assert params == {'q': 'crème & 100%', 'state': 'active,paused', 'type': 'rule,classic', 'incidents': 'with',
                      'folder': '7', 'subfolders': '0', 'from': '2026-01-31', 'to': '2026-02-28',
                      'sort': 'priority', 'page': '4', 'size': '50'}
    assert ListQuery.from_params(params) == query
    for sort in ('updated', 'created', 'name', 'priority'):
        assert ListQuery.from_params(ListQuery(sort=sort).to_params()).sort == sort


@pytest.mark.parametrize(('params', 'expected'), [
    ({'state': 'draft,bogus,,ACTIVE'}, ListQuery(states=(DRAFT,))),
    ({'type': 'rule,<script>'}, ListQuery(types=('rule',))),
    ({'incidents': 'maybe'}, ListQuery()),
    ({'folder': 'abc'}, ListQuery()),
    ({'folder': '12.5'}, ListQuery()),
    ({'subfolders': 'no'}, ListQuery()),
    ({'from': '2026-13-01', 'to': 'yesterday'}, ListQuery()),
    ({'sort': 'DROP TABLE'}, ListQuery()),
    ({'page': '-3'}, ListQuery()),
    ({'page': '0'}, ListQuery()),
    ({'page': 'two'}, ListQuery()),
    ({'size': '7'}, ListQuery()),
    ({'size': '100000'}, ListQuery()),
    ({'q': 'x' * 500}, ListQuery(search='x' * 200)),
    ({'unknown': 'value'}, ListQuery()),
])
def test_junk_in_the_url_is_ignored(params: dict[str, str], expected: ListQuery) -> None:
    assert ListQuery.from_params(params) == expected


def test_a_junk_url_still_lists(thirty: Actor) -> None:
    query = ListQuery.from_params({'state': 'zzz', 'page': '999999999999', 'size': 'x', 'folder': '-1',
                                   'from': '2026-02-30'})
    page = list_workflows(thirty, query)
    assert (page.total, page.page, len(page.rows)) == (0, 1, 0)  # folder -1 holds nothing
    assert list_workflows(thirty, ListQuery.from_params({'page': '999999999999'})).page == 2


def test_changing_a_filter_goes_back_to_page_one() -> None:
    query = ListQuery(page=3, search='a')
    assert query.with_changes(states=(DRAFT,)) == ListQuery(search='a', states=(DRAFT,))
    assert query.with_changes(page=4).page == 4

