"""The gate: the one place that decides who may do what (docs/security.md, "The gate").

A page builds an :class:`Actor` (person, account, the role it drew, the browser's session) and hands it to
every service; the service calls :func:`require` before it reads or writes. The gate decides from what
the database says *at the call*: the session still valid, the person still a member of the account, their
role, whether the account is a demo, whether the person is a site operator, and the account the resource
belongs to (another account's workflow, folder, segment or field is "not found"). Pages ask
:func:`allowed` (or :func:`rights` once per drawing) what to show; they decide nothing themselves.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from model.access import sessions
from model.access.sessions import IDLE_LIMIT, SESSION_ENDED, session_person
from model.common.errors import Forbidden, NotFound, SessionEnded
from model.storage.schema import DEMO_KIND, Account, Membership, Person, SignInSession

ADMIN, EDITOR, VIEWER = 'admin', 'editor', 'viewer'
ROLES = (ADMIN, EDITOR, VIEWER)
NO_LONGER_MEMBER = 'You no longer belong to this account'


class Action(StrEnum):
    """What a service does, as far as rights go."""

    READ = 'read'  # see the account's data: lists, editor, Live view, activity, Recently deleted, exports
    CHANGE = 'change'  # create, edit, move, delete, restore, import, start/pause..., execution order, bulk runs
    ADMINISTER = 'administer'  # the account's people and name, and its clock
    TRAIN = 'train'  # reset the demo account, create and remove its trainee accounts
    OPERATE_SITE = 'operate site'  # create accounts, the simulator's switch and speed, grant site operator


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    VIEWER: frozenset({Action.READ}),
    EDITOR: frozenset({Action.READ, Action.CHANGE}),
    ADMIN: frozenset({Action.READ, Action.CHANGE, Action.ADMINISTER}),
}
REFUSALS = {
    Action.READ: 'You no longer belong to this account',
    Action.CHANGE: 'Your role in this account does not allow changes',
    Action.ADMINISTER: 'Only an admin of this account can manage its people, name and clock',
    Action.TRAIN: 'Only an admin of the demo account can reset it or manage its trainee accounts',
    Action.OPERATE_SITE: 'Only a site operator can create accounts, switch the simulator or grant this right',
}
MISSING = {'Workflow': 'workflow', 'Folder': 'folder', 'Segment': 'segment', 'CustomField': 'custom field',
           'Form': 'form'}


@dataclass(frozen=True)
class Actor:
    person_id: int
    account_id: int
    role: str  # as when the actor was built: for what the page says; rights are read again by the gate
    session_id: str | None = None  # the browser session acting; None for the application itself and tests


class Resource(Protocol):
    """Anything that belongs to one account: a workflow, folder, segment, custom field."""

    account_id: int


@dataclass(frozen=True)
class Rights:
    """What the gate allows one actor, read at one moment (pages draw from it; services call :func:`require`)."""

    role: str
    actions: frozenset[Action]

    def allows(self, action: Action) -> bool:
        return action in self.actions

    @classmethod
    def of(cls, role: str, demo_account: bool = False, site_operator: bool = False) -> 'Rights':
        """The table: the role's actions, training for a demo account's admin, site operation for an operator."""
        actions = set(ROLE_ACTIONS.get(role, frozenset()))
        if demo_account and role == ADMIN:
            actions.add(Action.TRAIN)
        if site_operator:
            actions.add(Action.OPERATE_SITE)
        return cls(role, frozenset(actions))


def rights(actor: Actor) -> Rights:
    """The actor's rights now, in one indexed read (membership, account, person and, for a browser, its session);
    refuses an ended session or a person no longer in the account."""
    query = (Membership
             .select(Membership.role, Account.kind, Person.site_operator)
             .join(Account)
             .switch(Membership)
             .join(Person)
             .where((Membership.person == actor.person_id) & (Membership.account == actor.account_id)))
    if actor.session_id is not None:
        query = query.join(SignInSession, on=(SignInSession.person == Person.id)).where(
            (SignInSession.id == actor.session_id) & SignInSession.ended_at.is_null()
            & (SignInSession.last_seen_at > sessions.real_now() - IDLE_LIMIT))
    row = query.tuples().first()
    if row is None:  # which of the two: a second read, on this rare path only
        if actor.session_id is not None and session_person(actor.session_id) != actor.person_id:
            raise SessionEnded(SESSION_ENDED)
        raise Forbidden(NO_LONGER_MEMBER)
    role, kind, site_operator = row
    return Rights.of(str(role), kind == DEMO_KIND, bool(site_operator))


def require(actor: Actor, action: Action, resource: Resource | None = None) -> Rights:
    """Refuse unless ``actor`` may do ``action`` (on ``resource``, which must be of the actor's account)."""
    now = rights(actor)
    if resource is not None and resource.account_id != actor.account_id:
        raise not_found(type(resource).__name__)
    if not now.allows(action):
        changed = action == Action.CHANGE and actor.role in (ADMIN, EDITOR)
        raise Forbidden('Your role in this account no longer allows changes' if changed else REFUSALS[action])
    return now


def allowed(actor: Actor, action: Action, resource: Resource | None = None) -> bool:
    """What a page may offer: :func:`require` as a yes or no."""
    try:
        require(actor, action, resource)
    except (Forbidden, NotFound):
        return False
    return True


def current_role(actor: Actor) -> str:
    """The actor's role now, for an open page that watches whether its role changed."""
    return rights(actor).role


def not_found(kind: str) -> NotFound:
    """How a missing resource, and another account's, is refused: the same words, so existence never shows."""
    return NotFound(f'This {MISSING.get(kind, kind.lower())} does not exist (it may have been deleted)')
