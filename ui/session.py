"""Who is using this page: the browser's signed cookie holds only a server-side session id (model/access/sessions.py);
the person, their account and their role are read from the database.

Every request but the sign-in pages needs a valid session; pages keep the session id in their
:class:`Actor`, so each service checks the session and the role again when it runs, and the page's one
change-following mechanism (ui/live.py) stops an open page at once when its session ended or its rights changed.
"""

import re
from urllib.parse import quote, urlsplit
from uuid import uuid4

from fastapi import Request
from nicegui import app, context, ui
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import RedirectResponse, Response

from model.access.gate import Actor
from model.access.people import actor_for, first_account_of
from model.access.sessions import (
    SESSION_ENDED,
    Standing,
    claim,
    end_session,
    new_browser_key,
    session_person,
    standing,
)
from model.common.errors import NotFound, SessionEnded
from ui.calls import off_loop

SIGNIN_PATHS = ('/signin', '/signin/done')
NO_ACCOUNT_PATH = '/no-account'
INVITATIONS_PATH = '/invitations'
INSTEAD = {Standing.SIGNED_OUT: '/signin', Standing.NO_ACCOUNT: NO_ACCOUNT_PATH, Standing.INVITED: INVITATIONS_PATH,
           Standing.TEMPORARY_PASSWORD: '/password'}  # where a request goes instead of the page it asked for
NO_NEXT = (NO_ACCOUNT_PATH, INVITATIONS_PATH)  # pages that are not a detour on the way to the one asked for
# the sign-in data the browser keeps, in NiceGUI's signed, HTTP-only session cookie: the server-side session id,
# and the browser's key, which ties a sign-in hand-off and `Sign out` to this browser (model/access/sessions.py)
SESSION_KEY = 'sid'
BROWSER_KEY = 'browser'
_UNSAFE_IN_NEXT = re.compile(r'[\\\x00-\x20\x7f]')  # backslashes, controls and spaces turn paths into other hosts


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else '/' (no `//host`, `/\\host`, `/<TAB>/host`, `https:`...)."""
    target = target or '/'
    if not target.startswith('/') or target.startswith('//') or _UNSAFE_IN_NEXT.search(target):
        return '/'
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else '/'


def session_of(request: Request) -> str | None:
    value = request.session.get(SESSION_KEY) if 'session' in request.scope else None
    return value if isinstance(value, str) else None


class RequireSignIn(BaseHTTPMiddleware):
    """Every page but the sign-in pages needs a valid session; the others are sent to sign in first."""

    async def dispatch(self, request: Request, call_next):  # type: ignore[override]
        path = request.url.path
        if path.startswith('/_nicegui') or path in SIGNIN_PATHS:
            return await call_next(request)
        state = await off_loop(standing, session_of(request)) or Standing.SIGNED_OUT
        instead = INSTEAD.get(state)
        if instead is not None and instead != path:
            wanted = f'{path}?{request.url.query}' if request.url.query else path
            return RedirectResponse(f'{instead}?next={quote(wanted)}' if instead not in NO_NEXT else instead)
        return await call_next(request)


def client_address(request: Request) -> str:
    """The address sign-in limits count by (uvicorn's: the peer, or what a trusted proxy forwarded)."""
    return request.client.host if request.client else 'unknown'


def browser_key(request: Request) -> str:
    """This browser's key, made now when it has none. Only while a page is being built: the cookie that keeps it
    is written with the page's response."""
    key = request.session.get(BROWSER_KEY)
    if not isinstance(key, str) or not key:
        key = request.session[BROWSER_KEY] = new_browser_key()
    return key


async def signin_done(request: Request, token: str = '', next: str = '/') -> Response:
    """`/signin/done`: a new cookie holding the session (a fixed, known cookie never gets signed in), only in the
    browser whose sign-in form opened it (another browser's hand-off URL signs nobody in)."""
    key = request.session.get(BROWSER_KEY)
    session_id = await off_loop(claim, token, key if isinstance(key, str) else None)
    if session_id is None:
        return RedirectResponse('/signin', status_code=303)
    request.session.clear()
    request.session.update(id=str(uuid4()), **{SESSION_KEY: session_id, BROWSER_KEY: key})
    return RedirectResponse(safe_next(next), status_code=303)


def page_session() -> str | None:
    """The session id of the request that built this page (also inside its event handlers)."""
    request = context.client.request
    return session_of(request) if request is not None else None


def current_actor() -> Actor:
    session_id = page_session()
    person_id = session_person(session_id)
    if person_id is None:
        raise SessionEnded(SESSION_ENDED)
    try:
        return actor_for(person_id, app.storage.user.get('account_id') or 0, session_id)
    except NotFound:  # removed from that account meanwhile: fall back to another one
        actor = first_account_of(person_id, session_id)
        app.storage.user['account_id'] = actor.account_id
        return actor


def switch_account(account_id: int) -> None:
    actor_for(current_actor().person_id, account_id)  # refuses an account the person does not belong to
    app.storage.user['account_id'] = account_id


async def sign_out() -> None:
    """End every session of this browser: its other tabs may have signed in again meanwhile."""
    await off_loop(end_session, page_session())
    app.storage.user.clear()
    ui.navigate.to('/signin')
