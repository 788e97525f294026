"""Who is acting, in which account, with which role (SPEC §13). Every service takes an :class:`Actor`."""

from dataclasses import dataclass

from model.errors import Forbidden

ROLES = ('admin', 'editor', 'viewer')
CAN_CHANGE = frozenset({'admin', 'editor'})


@dataclass(frozen=True)
class Actor:
    person_id: int
    account_id: int
    role: str

    @property
    def can_change(self) -> bool:
        return self.role in CAN_CHANGE


def require_change(actor: Actor) -> None:
    if not actor.can_change:
        raise Forbidden('Your role in this account does not allow changes')
