"""Sign-in limits that fit a room, and sessions that belong to a browser (docs/security.md): only failures count,
changing a password is throttled like sign-in, a hand-off works only in the browser that asked for it, and
sign-out ends every session of that browser."""

from collections.abc import Iterator

import pytest

from model.access import throttle
from model.access.people import create_account_with_admin
from model.access.sessions import (
    claim,
    end_session,
    new_browser_key,
    open_session,
    session_person,
    sign_out_everywhere,
)
from model.access.signin import WRONG, WRONG_CURRENT, change_password, hash_password, sign_in
from model.common.errors import Refused
from model.storage.schema import Membership, Person
from tests.conftest import Wall

PASSWORD = 'correct horse battery'
ROOM = '192.0.2.50'  # a training room behind one router


@pytest.fixture
def room(database: str) -> Iterator[list[str]]:
    """60 people of one account, each with their own password."""
    admin = create_account_with_admin('Course', 'trainer@example.com', 'Trainer', PASSWORD)
    hashed = hash_password(PASSWORD)
    emails = [f'person-{number:02}@example.com' for number in range(60)]
    for email in emails:
        person = Person.create(email=email, display_name=email, password_hash=hashed)
        Membership.create(person=person, account=admin.account_id, role='editor')
    yield emails


def outcome(email: str, password: str, address: str = ROOM) -> str:
    try:
        sign_in(email, password, address)
    except Refused as refusal:
        return refusal.message
    return 'signed in'


def test_sixty_correct_sign_ins_from_one_address_in_ten_minutes_never_wait(room: list[str], wall: Wall) -> None:
    assert [outcome(f'typo-{n}@example.com', PASSWORD) for n in range(10)] == [WRONG] * 10  # a few typos too
    answers = []
    for email in room:
        answers.append(outcome(email, PASSWORD))
        wall.advance(seconds=10)
    assert answers == ['signed in'] * 60


def test_failures_from_one_address_still_bring_a_wait(room: list[str], wall: Wall) -> None:
    assert [outcome(email, 'guess') for email in room[:throttle.ADDRESS_FREE_ATTEMPTS]] \
        == [WRONG] * throttle.ADDRESS_FREE_ATTEMPTS
    assert outcome(room[-1], PASSWORD).startswith('Too many failed attempts')


def test_guessing_the_current_password_on_the_password_page_is_throttled_like_sign_in(room: list[str],
                                                                                        wall: Wall) -> None:
    person = Person.get(Person.email == room[0])
    for _ in range(throttle.FREE_ATTEMPTS):
        with pytest.raises(Refused, match=WRONG_CURRENT):
            change_password(person.id, 'guess', 'a brand new password', address=ROOM)
    with pytest.raises(Refused, match='Too many failed attempts'):  # even the right one must wait now
        change_password(person.id, PASSWORD, 'a brand new password', address=ROOM)
    assert outcome(room[0], PASSWORD).startswith('Too many failed attempts')  # the same counters as sign-in
    wall.advance(seconds=6)
    change_password(person.id, PASSWORD, 'a brand new password', address=ROOM)
    assert outcome(room[0], 'a brand new password') == 'signed in'


def test_a_hand_off_signs_in_only_the_browser_whose_form_opened_it(room: list[str]) -> None:
    victim, attacker = new_browser_key(), new_browser_key()
    token = open_session(sign_in(room[0], PASSWORD).id, attacker)
    assert claim(token, victim) is None  # the attacker's hand-off URL opened in the victim's browser
    assert claim(token, None) is None
    assert claim(token, attacker) is not None


def test_sign_out_ends_every_session_of_that_browser_and_no_other(room: list[str]) -> None:
    browser, elsewhere = new_browser_key(), new_browser_key()
    person_id = sign_in(room[0], PASSWORD).id
    first_tab = claim(open_session(person_id, browser), browser)
    second_tab = claim(open_session(person_id, browser), browser)  # signed in again from another tab
    other_device = claim(open_session(person_id, elsewhere), elsewhere)
    end_session(first_tab)
    assert (session_person(first_tab), session_person(second_tab)) == (None, None)
    assert session_person(other_device) == person_id


def test_sign_out_everywhere_ends_all_of_the_persons_sessions(room: list[str]) -> None:
    person_id, someone_else = (sign_in(email, PASSWORD).id for email in room[:2])
    here, there = new_browser_key(), new_browser_key()
    sessions = [claim(open_session(person_id, key), key) for key in (here, there, there)]
    theirs = claim(open_session(someone_else, there), there)
    assert sign_out_everywhere(sessions[0]) == 3
    assert [session_person(s) for s in sessions] == [None] * 3
    assert session_person(theirs) == someone_else
