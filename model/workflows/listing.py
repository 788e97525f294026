"""The Workflows list query (docs/product.md §3 block 1 and 4): search, filters, sort and server pagination.

A :class:`ListQuery` round-trips through URL parameters, so a link reproduces the view.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from math import ceil
from typing import cast

from peewee import JOIN, ModelSelect, chunked

from model.access.gate import Action, Actor, require
from model.common.events import ChangeKind
from model.common.text import parse_date, parse_int, search_key
from model.storage.db import ID_CHUNK
from model.storage.schema import Folder, Person, Workflow, kept
from model.workflows.folders import descendant_ids
from model.workflows.incidents import WORKFLOW_TYPES
from model.workflows.priority import ranks_in
from model.workflows.states import STATES

SORTS = {
    'updated': 'Last updated',
    'created': 'Created',
    'name': 'Name',
    'priority': 'Execution order',
}
INCIDENT_FILTERS = {'with': 'With incidents', 'without': 'Without incidents'}
PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25


@dataclass(frozen=True)
class ListQuery:
    search: str = ''
    states: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    incidents: str = ''  # '' | with | without
    folder: int | None = None
    subfolders: bool = True
    updated_from: date | None = None
    updated_to: date | None = None
    sort: str = 'updated'
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def to_params(self) -> dict[str, str]:
        """Only what differs from the defaults, so plain links stay plain."""
        params = {
            'q': self.search,
            'state': ','.join(self.states),
            'type': ','.join(self.types),
            'incidents': self.incidents,
            'folder': '' if self.folder is None else str(self.folder),
            'subfolders': '' if self.subfolders else '0',
            'from': self.updated_from.isoformat() if self.updated_from else '',
            'to': self.updated_to.isoformat() if self.updated_to else '',
            'sort': '' if self.sort == 'updated' else self.sort,
            'page': '' if self.page == 1 else str(self.page),
            'size': '' if self.page_size == DEFAULT_PAGE_SIZE else str(self.page_size),
        }
        return {key: value for key, value in params.items() if value}

    @classmethod
    def from_params(cls, params: dict[str, str]) -> 'ListQuery':
        """Tolerant parsing: a value that makes no sense is ignored, never an error page."""
        return cls(
            search=params.get('q', '').strip()[:200],
            states=tuple(s for s in params.get('state', '').split(',') if s in STATES),
            types=tuple(t for t in params.get('type', '').split(',') if t in WORKFLOW_TYPES),
            incidents=params.get('incidents', '') if params.get('incidents') in INCIDENT_FILTERS else '',
            folder=parse_int(params.get('folder')),
            subfolders=params.get('subfolders') != '0',
            updated_from=parse_date(params.get('from')),
            updated_to=parse_date(params.get('to')),
            sort=params.get('sort', 'updated') if params.get('sort') in SORTS else 'updated',
            page=max(1, parse_int(params.get('page')) or 1),
            page_size=size if (size := parse_int(params.get('size'))) in PAGE_SIZES else DEFAULT_PAGE_SIZE,
        )

    def with_changes(self, **changes: object) -> 'ListQuery':
        """A copy with ``changes``; any change but the page itself goes back to page 1."""
        return replace(self, **({'page': 1} | changes))  # type: ignore[arg-type]


@dataclass
class ListPage:
    rows: list[Workflow] = field(default_factory=list)
    ranks: dict[int, int] = field(default_factory=dict)  # execution order rank of the placed rows
    total: int = 0
    page: int = 1
    pages: int = 1
    account_empty: bool = False  # no workflow at all (not only none matching): the page shows first steps


def list_workflows(actor: Actor, query: ListQuery) -> ListPage:
    """One page of the filtered, sorted list, with each row's folder and who finalized it loaded."""
    require(actor, Action.READ)
    total = _filtered(actor, query).count()
    pages = max(1, ceil(total / query.page_size))
    page = min(query.page, pages)
    select = _filtered(actor, query, Workflow, Folder, Person)
    if query.search:  # the matches first, from the search index; walking the sort order instead reads every row
        select = select.where(Workflow.id.in_(_filtered(actor, ListQuery(search=query.search), Workflow.id)))
    rows = list(_as_rows(select).order_by(*_ordering(query.sort)).paginate(page, query.page_size))
    account_empty = total == 0 and not Workflow.select().where((Workflow.account == actor.account_id) & kept()).exists()
    return ListPage(rows=rows, ranks=ranks_in(actor.account_id, rows), total=total, page=page, pages=pages,
                    account_empty=account_empty)


def rows_can_move(query: ListQuery, kinds: Iterable[ChangeKind]) -> bool:
    """Whether changes of ``kinds`` can change which workflows a page of ``query`` shows, or their order.

    An update (a state, a name, incidents, content; it also moves ``updated_at``) cannot when the list
    neither searches nor filters on what it touches and is sorted by creation: the rows it names are then
    redrawn in place (:func:`refreshed`) and the rest of the list is not read again. Anything else can.
    """
    if set(kinds) != {ChangeKind.UPDATED}:
        return True
    return query.sort != 'created' or _filters_on_what_an_update_touches(query)


def can_leave_view(query: ListQuery, kinds: Iterable[ChangeKind]) -> bool:
    """Whether changes of ``kinds`` can take workflows out of ``query``'s results (a selection keeps only those
    still in view, :func:`selection_in_filter`): deletes and resets always, moves and folder changes under a
    folder filter, updates under a search or a filter on what an update touches. New or restored workflows,
    the execution order and statistics never take one out."""
    kinds = set(kinds)
    if kinds & {ChangeKind.DELETED, ChangeKind.RESET}:
        return True
    if kinds & {ChangeKind.MOVED, ChangeKind.FOLDERS} and query.folder is not None:
        return True
    return ChangeKind.UPDATED in kinds and _filters_on_what_an_update_touches(query)


def _filters_on_what_an_update_touches(query: ListQuery) -> bool:
    return bool(query.search or query.states or query.incidents or query.updated_from or query.updated_to)


def refreshed(actor: Actor, page: ListPage, workflow_ids: Iterable[int]) -> ListPage:
    """``page`` after updates to ``workflow_ids`` that cannot move rows (:func:`rows_can_move`): the rows it
    shows among them are read again, and every row's rank (a pause or a finalize moves those behind)."""
    require(actor, Action.READ)
    wanted = set(workflow_ids) & {workflow.id for workflow in page.rows}
    fresh: dict[int, Workflow] = {}
    if wanted:
        select = Workflow.select(Workflow, Folder, Person).where(
            (Workflow.account == actor.account_id) & kept() & Workflow.id.in_(list(wanted)))
        fresh = {workflow.id: workflow for workflow in _as_rows(select)}
    rows = [fresh.get(workflow.id, workflow) for workflow in page.rows]  # one deleted meanwhile: its own change
    return replace(page, rows=rows, ranks=ranks_in(actor.account_id, rows))


def _as_rows(select: 'ModelSelect[Workflow]') -> 'ModelSelect[Workflow]':
    """With the folder and the person who finalized, which a row shows."""
    return (select.join(Folder, JOIN.LEFT_OUTER, on=(Workflow.folder == Folder.id))
            .switch(Workflow)
            .join(Person, JOIN.LEFT_OUTER, on=(Workflow.finalized_by == Person.id)))


def matching_ids(actor: Actor, query: ListQuery) -> list[int]:
    """Every workflow id matching the filter, across all pages ("Select all")."""
    require(actor, Action.READ)
    return [row[0] for row in cast(Iterable[tuple[int]], _filtered(actor, query, Workflow.id).tuples())]


@dataclass(frozen=True)
class Selection:
    ids: list[int]  # the selected workflows that match the filter, in list order
    pages: int  # how many pages of the list they are on


def selection_in_filter(actor: Actor, query: ListQuery, selected: set[int]) -> Selection:
    """Keep only the selected workflows the current search, filters and folder still show."""
    require(actor, Action.READ)
    rows = _filtered(actor, query, Workflow.id).order_by(*_ordering(query.sort)).tuples()
    ordered = [row[0] for row in cast(Iterable[tuple[int]], rows)]
    positions = [index for index, workflow_id in enumerate(ordered) if workflow_id in selected]
    return Selection([ordered[index] for index in positions],
                     len({index // query.page_size for index in positions}))


def count_matching(actor: Actor, query: ListQuery) -> int:
    require(actor, Action.READ)
    return _filtered(actor, query).count()


def _filtered(actor: Actor, query: ListQuery, *columns) -> 'ModelSelect[Workflow]':
    select = Workflow.select(*columns).where((Workflow.account == actor.account_id) & kept())
    if query.search:
        select = select.where(Workflow.search_text.contains(search_key(query.search)))
    if query.states:
        select = select.where(Workflow.state.in_(query.states))
    if query.types:
        select = select.where(Workflow.workflow_type.in_(query.types))
    if query.incidents == 'with':
        select = select.where((Workflow.error_count + Workflow.alert_count) > 0)
    elif query.incidents == 'without':
        select = select.where((Workflow.error_count + Workflow.alert_count) == 0)
    if query.folder is not None:
        folders = descendant_ids(actor.account_id, query.folder) if query.subfolders else [query.folder]
        select = select.where(Workflow.folder.in_(folders))
    if query.updated_from:
        select = select.where(Workflow.updated_at >= datetime.combine(query.updated_from, datetime.min.time()))
    if query.updated_to:
        end = datetime.combine(query.updated_to + timedelta(days=1), datetime.min.time())
        select = select.where(Workflow.updated_at < end)
    return select


def _ordering(sort: str) -> list:
    if sort == 'created':
        return [Workflow.created_at.desc(), Workflow.id.desc()]
    if sort == 'name':
        return [Workflow.sort_name, Workflow.duplicate_number.is_null(False), Workflow.duplicate_number, Workflow.id]
    if sort == 'priority':
        return [Workflow.priority_position.is_null(), Workflow.priority_position, Workflow.updated_at.desc()]
    return [Workflow.updated_at.desc(), Workflow.id.desc()]


def workflows_by_id(actor: Actor, workflow_ids: set[int] | list[int]) -> list[Workflow]:
    """The actor's workflows among ``workflow_ids`` (others are silently absent), in name order."""
    require(actor, Action.READ)
    ids = list(workflow_ids)
    found: list[Workflow] = []
    for chunk in chunked(ids, ID_CHUNK):
        found.extend(Workflow
                     .select(Workflow.id, Workflow.name, Workflow.version, Workflow.state, Workflow.duplicate_number)
                     .where((Workflow.account == actor.account_id) & kept()
                            & (Workflow.id.in_(chunk))))
    return sorted(found, key=lambda w: (w.name.casefold(), w.id))

