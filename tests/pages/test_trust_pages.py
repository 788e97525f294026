"""Trust boundaries in the simulated browser (docs/security.md): names stay text, people are invited rather than
taken, resets need the admin of every account of the person, a foreign hand-off signs nobody in, and a page whose
session ends stops at once."""

import re

import httpx
from nicegui import ui
from nicegui.testing import User

from model.access.invitations import invite
from model.access.people import create_account_with_admin
from model.access.sessions import end_session, open_session, session_person
from model.storage.schema import Membership, Person, SignInSession, Workflow
from model.workflows.lifecycle import create_blank
from model.workflows.priority import execution_order
from tests.factories import join
from tests.pages.conftest import ADMIN_EMAIL, add_person, admin, browser_key_of
from tests.pages.test_security_pages import admin_session, outsider  # noqa: F401  (a fixture)

SCRIPT_NAME = 'Z" :data-x="window.__pwned=\'x\'//'


async def test_a_workflow_name_with_quotes_stays_the_text_of_the_move_buttons(user: User) -> None:
    workflow = execution_order(admin())[1]
    Workflow.update(name=SCRIPT_NAME).where(Workflow.id == workflow.id).execute()
    await user.open('/priority')
    await user.should_see(SCRIPT_NAME)
    (up,) = user.find(marker=f'up-{workflow.id}').elements
    assert up.props['aria-label'] == f'Move {SCRIPT_NAME} up'
    assert not [key for key in up.props if key.startswith(':') or key.startswith('data-')]


async def test_reset_is_offered_only_for_people_whose_every_account_the_admin_administers(user: User) -> None:
    add_person('only.here@example.com', 'Only here', 'editor')
    add_person('also.there@example.com', 'Also there', 'editor')
    create_account_with_admin('Tenant B', 'also.there@example.com', 'Also there')
    await user.open('/admin')
    await user.should_see(marker='reset-only.here@example.com')
    await user.should_see(marker='member-also.there@example.com')
    await user.should_not_see(marker='reset-also.there@example.com')


async def test_removing_a_person_asks_first(user: User) -> None:
    add_person('leaving@example.com', 'Leaving', 'editor')
    person = Person.get(Person.email == 'leaving@example.com')
    await user.open('/admin')
    user.find(marker='remove-leaving@example.com').click()
    await user.should_see('Remove Leaving (leaving@example.com) from this account?')
    user.find('Cancel').click()
    await user.should_not_see(marker='confirm-removal')
    assert Membership.select().where(Membership.person == person).exists()
    user.find(marker='remove-leaving@example.com').click()
    user.find(marker='confirm-remove').click()
    await user.should_see('leaving@example.com removed')
    assert not Membership.select().where(Membership.person == person).exists()


async def test_inviting_a_known_or_a_new_email_reads_the_same(user: User) -> None:
    create_account_with_admin('Tenant B', 'known@example.com', 'Known')
    told = []
    await user.open('/admin')
    for email in ('known@example.com', 'unknown@example.com'):
        user.find(marker='new-email').type(email)
        user.find(marker='add-person').click()
        await user.should_see(marker='invitation-code-value')
        (card,) = user.find(marker='invitation-code').elements
        texts = [element.text for element in card.descendants() if isinstance(element, ui.label)]
        told.append([re.sub(r'\S+@example.com', 'EMAIL', text) for text in texts[:-1]])  # the code differs
        user.find('Done').click()
        await user.should_not_see(marker='invitation-code')
    assert told[0] == told[1]
    await user.should_see(marker='invited-known@example.com')
    await user.should_see(marker='invited-unknown@example.com')


async def test_an_invited_member_sees_a_banner_and_accepts(user: User) -> None:
    tenant_b = create_account_with_admin('Tenant B', 'mallory@example.com', 'Mallory')
    invite(tenant_b, ADMIN_EMAIL, 'Whoever', 'viewer')
    await user.open('/')
    await user.should_see(marker='invitations-banner')
    user.find('See invitations').click()
    await user.should_see('Mallory invites you to "Tenant B" as viewer')
    user.find(marker='accept-invitation').click()
    await user.should_see('You joined "Tenant B"', retries=30)
    await user.should_see('Demo trainer · viewer', retries=30)  # now working in Tenant B


async def test_a_foreign_hand_off_url_signs_nobody_in(user: User, outsider: httpx.AsyncClient) -> None:  # noqa: F811
    attacker_token = open_session(Person.get(Person.email == ADMIN_EMAIL).id, browser_key_of(user))
    await outsider.get('/signin')  # the victim's browser, with a sign-in form of its own
    response = await outsider.get(f'/signin/done?token={attacker_token}', follow_redirects=False)
    assert response.status_code == 303 and response.headers['location'] == '/signin'
    response = await outsider.get('/', follow_redirects=False)
    assert response.status_code == 307 and response.headers['location'].startswith('/signin')


async def test_a_page_whose_session_ends_stops_at_once_and_shows_no_names(user: User) -> None:
    await user.open('/?size=100')
    await user.should_see('Summer sale')
    end_session(admin_session())  # `Sign out` in another tab of this browser
    await user.should_see('Your session has ended: sign in again', retries=10)  # within a second
    create_blank(admin(), 'Made after the sign-out')
    for name in ('Made after the sign-out', 'Summer sale'):
        await user.should_not_see(name)
    for marker in ('nav-workflows', 'create-new', 'sign-out'):
        await user.should_not_see(marker=marker)
    from ui import live
    assert user.client is not None and user.client.id not in live._hub.pages  # it follows nothing any more


async def test_a_removed_members_page_stops_too(user: User) -> None:
    other = create_account_with_admin('Second shop', 'boss@example.com', 'Boss')
    join(other, ADMIN_EMAIL, '', 'editor')
    await user.open('/')
    (switcher,) = user.find(kind=ui.select, marker='account-switcher').elements
    switcher.value = other.account_id
    await user.should_see('Demo trainer · editor', retries=30)
    from model.access.people import remove_member
    remove_member(other, Person.get(Person.email == ADMIN_EMAIL).id)
    await user.should_see('You no longer belong to this account', retries=10)
    await user.should_not_see(marker='nav-workflows')


async def test_sign_out_everywhere_ends_every_session_of_the_person(user: User) -> None:
    person = Person.get(Person.email == ADMIN_EMAIL)
    elsewhere = open_session(person.id, 'another browser')
    await user.open('/password')
    user.find(marker='sign-out-everywhere').click()
    await user.should_see(marker='signin-card', retries=30)
    assert not SignInSession.select().where((SignInSession.person == person)
                                            & SignInSession.ended_at.is_null()).exists()
    assert session_person(elsewhere) is None
