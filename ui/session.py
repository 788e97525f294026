"""Who is using this page: the browser's signed cookie holds only a server-side session id (model/access/sessions.py);
the person, their account and their role are read from the database.

Every request but the sign-in pages needs a valid session; pages keep the session id in their
:class:`Actor`, so each service checks the session and the role again when it runs, and
:func:`watch_access` tells an open page at once when its session ended or its role changed.
"""

import re
from urllib.parse import quote, urlsplit
from uuid import uuid4

from fastapi import Request
from nicegui import app, context, ui
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import RedirectResponse, Response

from model.access.gate import Actor, current_role
from model.access.people import actor_for, first_account_of
from model.access.sessions import SESSION_ENDED, Standing, claim, end_session, session_person, standing
from model.common import events
from model.common.errors import Forbidden, NotFound, SessionEnded
from ui.calls import off_loop

SIGNIN_PATHS = ('/signin', '/signin/done')
NO_ACCOUNT_PATH = '/no-account'
INSTEAD = {Standing.SIGNED_OUT: '/signin', Standing.NO_ACCOUNT: NO_ACCOUNT_PATH,
           Standing.TEMPORARY_PASSWORD: '/password'}  # where a request goes instead of the page it asked for
SESSION_KEY = 'sid'  # the only sign-in data the browser keeps, in NiceGUI's signed, HTTP-only session cookie
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
            return RedirectResponse(f'{instead}?next={quote(wanted)}' if instead != NO_ACCOUNT_PATH else instead)
        return await call_next(request)


async def signin_done(request: Request, token: str = '', next: str = '/') -> Response:
    """`/signin/done`: a new cookie holding the session (a fixed, known cookie never gets signed in)."""
    session_id = await off_loop(claim, token)
    if session_id is None:
        return RedirectResponse('/signin', status_code=303)
    request.session.clear()
    request.session.update(id=str(uuid4()), **{SESSION_KEY: session_id})
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
    await off_loop(end_session, page_session())
    app.storage.user.clear()
    ui.navigate.to('/signin')


def watch_access(actor: Actor) -> None:
    """Tell this page at once when its session ended or its role changed, and offer to sign in or reload."""
    pending = False
    banner = ui.row().classes('w-full')

    def note(change: events.Change) -> None:
        nonlocal pending
        if change.kind == events.ChangeKind.PEOPLE and change.concerns(actor.account_id):
            pending = True

    async def check() -> None:
        nonlocal pending
        if not pending:
            return
        pending = False
        news = await off_loop(_access_news, actor)
        if news and news[0]:
            _show_banner(banner, *news)

    unsubscribe = events.subscribe(note)
    context.client.on_delete(unsubscribe)
    ui.timer(0.5, check)


def _access_news(actor: Actor) -> tuple[str, str]:
    try:
        role = current_role(actor)
    except SessionEnded:
        return SESSION_ENDED, 'Sign in'
    except Forbidden as refusal:
        return refusal.message, 'Reload'
    if role != actor.role:
        return f'Your role in this account is now {role}', 'Reload'
    return '', ''


def _show_banner(banner: ui.row, message: str, action: str) -> None:
    banner.clear()
    here = context.client.request.url.path if context.client.request else '/'
    target = f'/signin?next={quote(here)}' if action == 'Sign in' else here
    with banner, ui.card().classes('w-full bg-amber-1 q-pa-sm').props('flat bordered').mark('access-banner'):
        with ui.row().classes('w-full items-center no-wrap'):
            ui.icon('lock_clock', size='sm').classes('text-warning')
            ui.label(message).classes('grow').mark('access-message')
            ui.button(action, on_click=lambda: ui.navigate.to(target)).props('outline').mark('access-action')
