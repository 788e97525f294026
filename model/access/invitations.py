"""Invitations (docs/security.md, "People belong to themselves"): an account admin never takes a person over.

Adding an email to an account invites it; the person joins when they accept, signed in with their own password.
The admin is told the same thing whether the email was known or not: a one-time sign-in code to hand over. For a
new email that code is the new person's temporary password; a person who already has a password keeps it, and the
code opens nothing. Either way nobody is a member of an account before accepting its invitation.
"""

from dataclasses import dataclass

from peewee import JOIN

from model.access.gate import ROLES, Action, Actor, require
from model.access.sessions import SESSION_ENDED, session_person
from model.access.signin import hash_password, new_password
from model.common import events
from model.common.clock import clock
from model.common.errors import Invalid, NotFound, SessionEnded
from model.common.text import clean_email, clean_name
from model.storage.db import db
from model.storage.schema import Account, Invitation, Membership, Person

INVITATION_GONE = 'This invitation is no longer open'


@dataclass(frozen=True)
class OpenInvitation:
    """An invitation as its person sees it."""

    id: int
    account_name: str
    role: str
    invited_by: str


@dataclass(frozen=True)
class SentInvitation:
    """An invitation as the inviting account's admins see it."""

    id: int
    email: str
    role: str


def invite(actor: Actor, email: str, display_name: str, role: str) -> str:
    """Invite ``email`` into the actor's account as ``role``; returns the sign-in code to give them (see above)."""
    require(actor, Action.ADMINISTER)
    email = clean_email(email)
    if role not in ROLES:
        raise Invalid(f'The role must be one of {", ".join(ROLES)}')
    name = clean_name(display_name, 'The name', default=email)
    code = new_password()
    code_hash = hash_password(code)  # argon2 is slow: before the transaction, and for a known email too
    with db.atomic():
        person = Person.get_or_none(Person.email == email)
        if person is None:
            person = Person.create(email=email, display_name=name, password_hash=code_hash,
                                   temporary_password_at=clock.now())
        elif Membership.select().where((Membership.person == person)
                                       & (Membership.account == actor.account_id)).exists():
            raise Invalid(f'{email} already belongs to this account')
        elif _invitation_to(person.id, actor.account_id) is not None:
            raise Invalid(f'{email} is already invited to this account')
        Invitation.create(person=person, account=actor.account_id, role=role, invited_by=actor.person_id,
                          created_at=clock.now())
    events.announce(events.ChangeKind.PEOPLE, actor.account_id)
    return code


def sent_invitations(actor: Actor) -> list[SentInvitation]:
    """The account's invitations nobody has answered yet, for its admins."""
    require(actor, Action.ADMINISTER)
    return [SentInvitation(i.id, i.person.email, i.role)
            for i in (Invitation.select(Invitation, Person).join(Person, on=Invitation.person == Person.id)
                      .where(Invitation.account == actor.account_id).order_by(Person.email))]


def withdraw_invitation(actor: Actor, invitation_id: int) -> None:
    require(actor, Action.ADMINISTER)
    gone = Invitation.delete().where((Invitation.id == invitation_id)
                                     & (Invitation.account == actor.account_id)).execute()
    if not gone:
        raise NotFound(INVITATION_GONE)
    events.announce(events.ChangeKind.PEOPLE, actor.account_id)


def open_invitations(session_id: str | None) -> list[OpenInvitation]:
    """The invitations waiting for the person signed in with ``session_id``."""
    person_id = _signed_in(session_id)
    inviter = Person.alias()
    return [OpenInvitation(i.id, i.account.name, i.role, i.invited_by.display_name if i.invited_by else 'An admin')
            for i in (Invitation.select(Invitation, Account, inviter)
                      .join(Account)
                      .switch(Invitation)
                      .join(inviter, on=Invitation.invited_by == inviter.id, join_type=JOIN.LEFT_OUTER)
                      .where(Invitation.person == person_id).order_by(Account.name))]


def accept_invitation(session_id: str | None, invitation_id: int) -> int:
    """The signed-in person joins the account that invited them, with the invited role; returns the account's id."""
    person_id = _signed_in(session_id)
    with db.atomic():
        invitation = Invitation.get_or_none((Invitation.id == invitation_id) & (Invitation.person == person_id))
        if invitation is None:
            raise NotFound(INVITATION_GONE)
        invitation.delete_instance()
        Membership.insert(person=person_id, account=invitation.account_id, role=invitation.role) \
            .on_conflict_ignore().execute()
    events.announce(events.ChangeKind.PEOPLE, invitation.account_id)
    return invitation.account_id


def decline_invitation(session_id: str | None, invitation_id: int) -> None:
    person_id = _signed_in(session_id)
    invitation = Invitation.get_or_none((Invitation.id == invitation_id) & (Invitation.person == person_id))
    if invitation is None:
        raise NotFound(INVITATION_GONE)
    invitation.delete_instance()
    events.announce(events.ChangeKind.PEOPLE, invitation.account_id)


def _invitation_to(person_id: int, account_id: int) -> Invitation | None:
    return Invitation.get_or_none((Invitation.person == person_id) & (Invitation.account == account_id))


def _signed_in(session_id: str | None) -> int:
    person_id = session_person(session_id)
    if person_id is None:
        raise SessionEnded(SESSION_ENDED)
    return person_id
