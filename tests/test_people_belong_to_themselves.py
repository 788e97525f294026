"""People are not owned by one account's admin (docs/security.md): adding a known email invites it, the person
accepts signed in with their own password, and `Reset password` needs the admin of every account of theirs."""

import re

import pytest

from model.access.gate import Actor
from model.access.invitations import (
    accept_invitation,
    decline_invitation,
    invite,
    open_invitations,
    sent_invitations,
    withdraw_invitation,
)
from model.access.people import NOT_YOURS_TO_RESET, accounts_of, create_account_with_admin, members, reset_password
from model.access.sessions import Standing, claim, new_browser_key, open_session, standing
from model.access.signin import WRONG, sign_in
from model.common.errors import Invalid, NotFound, Refused
from model.storage.schema import Invitation, Membership, Person
from tests.factories import join

PASSWORD = 'demo shop admin password'


@pytest.fixture
def demo_admin(database: str) -> Actor:
    return create_account_with_admin('Demo Shop', 'admin@example.com', 'Demo admin', PASSWORD)


@pytest.fixture
def tenant_b(demo_admin: Actor) -> Actor:
    return create_account_with_admin('Tenant B', 'mallory@example.com', 'Mallory', 'mallorys own password')


def signed_in(email: str, password: str) -> str:
    """A session of the person, as the sign-in form opens it."""
    browser = new_browser_key()
    session_id = claim(open_session(sign_in(email, password).id, browser), browser)
    assert session_id is not None
    return session_id


def memberships() -> list[tuple[int, int, str]]:
    return [(m.person_id, m.account_id, m.role) for m in Membership.select().order_by(Membership.id)]


def test_another_accounts_admin_can_neither_attach_nor_take_over_a_person(demo_admin: Actor, tenant_b: Actor) -> None:
    before = memberships()
    code = invite(tenant_b, 'ADMIN@example.com', 'Whoever', 'viewer')
    assert memberships() == before  # nobody joins without accepting
    with pytest.raises(NotFound):  # not a member of Tenant B: nothing to reset
        reset_password(tenant_b, demo_admin.person_id)
    with pytest.raises(Refused, match=WRONG):  # the code is no password of theirs
        sign_in('admin@example.com', code)
    assert sign_in('admin@example.com', PASSWORD).id == demo_admin.person_id  # their own still works

    session_id = signed_in('admin@example.com', PASSWORD)
    (invitation,) = open_invitations(session_id)
    assert (invitation.account_name, invitation.role, invitation.invited_by) == ('Tenant B', 'viewer', 'Mallory')
    accept_invitation(session_id, invitation.id)
    assert accounts_of(demo_admin.person_id) == {demo_admin.account_id: 'Demo Shop', tenant_b.account_id: 'Tenant B'}
    # now a member of Tenant B, but also of Demo Shop, which Mallory does not administer
    assert {m.email: m.can_reset for m in members(tenant_b)} == {'admin@example.com': False,
                                                                 'mallory@example.com': True}
    with pytest.raises(Refused, match=re.escape(NOT_YOURS_TO_RESET)):
        reset_password(tenant_b, demo_admin.person_id)
    assert sign_in('admin@example.com', PASSWORD).id == demo_admin.person_id


def test_the_admin_is_told_the_same_whether_or_not_the_email_is_known(demo_admin: Actor, tenant_b: Actor) -> None:
    known = invite(tenant_b, 'admin@example.com', 'A', 'editor')
    new = invite(tenant_b, 'new@example.com', 'B', 'editor')
    assert len(known) == len(new) and known != new
    assert [(i.email, i.role) for i in sent_invitations(tenant_b)] == [('admin@example.com', 'editor'),
                                                                       ('new@example.com', 'editor')]
    assert sign_in('new@example.com', new).temporary_password_at is not None  # someone new signs in with the code
    assert Person.get(Person.email == 'admin@example.com').display_name == 'Demo admin'  # not renamed


def test_a_new_person_signs_in_changes_the_password_then_answers_the_invitation(demo_admin: Actor) -> None:
    code = invite(demo_admin, 'newbie@example.com', 'Newbie', 'editor')
    session_id = signed_in('newbie@example.com', code)
    assert standing(session_id) == Standing.TEMPORARY_PASSWORD
    Person.update(temporary_password_at=None).where(Person.email == 'newbie@example.com').execute()
    assert standing(session_id) == Standing.INVITED
    (invitation,) = open_invitations(session_id)
    assert accept_invitation(session_id, invitation.id) == demo_admin.account_id
    assert standing(session_id) == Standing.SIGNED_IN
    assert [(m.email, m.role) for m in members(demo_admin)] == [('admin@example.com', 'admin'),
                                                                ('newbie@example.com', 'editor')]


def test_an_admin_of_every_account_of_the_person_may_reset_their_password(demo_admin: Actor) -> None:
    second = create_account_with_admin('Second shop', 'admin@example.com', 'Demo admin')
    join(demo_admin, 'both@example.com', 'Both', 'editor')
    join(second, 'both@example.com', 'Both', 'viewer')
    both = Person.get(Person.email == 'both@example.com')
    temporary = reset_password(demo_admin, both.id)
    assert sign_in('both@example.com', temporary).temporary_password_at is not None
    invite(create_account_with_admin('Elsewhere', 'other@example.com', 'Other'), 'both@example.com', '', 'viewer')
    with pytest.raises(Refused, match=re.escape(NOT_YOURS_TO_RESET)):  # an open invitation elsewhere counts too
        reset_password(demo_admin, both.id)
    assert not next(m for m in members(demo_admin) if m.email == 'both@example.com').can_reset


def test_bad_invitations_get_a_clear_message_and_change_nothing(demo_admin: Actor, tenant_b: Actor) -> None:
    invite(tenant_b, 'someone@example.com', 'Someone', 'viewer')
    for email, message in (('mallory@example.com', 'already belongs to this account'),
                           ('someone@example.com', 'already invited to this account'),
                           ('z" :data-x="1@example.com', 'Give a valid email address'),
                           ('two@at@example.com', 'Give a valid email address'),
                           ('tab\t@example.com', 'Give a valid email address'),
                           ('x' * 250 + '@example.com', 'Give a valid email address')):
        before = (memberships(), Invitation.select().count(), Person.select().count())
        with pytest.raises(Invalid, match=message):
            invite(tenant_b, email, 'Name', 'viewer')
        assert (memberships(), Invitation.select().count(), Person.select().count()) == before


def test_only_the_invited_person_answers_and_an_admin_may_withdraw(demo_admin: Actor, tenant_b: Actor) -> None:
    invite(tenant_b, 'admin@example.com', '', 'viewer')
    invitation = Invitation.get()
    mallory = signed_in('mallory@example.com', 'mallorys own password')
    with pytest.raises(NotFound):
        accept_invitation(mallory, invitation.id)
    with pytest.raises(NotFound):
        withdraw_invitation(demo_admin, invitation.id)  # not Demo Shop's invitation
    decline_invitation(signed_in('admin@example.com', PASSWORD), invitation.id)
    assert not Invitation.select().exists()
    invite(tenant_b, 'admin@example.com', '', 'viewer')
    withdraw_invitation(tenant_b, Invitation.get().id)
    assert not Invitation.select().exists()
    assert accounts_of(demo_admin.person_id) == {demo_admin.account_id: 'Demo Shop'}
