"""The one path from a page to a service: off the event loop, and always ending with a notification.

``await call(service, *args, done='...')`` runs ``service`` in a worker thread (``run.io_bound``), so no
database write ever runs on the event loop. A refusal (:class:`DomainError`) becomes a warning with its
message, a database failure (locked, read-only, disk full) becomes "could not save, try again" and a
log line, and success becomes a positive notification when ``done`` says what to tell.

``await read(service, *args)`` is the same path for what a page only draws (a list, a status line): off the
event loop, and ``None`` instead of a notification when it is refused or the database fails, since the page's
access watch already tells a person who lost access, and a failed redraw keeps what is shown.

Notifications go to the page's client, not to the element that was clicked: a live update may
have redrawn that element while the service ran.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from nicegui import Client, context, run, ui
from peewee import DatabaseError

from model.common.errors import DomainError

T = TypeVar('T')
log = logging.getLogger('workflows_area')
COULD_NOT_SAVE = 'Could not save: the database is not available right now. Try again in a moment.'
NotifyType = Literal['positive', 'negative', 'warning', 'info', 'ongoing']


@dataclass(frozen=True)
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None
    message: str = ''


async def call(service: Callable[..., T], *args: Any, done: str | Callable[[T], str] | None = None,
               refused: Callable[[str], object] | None = None, **kwargs: Any) -> Outcome[T]:
    """Run ``service(*args, **kwargs)`` off the event loop and tell the person how it went.

    ``refused`` takes a refusal's message instead of the warning, for a page that shows it its own way.
    """
    client = context.client
    try:
        value = await off_loop(service, *args, **kwargs)
    except DomainError as error:
        if refused is None:
            tell(client, error.message, 'warning', multi_line=True)
        else:
            refused(error.message)
        return Outcome(False, message=error.message)
    except DatabaseError:
        log.exception('%s failed in the database', getattr(service, '__name__', service))
        tell(client, COULD_NOT_SAVE, 'negative')
        return Outcome(False, message=COULD_NOT_SAVE)
    message = done(value) if callable(done) else done  # type: ignore[arg-type]
    if message:
        tell(client, message, 'positive')
    return Outcome(True, value, message or '')


async def off_loop(service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``service(*args, **kwargs)`` in a worker thread: the one place a page leaves the event loop; errors are
    the caller's (use :func:`call` or :func:`read`, which tell or hide them).

    NiceGUI 3 answers ``None`` instead of the result when the app shuts down meanwhile; the result travels in a
    tuple so that this is told from a service's own ``None``, and ends the handler as a cancellation, which is
    what NiceGUI 4 will raise itself."""
    boxed = await run.io_bound(_boxed, service, args, kwargs)
    if boxed is None:
        raise asyncio.CancelledError
    return boxed[0]


def _boxed(service: Callable[..., T], args: tuple, kwargs: dict) -> tuple[T]:
    return (service(*args, **kwargs),)


async def read(service: Callable[..., T], *args: Any) -> T | None:
    """Run a read off the event loop; ``None`` when it is refused or the database fails (a shutdown ends the
    handler, see :func:`off_loop`)."""
    try:
        return await off_loop(service, *args)
    except DomainError:
        return None
    except DatabaseError:
        log.exception('%s failed in the database', getattr(service, '__name__', service))
        return None


def tell(client: Client, message: str, kind: NotifyType = 'info', **options: Any) -> None:
    """A notification on ``client``'s page, whatever happened meanwhile to the element that asked for it."""
    if client.id not in Client.instances:  # the tab was closed meanwhile
        return
    with client.layout:
        ui.notify(message, type=kind, **options)
