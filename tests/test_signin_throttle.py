"""Sign-in throttling: parallel attempts, delays nobody can aim at someone else, constant-time answers."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from model.access import signin as auth
from model.access import throttle
from model.access.people import create_account_with_admin
from model.access.signin import WRONG, sign_in
from model.common.errors import Refused
from model.storage.db import db
from model.storage.schema import Person, SignInThrottle
from tests.conftest import Wall

PASSWORD = 'correct horse battery'
OWNER = '10.0.0.7'
ATTACKER = '203.0.113.9'


@pytest.fixture
def admin_account(database: str) -> Iterator[None]:
    create_account_with_admin('Team', 'admin@example.com', 'Admin', PASSWORD)
    yield


def attempt(password: str, address: str = ATTACKER, email: str = 'admin@example.com') -> str:
    try:
        sign_in(email, password, address)
    except Refused as refusal:
        return refusal.message
    return 'signed in'


def test_failures_bring_growing_delays_not_a_lock(admin_account: None, wall: Wall) -> None:
    assert [attempt('guess') for _ in range(3)] == [WRONG] * 3
    assert attempt(PASSWORD) == 'Too many failed attempts: wait 5 seconds before trying again'
    wall.advance(seconds=5)
    assert attempt('guess') == WRONG
    assert attempt('guess') == 'Too many failed attempts: wait 10 seconds before trying again'
    wall.advance(seconds=10)
    assert attempt('guess') == WRONG
    assert 'wait 20 seconds' in attempt(PASSWORD)
    wall.advance(seconds=20)
    assert attempt(PASSWORD) == 'signed in'  # the right password after the delay: delays for this address are over
    assert attempt('guess') == WRONG


def test_twenty_parallel_wrong_attempts_get_three_checks(admin_account: None, wall: Wall) -> None:
    db.close()  # each worker thread opens its own connection to the same file
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: attempt('guess'), range(20)))
    assert answers.count(WRONG) == throttle.FREE_ATTEMPTS
    assert all(answer.startswith('Too many failed attempts: wait') for answer in answers if answer != WRONG)
    row = SignInThrottle.get(SignInThrottle.email == throttle.key_for('admin@example.com', ATTACKER))
    assert row.failures == throttle.FREE_ATTEMPTS


def test_parallel_attempts_for_new_emails_are_all_answered(admin_account: None, wall: Wall) -> None:
    db.close()
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda n: attempt('guess', email=f'new{n % 2}@example.com'), range(10)))
    assert answers.count(WRONG) == 2 * throttle.FREE_ATTEMPTS  # no UNIQUE constraint error, a message for each
    assert all(answer.startswith(('Wrong', 'Too many')) for answer in answers)


def test_failures_from_another_address_never_delay_the_owner(admin_account: None, wall: Wall) -> None:
    for _ in range(12):
        attempt('guess', ATTACKER)
        wall.advance(seconds=1)
    assert attempt(PASSWORD, ATTACKER).startswith('Too many failed attempts')
    assert attempt(PASSWORD, OWNER) == 'signed in'


def test_one_address_trying_many_emails_waits_too(admin_account: None, wall: Wall,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle, 'ADDRESS_FREE_ATTEMPTS', 5)  # 50 in use: fewer argon2 checks in the test
    answers = [attempt('guess', email=f'person{n}@example.com') for n in range(6)]
    assert answers[:5] == [WRONG] * 5
    assert answers[-1] == 'Too many failed attempts: wait 5 seconds before trying again'
    wall.advance(seconds=5)
    assert attempt('guess', email='person9@example.com') == WRONG
    for number in range(20):  # however many more, an address waits at most a minute
        wall.advance(minutes=1)
        attempt('guess', email=f'more{number}@example.com')
    assert attempt('guess', email='last@example.com') == 'Too many failed attempts: wait 60 seconds before trying again'
    assert attempt(PASSWORD, OWNER) == 'signed in'


@pytest.fixture
def real_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """argon2 with its production parameters (the suite runs with cheap ones), the admin's hash made with them."""
    monkeypatch.delenv(auth.FAST_HASHING_FOR_TESTS, raising=False)
    auth._hasher.cache_clear()
    auth._dummy_hash.cache_clear()
    Person.update(password_hash=auth.hash_password(PASSWORD)).where(Person.email == 'admin@example.com').execute()
    yield
    auth._hasher.cache_clear()
    auth._dummy_hash.cache_clear()


def test_the_answer_takes_as_long_whether_or_not_the_email_exists(admin_account: None, real_hashing: None,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Not timed (timings belong in bench/): an unknown email gets one argon2 check of a hash made with the
    same parameters as a person's, so it costs the same work."""
    checked: list[str] = []
    matches = auth._matches

    def spied(stored: str, password: str) -> bool:
        checked.append(stored)
        return matches(stored, password)

    monkeypatch.setattr(auth, '_matches', spied)
    assert attempt('guess', address='192.0.2.1', email='admin@example.com') == WRONG
    assert attempt('guess', address='192.0.2.2', email='nobody@example.com') == WRONG
    known, unknown = checked
    assert known == Person.get(Person.email == 'admin@example.com').password_hash
    assert unknown != known and unknown.startswith('$argon2id$')
    assert unknown.rsplit('$', 2)[0] == known.rsplit('$', 2)[0]  # the same algorithm, version, memory, passes, lanes
