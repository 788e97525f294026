"""Sign-in throttling that holds under parallel attempts and that nobody can aim at someone else.

Each attempt first *reserves* its turn with a compare-and-set on two counters, one per email and client
address and one per client address, before the password is checked: of twenty simultaneous tries only
the free ones get checked, the others are told to wait. After :data:`FREE_ATTEMPTS` failures each further
try must wait a delay that doubles (up to :data:`MAX_DELAY`): guessing slows down, nobody is locked for
good, and failures from another address never delay the owner's own address. An address that fails across
many emails waits too (after :data:`ADDRESS_FREE_ATTEMPTS`, up to :data:`ADDRESS_MAX_DELAY`). Only failures
count: a successful attempt gives back what it reserved, so a training room signing in from one address never
waits. Counters are forgotten after :data:`FORGET_AFTER` of quiet, and the email's counter at a successful
sign-in. Keys are hashed: no emails or addresses in clear.
"""

import hashlib
from datetime import datetime, timedelta

from peewee import IntegrityError

from model.access.sessions import real_now
from model.storage.db import db
from model.storage.schema import SignInThrottle

FREE_ATTEMPTS = 3  # failures per email and address before each further attempt waits
MAX_DELAY = timedelta(minutes=15)
ADDRESS_FREE_ATTEMPTS = 50  # failures per address, all emails together (a training room shares one address)
ADDRESS_MAX_DELAY = timedelta(minutes=1)
FIRST_DELAY = timedelta(seconds=5)
FORGET_AFTER = timedelta(hours=1)


def key_for(email: str, address: str) -> str:
    return _hashed(f'{email}|{address}')


def address_key(address: str) -> str:
    return _hashed(f'|{address}')


def reserve(email: str, address: str) -> timedelta | None:
    """Count this attempt as a failure in advance (a success forgets it); the wait when it must not be checked now."""
    limits = ((key_for(email, address), FREE_ATTEMPTS, MAX_DELAY),
              (address_key(address), ADDRESS_FREE_ATTEMPTS, ADDRESS_MAX_DELAY))
    waits = [wait for key, _, _ in limits if (wait := _wait(key)) is not None]
    if waits:
        return max(waits)
    for key, free, longest in limits:
        wait = _take(key, free, longest)
        if wait is not None:
            return wait
    return None


def succeeded(email: str, address: str) -> None:
    """The right password: this email's delays from this address are over, and the address's count gives back the
    failure reserved for this attempt (the address's earlier failures stay)."""
    key = address_key(address)
    with db.atomic():
        SignInThrottle.delete().where(SignInThrottle.email == key_for(email, address)).execute()
        SignInThrottle.update(failures=SignInThrottle.failures - 1) \
            .where((SignInThrottle.email == key) & (SignInThrottle.failures > 0)).execute()
        SignInThrottle.update(locked_until=None) \
            .where((SignInThrottle.email == key) & (SignInThrottle.failures < ADDRESS_FREE_ATTEMPTS)).execute()


def delay_after(failures: int, free: int, longest: timedelta = MAX_DELAY) -> timedelta:
    """No delay for the first ``free - 1`` failures, then 5 s, doubling up to ``longest``."""
    if failures < free:
        return timedelta()
    return min(longest, FIRST_DELAY * 2 ** min(failures - free, 20))


def _wait(key: str) -> timedelta | None:
    row = SignInThrottle.get_or_none(SignInThrottle.email == key)
    now = real_now()
    if row is None or row.locked_until is None or row.locked_until <= now or _forgotten(row, now):
        return None
    return row.locked_until - now


def _take(key: str, free: int, longest: timedelta) -> timedelta | None:
    """Add one failure to ``key`` if its delay is over (compare-and-set, retried when another attempt won)."""
    for _ in range(50):
        now = real_now()
        _ensure_row(key)
        row = SignInThrottle.get(SignInThrottle.email == key)
        if row.locked_until and row.locked_until > now and not _forgotten(row, now):
            return row.locked_until - now
        failures = 0 if _forgotten(row, now) else row.failures
        changed = (SignInThrottle
                   .update(failures=failures + 1, last_failure=now,
                           locked_until=now + delay_after(failures + 1, free, longest))
                   .where((SignInThrottle.email == key) & (SignInThrottle.failures == row.failures)
                          & _same(SignInThrottle.last_failure, row.last_failure))
                   .execute())
        if changed:
            return None
    return FIRST_DELAY  # an extraordinary crowd on one key: let this one wait


def _ensure_row(key: str) -> None:
    try:
        with db.atomic():
            SignInThrottle.insert(email=key, failures=0).on_conflict_ignore().execute()
    except IntegrityError:  # a concurrent insert won: the row is there
        pass


def _forgotten(row: SignInThrottle, now: datetime) -> bool:
    return row.last_failure is not None and now - row.last_failure > FORGET_AFTER


def _same(column: object, value: datetime | None):  # type: ignore[no-untyped-def]
    return column.is_null() if value is None else column == value  # type: ignore[attr-defined]


def _hashed(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
