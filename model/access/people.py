"""People, accounts and roles (docs/product.md §13): who belongs where, and the admin's services to manage them."""

from dataclasses import dataclass

from model.access.gate import ADMIN, ROLES, Action, Actor, require
from model.access.sessions import end_sessions_if_homeless
from model.access.signin import hash_password, set_temporary_password
from model.common import events
from model.common.errors import Invalid, NotFound, Refused
from model.common.text import clean_name
from model.storage.db import db
from model.storage.schema import Account, Invitation, Membership, Person

NOT_YOURS_TO_RESET = ('This person also belongs to an account you do not administer: only they can change their '
                      'password (an admin of all their accounts may reset it)')


@dataclass(frozen=True)
class Member:
    person_id: int
    email: str
    display_name: str
    role: str
    can_reset: bool  # the acting admin administers every account of theirs (reset_password)


def actor_for(person: Person | int, account: Account | int, session_id: str | None = None) -> Actor:
    """The person acting in that account; an account they do not belong to is "not found"."""
    membership = (Membership
                  .select()
                  .where((Membership.person == person) & (Membership.account == account))
                  .first())
    if membership is None:
        raise NotFound('This account does not exist')
    return Actor(person_id=membership.person_id, account_id=membership.account_id, role=membership.role,
                 session_id=session_id)


def first_account_of(person_id: int, session_id: str | None = None) -> Actor:
    membership = (Membership
                  .select()
                  .where(Membership.person == person_id)
                  .order_by(Membership.id)
                  .first())
    if membership is None:
        raise NotFound('This person belongs to no account')
    return Actor(person_id=person_id, account_id=membership.account_id, role=membership.role, session_id=session_id)


def accounts_of(person_id: int) -> dict[int, str]:
    return {m.account_id: m.account.name for m in (Membership
                                                   .select(Membership, Account)
                                                   .join(Account)
                                                   .where(Membership.person == person_id)
                                                   .order_by(Account.name))}


def create_account_with_admin(account_name: str, email: str, display_name: str,
                              password: str | None = None) -> Actor:
    """A new account whose admin is the person with ``email`` (created when new, with ``password`` if given).

    The first admin of an installation is its site operator."""
    account = Account.create(name=account_name)
    person = Person.get_or_create(email=email.strip().lower(), defaults={'display_name': display_name})[0]
    if password is not None:
        person.password_hash = hash_password(password)
    person.site_operator = person.site_operator or not Person.select().where(Person.site_operator).exists()
    person.save()
    Membership.create(person=person, account=account, role='admin')
    return actor_for(person, account)


def account_name(actor: Actor) -> str:
    require(actor, Action.READ)
    return Account.get_by_id(actor.account_id).name


def person_name(person_id: int) -> str:
    return Person.get_by_id(person_id).display_name


def members(actor: Actor) -> list[Member]:
    require(actor, Action.ADMINISTER)
    found = list(Membership
                 .select(Membership, Person)
                 .join(Person)
                 .where(Membership.account == actor.account_id)
                 .order_by(Person.email))
    resettable = _resettable(actor, [m.person_id for m in found])
    return [Member(m.person_id, m.person.email, m.person.display_name, m.role, m.person_id in resettable)
            for m in found]


def reset_password(actor: Actor, person_id: int) -> str:
    """An admin gives a member a new temporary password (shown once); the member's sessions end.

    Only when the acting admin administers every account the person belongs to or is invited to: a person is
    never taken over by the admin of one of their accounts (docs/security.md).
    """
    require(actor, Action.ADMINISTER)
    _membership(actor, person_id)
    if person_id not in _resettable(actor, [person_id]):
        raise Refused(NOT_YOURS_TO_RESET)
    return set_temporary_password(person_id)


def change_role(actor: Actor, person_id: int, role: str) -> None:
    require(actor, Action.ADMINISTER)
    if role not in ROLES:
        raise Invalid(f'The role must be one of {", ".join(ROLES)}')
    with db.atomic():
        membership = _membership(actor, person_id)
        if membership.role == 'admin' and role != 'admin':
            _keep_an_admin(actor)
        membership.role = role
        membership.save()
    events.announce(events.ChangeKind.PEOPLE, actor.account_id)


def remove_member(actor: Actor, person_id: int) -> None:
    """Remove a person from the account; removed from their last account, they are signed out everywhere."""
    require(actor, Action.ADMINISTER)
    with db.atomic():
        membership = _membership(actor, person_id)
        if membership.role == 'admin':
            _keep_an_admin(actor)
        membership.delete_instance()
        end_sessions_if_homeless(person_id)
    events.announce(events.ChangeKind.PEOPLE, actor.account_id)


def create_account(actor: Actor, name: str) -> int:
    """A new account with the acting site operator as its admin."""
    require(actor, Action.OPERATE_SITE)
    clean = clean_name(name, 'The account name', default=None)
    with db.atomic():
        account = Account.create(name=clean)
        Membership.create(person=actor.person_id, account=account, role='admin')
    return account.id


def rename_account(actor: Actor, name: str) -> None:
    require(actor, Action.ADMINISTER)
    clean = clean_name(name, 'The account name', default=None)
    Account.update(name=clean).where(Account.id == actor.account_id).execute()


def _membership(actor: Actor, person_id: int) -> Membership:
    membership = (Membership
                  .select()
                  .where((Membership.account == actor.account_id) & (Membership.person == person_id))
                  .first())
    if membership is None:
        raise NotFound('This person does not belong to this account')
    return membership


def _resettable(actor: Actor, person_ids: list[int]) -> set[int]:
    """Those of ``person_ids`` whose every account (joined or invited to) the actor administers now."""
    administered = (Membership.select(Membership.account)
                    .where((Membership.person == actor.person_id) & (Membership.role == ADMIN)))
    elsewhere = {m.person_id for m in Membership.select(Membership.person).where(
        Membership.person.in_(person_ids) & Membership.account.not_in(administered))}
    elsewhere |= {i.person_id for i in Invitation.select(Invitation.person).where(
        Invitation.person.in_(person_ids) & Invitation.account.not_in(administered))}
    return set(person_ids) - elsewhere


def _keep_an_admin(actor: Actor) -> None:
    admins = (Membership
              .select()
              .where((Membership.account == actor.account_id) & (Membership.role == 'admin'))
              .count())
    if admins <= 1:
        raise Refused('The last admin of an account cannot be removed or demoted')
