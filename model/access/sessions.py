"""Server-side sign-in sessions: the browser holds only a random session id; the database says whether it still counts.

A session ends at sign-out, when the person's password changes (their other sessions), when the person
is removed from their last account, or after :data:`IDLE_LIMIT` without use. Times here are real UTC time,
not the application clock: moving the demo clock must neither sign people out nor lift sign-in delays.

Sign-in hands the new session over through a one-time *handoff* token claimed by an HTTP request, so
the browser's cookie is renewed at sign-in (no session fixation) and the session id never shows in a URL. The
token only works together with the *browser key* the sign-in form's browser holds in its cookie: a hand-off URL
opened in another browser signs nobody in (no login CSRF). Sessions remember their browser (a hash of the key), so
`Sign out` ends every session of that browser, in every tab.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from model.common import events
from model.storage.db import db
from model.storage.schema import Invitation, Membership, Person, SignInSession

IDLE_LIMIT = timedelta(days=30)
SEEN_EVERY = timedelta(hours=1)  # last_seen_at is written at most this often per session
HANDOFF_FOR = timedelta(minutes=1)
SESSION_ENDED = 'Your session has ended: sign in again'


def real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_browser_key() -> str:
    return secrets.token_urlsafe(32)


def open_session(person_id: int, browser_key: str) -> str:
    """A new session for the person in the browser holding ``browser_key``; returns the one-time token that
    :func:`claim` turns into its id in that browser."""
    if not browser_key:
        raise ValueError('a session belongs to a browser')
    now, token = real_now(), secrets.token_urlsafe(32)
    SignInSession.create(id=secrets.token_urlsafe(32), person=person_id, created_at=now, last_seen_at=now,
                         handoff=token, browser=_hashed(browser_key))
    return token


def claim(token: str, browser_key: str | None) -> str | None:
    """The id of the session opened with ``token`` in the last minute by the browser holding ``browser_key``, once;
    None otherwise."""
    if not token or not browser_key:
        return None
    with db.atomic():
        session = SignInSession.get_or_none((SignInSession.handoff == token) & SignInSession.ended_at.is_null())
        if session is None or real_now() - session.created_at > HANDOFF_FOR:
            return None
        if not secrets.compare_digest(session.browser or '', _hashed(browser_key)):
            return None
        taken = (SignInSession.update(handoff=None)
                 .where((SignInSession.id == session.id) & (SignInSession.handoff == token))
                 .execute())
    return session.id if taken else None


def session_person(session_id: str | None, seen: bool = False) -> int | None:
    """The person whose session this is while it is valid (an indexed read); None once it has ended.

    ``seen``: a page is being opened, which keeps the session from idling out (a write at most once per
    :data:`SEEN_EVERY`).
    """
    if not session_id:
        return None
    now = real_now()
    session = (SignInSession
               .select(SignInSession.person, SignInSession.last_seen_at)
               .where((SignInSession.id == session_id) & SignInSession.ended_at.is_null()
                      & (SignInSession.last_seen_at > now - IDLE_LIMIT))
               .first())
    if session is None:
        return None
    if seen and session.last_seen_at < now - SEEN_EVERY:
        SignInSession.update(last_seen_at=now).where(SignInSession.id == session_id).execute()
    return session.person_id


class Standing(StrEnum):
    """What a request with a session may do: go on, or first sign in, leave, or change a temporary password."""

    SIGNED_IN = 'signed in'
    SIGNED_OUT = 'signed out'
    NO_ACCOUNT = 'no account'
    INVITED = 'invited'  # no account yet, but invitations to answer
    TEMPORARY_PASSWORD = 'temporary password'


def standing(session_id: str | None) -> Standing:
    """Checked on every page request (a few indexed reads)."""
    person_id = session_person(session_id, seen=True)
    if person_id is None:
        return Standing.SIGNED_OUT
    member = Membership.select().where(Membership.person == person_id).exists()
    if not member and not Invitation.select().where(Invitation.person == person_id).exists():
        return Standing.NO_ACCOUNT
    if Person.select().where((Person.id == person_id) & Person.temporary_password_at.is_null(False)).exists():
        return Standing.TEMPORARY_PASSWORD
    return Standing.SIGNED_IN if member else Standing.INVITED


def end_session(session_id: str | None) -> None:
    """`Sign out`: this session and every other one of its browser (its other tabs may have signed in again)."""
    if session_id:
        with db.atomic():
            browser = SignInSession.select(SignInSession.browser).where(SignInSession.id == session_id).scalar()
            same_browser = SignInSession.id == session_id
            if browser:
                same_browser |= SignInSession.browser == browser
            ended = (SignInSession.update(ended_at=real_now(), handoff=None)
                     .where(same_browser & SignInSession.ended_at.is_null())
                     .execute())
        if ended:
            events.announce(events.ChangeKind.PEOPLE, None)


def sign_out_everywhere(session_id: str | None) -> int:
    """`Sign out everywhere`: every session of the person signed in with ``session_id``; how many ended."""
    person_id = session_person(session_id)
    if person_id is None:
        return 0
    return end_sessions_of(person_id)


def end_sessions_of(person_id: int, keep: str | None = None) -> int:
    """End every session of the person (but ``keep``); open pages learn it from the announcement."""
    with db.atomic():
        query = SignInSession.update(ended_at=real_now(), handoff=None).where(
            (SignInSession.person == person_id) & SignInSession.ended_at.is_null())
        if keep:
            query = query.where(SignInSession.id != keep)
        ended = query.execute()
    if ended:
        events.announce(events.ChangeKind.PEOPLE, None)
    return ended


def end_sessions_if_homeless(person_id: int) -> None:
    """A person removed from their last account is signed out everywhere."""
    if not Membership.select().where(Membership.person == person_id).exists():
        end_sessions_of(person_id)


def _hashed(browser_key: str) -> str:
    return hashlib.sha256(browser_key.encode()).hexdigest()
