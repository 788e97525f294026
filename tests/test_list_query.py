"""The list query: search, filters, sorts, pagination and the URL round trip."""

from datetime import date, timedelta

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.common.events import ChangeKind
from model.common.text import workflow_search_text
from model.storage.schema import Folder, Workflow
from model.workflows.lifecycle import apply_action, create_blank
from model.workflows.listing import (
    ListQuery,
    can_leave_view,
    count_matching,
    list_workflows,
    matching_ids,
    refreshed,
    rows_can_move,
)
from tests.factories import startable


def names(actor: Actor, **query: object) -> list[str]:
    return [w.name for w in list_workflows(actor, ListQuery(page_size=100, **query)).rows]  # type: ignore[arg-type]


def make(actor: Actor, name: str, description: str = '', folder: Folder | None = None, **fields: object) -> Workflow:
    workflow = create_blank(actor, name, folder.id if folder else None)
    if description or fields:
        Workflow.update(description=description, search_text=workflow_search_text(name, description), **fields) \
            .where(Workflow.id == workflow.id).execute()
    clock.advance(timedelta(minutes=1))
    return workflow


def test_search_is_case_and_accent_insensitive_over_name_and_description(actor: Actor) -> None:
    make(actor, 'Crème brûlée promo')
    make(actor, 'Spring sale', description='Only for CRÈME lovers')
    make(actor, '100% off_now')
    make(actor, 'Other')
    assert names(actor, search='creme') == ['Spring sale', 'Crème brûlée promo']
    assert names(actor, search='BRULEE') == ['Crème brûlée promo']
    assert names(actor, search='100 OFF-NOW') == ['100% off_now']
    assert len(names(actor, search='%')) == len(names(actor, search='_')) == 4  # punctuation alone looks for nothing
    assert names(actor, search='zzz') == []


def test_search_forgives_punctuation_spacing_and_accents_on_both_sides(actor: Actor) -> None:
    make(actor, 'Re-engagement – 90 days')
    make(actor, 'Café crème launch', description='For the new café.')
    make(actor, 'Re engage, maybe')
    assert names(actor, search='reengagement') == ['Re-engagement – 90 days']
    assert names(actor, search='RE ENGAGEMENT 90') == ['Re-engagement – 90 days']
    assert names(actor, search='re-engage') == ['Re engage, maybe', 'Re-engagement – 90 days']
    assert names(actor, search='cafe') == ['Café crème launch']
    assert names(actor, search='CAFÉ CRÈME') == ['Café crème launch']
    assert names(actor, search='launchfor') == []  # never across the name and the description


def test_filters_by_state_type_incidents_and_updated_range(actor: Actor) -> None:
    make(actor, 'Old draft', updated_at=clock.now() - timedelta(days=10))
    make(actor, 'Active rule', state='active', workflow_type='rule', error_count=0)
    make(actor, 'Paused', state='paused', error_count=0, alert_count=1)
    make(actor, 'Clean', error_count=0)
    assert names(actor, states=('active', 'paused')) == ['Paused', 'Active rule']
    assert names(actor, types=('rule',)) == ['Active rule']
    assert names(actor, incidents='with') == ['Paused', 'Old draft']
    assert names(actor, incidents='without') == ['Clean', 'Active rule']
    today = clock.now().date()
    assert names(actor, updated_to=today - timedelta(days=10)) == ['Old draft']
    assert names(actor, updated_from=today - timedelta(days=10), updated_to=today - timedelta(days=10)) == [
        'Old draft']
    assert 'Old draft' not in names(actor, updated_from=today)


def test_folder_filter_with_and_without_subfolders(actor: Actor) -> None:
    top = Folder.create(account=actor.account_id, name='Top')
    middle = Folder.create(account=actor.account_id, name='Middle', parent=top)
    bottom = Folder.create(account=actor.account_id, name='Bottom', parent=middle)
    make(actor, 'In top', folder=top)
    make(actor, 'In middle', folder=middle)
    make(actor, 'In bottom', folder=bottom)
    make(actor, 'Loose')
    assert names(actor, folder=top.id) == ['In bottom', 'In middle', 'In top']
    assert names(actor, folder=top.id, subfolders=False) == ['In top']
    assert names(actor, folder=middle.id) == ['In bottom', 'In middle']


def test_sorts(actor: Actor) -> None:
    banana = make(actor, 'banana')
    make(actor, 'Apple')
    cherry = make(actor, 'Cherry', state='active', priority_position=2)
    make(actor, 'Date', state='paused', priority_position=1)
    Workflow.update(updated_at=clock.now() + timedelta(hours=1)).where(Workflow.id == banana.id).execute()
    Workflow.update(created_at=clock.now() - timedelta(days=1)).where(Workflow.id == cherry.id).execute()
    assert names(actor) == ['banana', 'Date', 'Cherry', 'Apple']
    assert names(actor, sort='created') == ['Date', 'Apple', 'banana', 'Cherry']
    assert names(actor, sort='name') == ['Apple', 'banana', 'Cherry', 'Date']
    assert names(actor, sort='priority') == ['Date', 'Cherry', 'banana', 'Apple']


def test_pagination_and_select_all_across_pages(actor: Actor) -> None:
    for number in range(23):
        make(actor, f'Workflow {number:02}')
    page = list_workflows(actor, ListQuery(page=3, page_size=10))
    assert (page.total, page.pages, page.page, len(page.rows)) == (23, 3, 3, 3)
    clamped = list_workflows(actor, ListQuery(page=9, page_size=10))
    assert (clamped.page, [w.name for w in clamped.rows]) == (3, ['Workflow 02', 'Workflow 01', 'Workflow 00'])
    assert len(matching_ids(actor, ListQuery(page_size=10))) == 23
    assert count_matching(actor, ListQuery(search='workflow 1')) == 10


def test_the_query_round_trips_through_url_parameters_and_ignores_junk() -> None:
    query = ListQuery(search='cart', states=('active', 'paused'), types=('rule',), incidents='with', folder=7,
                      subfolders=False, updated_from=date(2026, 1, 1), updated_to=date(2026, 2, 1), sort='name',
                      page=3, page_size=50)
    assert ListQuery.from_params(query.to_params()) == query
    assert ListQuery().to_params() == {}
    junk = {'state': 'draft,bogus', 'type': 'x', 'incidents': 'maybe', 'folder': 'abc', 'from': '2026-13-45',
            'sort': 'drop table', 'page': '-4', 'size': '7'}
    assert ListQuery.from_params(junk) == ListQuery(states=('draft',))


def test_other_accounts_workflows_never_show(actor: Actor) -> None:
    make(actor, 'Mine')
    other = create_account_with_admin('Other', 'o@example.com', 'O')
    create_blank(other, 'Theirs')
    assert names(actor) == ['Mine']
    assert names(other) == ['Theirs']


def test_only_an_update_under_a_creation_sort_without_filters_on_it_leaves_the_rows_in_place() -> None:
    by_creation = ListQuery(sort='created')
    assert not rows_can_move(by_creation, [ChangeKind.UPDATED])
    assert not rows_can_move(ListQuery(sort='created', types=('mass_action',), folder=3), [ChangeKind.UPDATED])
    for kinds in ([ChangeKind.CREATED], [ChangeKind.UPDATED, ChangeKind.DELETED], [ChangeKind.MOVED],
                  [ChangeKind.PRIORITY], [ChangeKind.RESTORED], [ChangeKind.RESET]):
        assert rows_can_move(by_creation, kinds)
    for query in (ListQuery(), ListQuery(sort='name'), ListQuery(sort='priority'),
                  ListQuery(sort='created', search='cart'), ListQuery(sort='created', states=('active',)),
                  ListQuery(sort='created', incidents='with'), ListQuery(sort='created', updated_to=date(2026, 1, 1))):
        assert rows_can_move(query, [ChangeKind.UPDATED])  # the update can change what these show, or the order


def test_a_refreshed_page_reads_its_changed_rows_and_every_rank_again(actor: Actor) -> None:
    first, second = startable(actor, 'First'), startable(actor, 'Second')
    first = apply_action(actor, first.id, 'start', first.version)
    apply_action(actor, second.id, 'start', second.version)
    query = ListQuery(sort='created')
    page = list_workflows(actor, query)
    assert [page.ranks.get(w.id) for w in page.rows] == [2, 1]  # Second was created last
    apply_action(actor, first.id, 'finalize', first.version)
    again = refreshed(actor, page, [first.id])
    assert [(w.name, w.state) for w in again.rows] == [('Second', 'active'), ('First', 'finalized')]
    assert again.ranks == {second.id: 1} and again.total == page.total


def test_a_selection_is_read_again_only_for_changes_that_can_take_workflows_out_of_view() -> None:
    everything, one_folder, active = ListQuery(), ListQuery(folder=3), ListQuery(states=('active',))
    for kinds in ([ChangeKind.CREATED], [ChangeKind.RESTORED], [ChangeKind.PRIORITY], [ChangeKind.UPDATED],
                  [ChangeKind.MOVED], [ChangeKind.FOLDERS]):
        assert not can_leave_view(everything, kinds)
    assert can_leave_view(everything, [ChangeKind.CREATED, ChangeKind.DELETED])
    assert can_leave_view(everything, [ChangeKind.RESET])
    assert can_leave_view(one_folder, [ChangeKind.MOVED]) and can_leave_view(one_folder, [ChangeKind.FOLDERS])
    assert not can_leave_view(one_folder, [ChangeKind.UPDATED])
    assert can_leave_view(active, [ChangeKind.UPDATED])
    assert can_leave_view(ListQuery(search='cart'), [ChangeKind.UPDATED])
