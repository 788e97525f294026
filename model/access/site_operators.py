"""Site operators: the first admin of an installation, and whoever an operator grants it to. Only they create
accounts and switch the traffic simulator (model/access/gate.py, ``Action.OPERATE_SITE``)."""

from model.access.gate import Action, Actor, require
from model.common import events
from model.common.errors import NotFound
from model.storage.db import db
from model.storage.schema import Membership, Person


def site_operators(actor: Actor) -> set[int]:
    """The people of the actor's account who are site operators."""
    require(actor, Action.OPERATE_SITE)
    return {person.id for person in (Person
                                     .select(Person.id)
                                     .join(Membership)
                                     .where((Membership.account == actor.account_id) & Person.site_operator))}


def grant_site_operator(actor: Actor, person_id: int) -> None:
    """Make a person of the actor's account a site operator too (people of other accounts are "not found")."""
    require(actor, Action.OPERATE_SITE)
    with db.atomic():
        if not Membership.select().where((Membership.account == actor.account_id)
                                         & (Membership.person == person_id)).exists():
            raise NotFound('This person does not belong to this account')
        Person.update(site_operator=True).where(Person.id == person_id).execute()
    events.announce(events.ChangeKind.PEOPLE, actor.account_id)
