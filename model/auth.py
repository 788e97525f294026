"""Passwords and sign-in (SPEC §13): argon2 hashes, and guessing slowed down, then locked out, per email."""

import logging
import os
import secrets
from datetime import timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from model.clock import clock
from model.errors import Refused
from model.schema import Membership, Person, SignInThrottle

FREE_ATTEMPTS = 3  # failures before each further attempt must wait
WAIT_BETWEEN = timedelta(seconds=5)
LOCK_AFTER = 6
LOCK_FOR = timedelta(minutes=15)
WRONG = 'Wrong email or password'

FAST_HASHING_FOR_TESTS = 'WORKFLOWS_FAST_HASHING_FOR_TESTS'  # set to 1 by the test suite only


@cache
def _hasher() -> PasswordHasher:
    """argon2's recommended parameters; cheap ones only when the test suite asks (its hashes guard nothing)."""
    if os.environ.get(FAST_HASHING_FOR_TESTS) == '1':
        logging.getLogger('workflows_area').warning('Password hashing is weakened for tests (%s=1)',
                                                    FAST_HASHING_FOR_TESTS)
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def new_password() -> str:
    """A temporary or generated password: 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def sign_in(email: str, password: str) -> Person:
    """The person with these credentials, or ``Refused`` with a message that never says which part was wrong."""
    key = email.strip().lower()
    throttle = SignInThrottle.get_or_none(SignInThrottle.email == key)
    now = clock.now()
    if throttle and throttle.locked_until and throttle.locked_until > now:
        minutes = max(1, round((throttle.locked_until - now).total_seconds() / 60))
        raise Refused(f'Too many failed attempts: sign-in for this email is locked for {minutes} more minute(s)')
    if throttle and throttle.failures >= FREE_ATTEMPTS and throttle.last_failure \
            and now - throttle.last_failure < WAIT_BETWEEN:
        raise Refused(f'Too many failed attempts: wait {WAIT_BETWEEN.seconds} seconds before trying again')
    person = Person.get_or_none(Person.email == key)
    if person is None or not person.password_hash or not _matches(person.password_hash, password):
        _fail(key, throttle)
        raise Refused(WRONG)
    if not Membership.select().where(Membership.person == person).exists():
        raise Refused('This person belongs to no account any more')
    if throttle:
        throttle.delete_instance()
    return person


def _matches(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _fail(key: str, throttle: SignInThrottle | None) -> None:
    now = clock.now()
    if throttle is None:
        throttle = SignInThrottle.create(email=key, failures=0)
    throttle.failures += 1
    throttle.last_failure = now
    if throttle.failures >= LOCK_AFTER:
        throttle.locked_until = now + LOCK_FOR
        throttle.failures = 0
    throttle.save()
