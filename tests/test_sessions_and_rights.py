"""Rights at run time: an actor built earlier is checked against the current session, membership and role."""

from datetime import timedelta
from pathlib import Path

import pytest

from model.access import sessions
from model.access.gate import Action, Actor, allowed, current_role
from model.access.invitations import invite
from model.access.people import actor_for, change_role, person_name, remove_member, reset_password
from model.access.sessions import Standing, claim, end_session, open_session, session_person, standing
from model.access.signin import change_password, hash_password, must_change_password, sign_in
from model.common.errors import Forbidden, Invalid, Refused, SessionEnded
from model.storage.schema import Invitation, Person, Workflow
from model.workflows.exchange import export_workflows
from model.workflows.lifecycle import create_blank, delete_many, duplicate_many
from tests.factories import join

PASSWORD = 'correct horse battery'
BROWSER = 'the editor-s browser key'


@pytest.fixture
def editor(actor: Actor) -> Actor:
    """An editor of the admin's account, signed in (a session) on a page opened now."""
    join(actor, 'editor@example.com', 'Eddie', 'editor')
    person = Person.get(Person.email == 'editor@example.com')
    session_id = claim(open_session(person.id, BROWSER), BROWSER)
    return actor_for(person, actor.account_id, session_id)


def test_an_editor_demoted_after_the_page_opened_is_refused(actor: Actor, editor: Actor) -> None:
    workflow = create_blank(editor, 'Mine')
    change_role(actor, editor.person_id, 'viewer')
    with pytest.raises(Forbidden, match='Your role in this account no longer allows changes'):
        delete_many(editor, [workflow.id])
    with pytest.raises(Forbidden, match='no longer allows changes'):
        duplicate_many(editor, [workflow.id])
    assert Workflow.select().count() == 1


def test_a_removed_member_is_refused_and_signed_out_when_it_was_the_last_account(actor: Actor, editor: Actor) -> None:
    remove_member(actor, editor.person_id)
    with pytest.raises(SessionEnded, match='Your session has ended: sign in again'):
        create_blank(editor, 'Too late')
    assert session_person(editor.session_id) is None


def test_a_signed_out_session_is_refused_everywhere(editor: Actor) -> None:
    end_session(editor.session_id)
    with pytest.raises(SessionEnded, match='Your session has ended: sign in again'):
        create_blank(editor, 'After sign-out')
    assert not Workflow.select().exists()


def test_a_download_after_sign_out_is_refused(editor: Actor) -> None:
    workflow = create_blank(editor, 'Mine')
    assert export_workflows(editor, [workflow.id]).data
    end_session(editor.session_id)
    with pytest.raises(SessionEnded):
        export_workflows(editor, [workflow.id])


def test_a_session_is_handed_over_once_only(editor: Actor) -> None:
    token = open_session(editor.person_id, BROWSER)
    assert claim(token, BROWSER) is not None
    assert claim(token, BROWSER) is None


def test_changing_ones_password_needs_the_current_one_and_ends_the_other_sessions(editor: Actor) -> None:
    person = Person.get_by_id(editor.person_id)
    Person.update(password_hash=hash_password(PASSWORD)).where(Person.id == person.id).execute()
    other_tab = claim(open_session(person.id, 'another browser'), 'another browser')
    with pytest.raises(Refused, match='The current password is wrong'):
        change_password(person.id, 'not it', 'a brand new password', editor.session_id)
    with pytest.raises(Invalid, match='at least 10 characters'):
        change_password(person.id, PASSWORD, 'short', editor.session_id)
    with pytest.raises(Invalid, match='cannot be the email'):
        change_password(person.id, PASSWORD, 'Editor@Example.com', editor.session_id)
    change_password(person.id, PASSWORD, 'a brand new password', editor.session_id)
    assert session_person(other_tab) is None
    assert session_person(editor.session_id) == person.id
    assert sign_in('editor@example.com', 'a brand new password', '10.0.0.1').id == person.id


def test_an_admin_reset_gives_a_temporary_password_to_change_at_sign_in(actor: Actor, editor: Actor) -> None:
    temporary = reset_password(actor, editor.person_id)
    assert session_person(editor.session_id) is None  # every session of theirs ended
    person = sign_in('editor@example.com', temporary, '10.0.0.1')
    assert person.temporary_password_at is not None
    change_password(person.id, temporary, 'my own password now')
    assert Person.get_by_id(person.id).temporary_password_at is None


def test_only_an_admin_resets_passwords(actor: Actor, editor: Actor) -> None:
    with pytest.raises(Forbidden, match='Only an admin'):
        reset_password(editor, actor.person_id)


def test_a_new_member_starts_with_a_temporary_password(actor: Actor, database: Path) -> None:
    invite(actor, 'new@example.com', 'New', 'viewer')
    assert Person.get(Person.email == 'new@example.com').temporary_password_at is not None


def test_a_session_unused_for_30_days_ends_and_use_keeps_it(editor: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    now = sessions.real_now()
    monkeypatch.setattr(sessions, 'real_now', lambda: now + timedelta(days=29))
    assert session_person(editor.session_id, seen=True) == editor.person_id  # a page opened: seen now
    monkeypatch.setattr(sessions, 'real_now', lambda: now + timedelta(days=58))
    assert session_person(editor.session_id) == editor.person_id
    monkeypatch.setattr(sessions, 'real_now', lambda: now + timedelta(days=60))
    assert session_person(editor.session_id) is None
    with pytest.raises(SessionEnded):
        create_blank(editor, 'Too late')


def test_each_page_request_learns_where_its_person_stands(actor: Actor, editor: Actor) -> None:
    assert standing(None) == standing('no such session') == Standing.SIGNED_OUT
    assert standing(editor.session_id) == Standing.TEMPORARY_PASSWORD  # a new member's first password
    assert must_change_password(editor.person_id)
    assert standing(claim(open_session(actor.person_id, 'admin-key'), 'admin-key')) == Standing.SIGNED_IN
    assert (person_name(editor.person_id), current_role(editor)) == ('Eddie', 'editor')
    assert allowed(editor, Action.CHANGE) and not allowed(editor, Action.ADMINISTER)
    loner = Person.create(email='loner@example.com', display_name='Loner')
    loner_session = claim(open_session(loner.id, 'loner-key'), 'loner-key')
    assert standing(loner_session) == Standing.NO_ACCOUNT
    Invitation.create(person=loner, account=actor.account_id, role='viewer', created_at=loner.created_at)
    assert standing(loner_session) == Standing.INVITED
