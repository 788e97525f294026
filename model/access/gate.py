"""Who is acting, in which account, with which role (docs/product.md §13). Every service takes an :class:`Actor`.

An actor is built when a page opens, but its rights are read again from the database when a service runs
(:func:`current_role`): a role change, a removal or a sign-out in another tab takes effect at the next click.
"""

from dataclasses import dataclass

from model.access.sessions import SESSION_ENDED, session_person
from model.common.errors import Forbidden, SessionEnded
from model.storage.schema import Membership

ADMIN = 'admin'
ROLES = (ADMIN, 'editor', 'viewer')
CAN_CHANGE = frozenset({ADMIN, 'editor'})
NO_LONGER_MEMBER = 'You no longer belong to this account'


@dataclass(frozen=True)
class Actor:
    person_id: int
    account_id: int
    role: str  # as when the actor was built: for drawing; rules read current_role()
    session_id: str | None = None  # the browser session acting; None for the application itself and tests

    @property
    def can_change(self) -> bool:
        return self.role in CAN_CHANGE

    @property
    def manages_account(self) -> bool:
        """People and accounts, the training clock and panel: admins only (services check again, require_admin)."""
        return self.role == ADMIN


def current_role(actor: Actor) -> str:
    """The actor's role now (one indexed read), after checking that their session still holds."""
    if actor.session_id is not None and session_person(actor.session_id) != actor.person_id:
        raise SessionEnded(SESSION_ENDED)
    role = (Membership
            .select(Membership.role)
            .where((Membership.person == actor.person_id) & (Membership.account == actor.account_id))
            .scalar())
    if role is None:
        raise Forbidden(NO_LONGER_MEMBER)
    return str(role)


def require_member(actor: Actor) -> str:
    """Reading (export, download): any current member; returns the current role."""
    return current_role(actor)


def require_change(actor: Actor) -> None:
    if current_role(actor) not in CAN_CHANGE:
        raise Forbidden('Your role in this account no longer allows changes' if actor.can_change
                        else 'Your role in this account does not allow changes')


def require_admin(actor: Actor) -> None:
    if current_role(actor) != ADMIN:
        raise Forbidden('Only an admin of this account can manage its people and accounts')
