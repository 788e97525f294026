"""The activity log: who did what to which workflow and when, per account.

Services call :func:`record` inside their own transaction, so an entry exists exactly when the
change it describes was committed. Reading is :func:`activity_page` (the Activity page) and
:func:`workflow_history` (the editor).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from math import ceil
from typing import Protocol

from peewee import JOIN, Select, chunked

from model.access.gate import Action, Actor, require
from model.common.clock import clock
from model.common.text import parse_date, parse_int, workflow_label
from model.storage.schema import Activity, Membership, Person

ACTIONS = {  # stored action → what people read
    'created': 'Created',
    'edited': 'Edited',
    'renamed': 'Renamed',
    'started': 'Started',
    'paused': 'Paused',
    'resumed': 'Resumed',
    'finalized': 'Finalized',
    'duplicated': 'Duplicated',
    'exported': 'Exported',
    'imported': 'Imported',
    'moved': 'Moved',
    'deleted': 'Deleted',
    'restored': 'Restored',
    'version restored': 'Version restored',
    'purged': 'Deleted permanently',
    'folders': 'Folder changed',
    'priority': 'Execution order changed',
    'demo reset': 'Demo reset',
}
PAGE_SIZE = 50
_INSERT_CHUNK = 100


class Named(Protocol):
    id: int
    name: str


def _logged_name(workflow: Named) -> str:
    """The name an entry keeps: a copy with its badge, 'Welcome [2]', so the log tells copies apart."""
    return workflow_label(workflow.name, getattr(workflow, 'duplicate_number', None))[:120]


def record(action: str, account_id: int, person_id: int | None, workflows: Iterable[Named] = (),
           detail: str = '', versions: Mapping[int, int] | None = None) -> None:
    """Write one entry per workflow (or one without a workflow); call it inside the change's transaction.

    ``versions`` links an entry to the version its change made (workflow id → version id).
    """
    moment = clock.now(account_id)
    made = versions or {}
    rows = [{'account': account_id, 'person': person_id, 'action': action, 'workflow_id': w.id,
             'workflow_name': _logged_name(w), 'detail': detail[:255], 'at': moment, 'version_id': made.get(w.id)}
            for w in workflows]
    if not rows:
        rows = [{'account': account_id, 'person': person_id, 'action': action, 'workflow_id': None,
                 'workflow_name': '', 'detail': detail[:255], 'at': moment, 'version_id': None}]
    for chunk in chunked(rows, _INSERT_CHUNK):
        Activity.insert_many(chunk).execute()


def record_by(actor: Actor, action: str, workflows: Iterable[Named] = (), detail: str = '',
              versions: Mapping[int, int] | None = None) -> None:
    record(action, actor.account_id, actor.person_id, workflows, detail, versions)


@dataclass(frozen=True)
class ActivityQuery:
    person: int | None = None
    action: str = ''
    workflow: str = ''  # part of the workflow's name
    workflow_id: int | None = None
    day_from: date | None = None
    day_to: date | None = None
    page: int = 1

    def to_params(self) -> dict[str, str]:
        params = {
            'person': '' if self.person is None else str(self.person),
            'action': self.action,
            'workflow': self.workflow,
            'id': '' if self.workflow_id is None else str(self.workflow_id),
            'from': self.day_from.isoformat() if self.day_from else '',
            'to': self.day_to.isoformat() if self.day_to else '',
            'page': '' if self.page == 1 else str(self.page),
        }
        return {key: value for key, value in params.items() if value}

    @classmethod
    def from_params(cls, params: dict[str, str]) -> 'ActivityQuery':
        """Tolerant: a value that makes no sense is ignored."""
        return cls(person=parse_int(params.get('person')),
                   action=params.get('action', '') if params.get('action') in ACTIONS else '',
                   workflow=params.get('workflow', '').strip()[:120],
                   workflow_id=parse_int(params.get('id')),
                   day_from=parse_date(params.get('from')), day_to=parse_date(params.get('to')),
                   page=max(1, parse_int(params.get('page')) or 1))

    def with_changes(self, **changes: object) -> 'ActivityQuery':
        return replace(self, **({'page': 1} | changes))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Entry:
    at: datetime
    person: str  # '' for the application itself
    action: str
    workflow_id: int | None
    workflow_name: str
    detail: str
    version_id: int | None = None  # the version this change made, if it made one

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)


@dataclass
class ActivityPage:
    entries: list[Entry] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def activity_page(actor: Actor, query: ActivityQuery, page_size: int = PAGE_SIZE) -> ActivityPage:
    """One page of the account's log, newest first."""
    require(actor, Action.READ)
    select = _filtered(actor, query)
    total = select.count()
    pages = max(1, ceil(total / page_size))
    page = min(query.page, pages)
    return ActivityPage(_entries(select.paginate(page, page_size)), total, page, pages)


def workflow_history(actor: Actor, workflow_id: int, limit: int = 20) -> list[Entry]:
    """The newest entries about one workflow of the actor's account."""
    require(actor, Action.READ)
    return _entries(_filtered(actor, ActivityQuery(workflow_id=workflow_id)).limit(limit))


def people_in_log(actor: Actor) -> dict[int, str]:
    """The account's members, for the person filter."""
    require(actor, Action.READ)
    return {p.id: p.display_name for p in (Person
                                           .select(Person.id, Person.display_name)
                                           .join(Membership)
                                           .where(Membership.account == actor.account_id)
                                           .order_by(Person.display_name))}


def _filtered(actor: Actor, query: ActivityQuery) -> Select:
    select = (Activity
              .select(Activity, Person.display_name.alias('person_name'))
              .join(Person, JOIN.LEFT_OUTER, on=(Activity.person == Person.id))
              .where(Activity.account == actor.account_id)
              .order_by(Activity.at.desc(), Activity.id.desc()))
    if query.person is not None:
        select = select.where(Activity.person == query.person)
    if query.action:
        select = select.where(Activity.action == query.action)
    if query.workflow:
        select = select.where(Activity.workflow_name.contains(query.workflow))
    if query.workflow_id is not None:
        select = select.where(Activity.workflow_id == query.workflow_id)
    if query.day_from:
        select = select.where(Activity.at >= datetime.combine(query.day_from, datetime.min.time()))
    if query.day_to:
        select = select.where(Activity.at < datetime.combine(query.day_to + timedelta(days=1), datetime.min.time()))
    return select


def _entries(select: Select) -> list[Entry]:
    return [Entry(row.at, row.person_name or '', row.action, row.workflow_id, row.workflow_name, row.detail,
                  row.version_id) for row in select.objects()]

