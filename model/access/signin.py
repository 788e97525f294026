"""Passwords and sign-in (docs/product.md §13, docs/security.md): argon2 hashes, a password policy, throttled sign-in
whose answer takes as long whether or not the email exists, and password changes and resets."""

import logging
import os
import secrets
from functools import cache
from typing import NamedTuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from model.access import sessions, throttle
from model.common.clock import clock
from model.common.errors import Invalid, NotFound, Refused, SessionEnded
from model.storage.db import db
from model.storage.schema import Invitation, Membership, Person

MIN_PASSWORD = 10
MAX_PASSWORD = 1000  # argon2 reads it all: no megabyte passwords
WRONG = 'Wrong email or password'
WRONG_CURRENT = 'The current password is wrong'

FAST_HASHING_FOR_TESTS = 'WORKFLOWS_FAST_HASHING_FOR_TESTS'  # set to 1 by the test suite only
# argon2id with OWASP's 19 MiB, 2 passes, 1 lane: 25 ms per check on a 2-core machine, so 30 people signing in
# at once wait ~0.4 s at most (bench/signin.py, docs/benchmarks.md). One lane: a check uses one core, and the
# cores serve several people side by side instead of each check spreading over both.
class HashCost(NamedTuple):
    time_cost: int  # passes
    memory_cost: int  # KiB
    parallelism: int  # lanes

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(time_cost=self.time_cost, memory_cost=self.memory_cost, parallelism=self.parallelism)


ARGON2_PARAMETERS = HashCost(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@cache
def _hasher() -> PasswordHasher:
    """:data:`ARGON2_PARAMETERS`; cheap ones only when the test suite asks (its hashes guard nothing)."""
    if os.environ.get(FAST_HASHING_FOR_TESTS) == '1':
        logging.getLogger('workflows_area').warning('Password hashing is weakened for tests (%s=1)',
                                                    FAST_HASHING_FOR_TESTS)
        return HashCost(time_cost=1, memory_cost=8, parallelism=1).hasher()
    return ARGON2_PARAMETERS.hasher()


@cache
def _dummy_hash() -> str:
    """Checked when the email is unknown: the same work, so the same time, as for a known one."""
    return _hasher().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def new_password() -> str:
    """A temporary or generated password: 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def password_problem(password: str, email: str = '') -> str | None:
    """Why ``password`` is not acceptable (at least 10 characters, not the email), or None."""
    if len(password) < MIN_PASSWORD:
        return f'A password has at least {MIN_PASSWORD} characters'
    if len(password) > MAX_PASSWORD:
        return f'A password has at most {MAX_PASSWORD} characters'
    if email and password.strip().lower() == email.strip().lower():
        return 'The password cannot be the email address'
    return None


def check_password_policy(password: str, email: str = '') -> None:
    if problem := password_problem(password, email):
        raise Invalid(problem)


def sign_in(email: str, password: str, address: str = 'unknown') -> Person:
    """The person with these credentials, or ``Refused`` with a message that never says which part was wrong.

    Throttled per email and client address (model/access/throttle.py); an unknown email costs the same argon2 check.
    A hash made with other parameters still verifies, and is renewed with the current ones.
    """
    key = email.strip().lower()[:254]
    _take_a_turn(key, address)
    person = Person.get_or_none(Person.email == key)
    stored = person.password_hash if person is not None and person.password_hash else _dummy_hash()
    right = _matches(stored, password[:MAX_PASSWORD])
    if person is None or stored == _dummy_hash() or not right:
        raise Refused(WRONG)
    throttle.succeeded(key, address)
    if _hasher().check_needs_rehash(stored):  # hashed with other parameters (before they changed): renew it
        Person.update(password_hash=hash_password(password[:MAX_PASSWORD])).where(Person.id == person.id).execute()
    if not (Membership.select().where(Membership.person == person).exists()
            or Invitation.select().where(Invitation.person == person).exists()):
        raise Refused('This person belongs to no account any more: ask an admin to add you again')
    return person


def change_password(person_id: int, current: str, new: str, keep_session: str | None = None,
                    address: str = 'unknown') -> None:
    """The person's own change from their session ``keep_session``: the current password is required (a guess of
    it is throttled like a sign-in, on the same counters); their other sessions end."""
    if keep_session is not None and sessions.session_person(keep_session) != person_id:
        raise SessionEnded(sessions.SESSION_ENDED)
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise NotFound('This person does not exist')
    _take_a_turn(person.email, address)
    if not person.password_hash or not _matches(person.password_hash, current[:MAX_PASSWORD]):
        raise Refused(WRONG_CURRENT)
    throttle.succeeded(person.email, address)
    if new == current:
        raise Invalid('Choose a new password, not the current one')
    check_password_policy(new, person.email)
    with db.atomic():
        Person.update(password_hash=hash_password(new), temporary_password_at=None).where(
            Person.id == person_id).execute()
        sessions.end_sessions_of(person_id, keep=keep_session)


def set_temporary_password(person_id: int) -> str:
    """A new temporary password for the person, to be changed at the next sign-in; every session of theirs ends."""
    password = new_password()
    with db.atomic():
        Person.update(password_hash=hash_password(password), temporary_password_at=clock.now()).where(
            Person.id == person_id).execute()
        sessions.end_sessions_of(person_id)
    return password


def _take_a_turn(email: str, address: str) -> None:
    """Reserve this password check with the throttle, or refuse it with the wait."""
    wait = throttle.reserve(email, address)
    if wait is not None:
        seconds = max(1, round(wait.total_seconds()))
        raise Refused(f'Too many failed attempts: wait {seconds} seconds before trying again')


def must_change_password(person_id: int) -> bool:
    return Person.select().where((Person.id == person_id) & Person.temporary_password_at.is_null(False)).exists()


def _matches(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
