"""Who is using this page: the signed-in person (``app.storage.user``) in the account they chose.

The role is read from the database on every call, so a role change applies at the next click.
"""

from urllib.parse import quote

from fastapi import Request
from nicegui import app
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import RedirectResponse

from model.access import Actor
from model.errors import NotFound
from model.people import actor_for, first_account_of

OPEN_PATHS = ('/signin',)


class RequireSignIn(BaseHTTPMiddleware):
    """Every page but the sign-in page needs a signed-in person; the others are sent to sign in first."""

    async def dispatch(self, request: Request, call_next):  # type: ignore[override]
        path = request.url.path
        if not app.storage.user.get('person_id') and not path.startswith('/_nicegui') and path not in OPEN_PATHS:
            wanted = f'{path}?{request.url.query}' if request.url.query else path
            return RedirectResponse(f'/signin?next={quote(wanted)}')
        return await call_next(request)


def current_actor() -> Actor:
    person_id = app.storage.user.get('person_id')
    if not person_id:
        raise NotFound('Nobody is signed in')
    try:
        return actor_for(person_id, app.storage.user.get('account_id') or 0)
    except NotFound:  # removed from that account meanwhile: fall back to another one
        actor = first_account_of(person_id)
        app.storage.user['account_id'] = actor.account_id
        return actor


def start_session(person_id: int) -> None:
    actor = first_account_of(person_id)
    app.storage.user.update(person_id=person_id, account_id=actor.account_id)


def switch_account(account_id: int) -> None:
    actor_for(current_actor().person_id, account_id)  # refuses an account the person does not belong to
    app.storage.user['account_id'] = account_id


def end_session() -> None:
    app.storage.user.clear()
