"""People and their memberships. Sign-in comes with SPEC §13; until then the app acts as the first admin."""

from model.access import Actor
from model.schema import Account, Membership, Person


def actor_for(person: Person, account: Account) -> Actor:
    membership = Membership.get((Membership.person == person) & (Membership.account == account))
    return Actor(person_id=person.id, account_id=account.id, role=membership.role)


def create_account_with_admin(account_name: str, email: str, display_name: str) -> Actor:
    account = Account.create(name=account_name)
    person = Person.get_or_create(email=email, defaults={'display_name': display_name})[0]
    Membership.create(person=person, account=account, role='admin')
    return actor_for(person, account)


def default_actor() -> Actor | None:
    """The first admin membership: who acts until sign-in exists."""
    membership = (Membership
                  .select()
                  .where(Membership.role == 'admin')
                  .order_by(Membership.id)
                  .first())
    if membership is None:
        return None
    return Actor(person_id=membership.person_id, account_id=membership.account_id, role=membership.role)


def account_name(actor: Actor) -> str:
    return Account.get_by_id(actor.account_id).name
