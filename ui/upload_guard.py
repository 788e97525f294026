"""Guard for NiceGUI's upload endpoints (`/_nicegui/client/<id>/upload/<n>`), which no page middleware sees.

A POST is refused before its body is read unless it carries the session of the page that offered the
upload, and refused (413) as soon as its body passes :data:`LIMIT`, counted while it streams in: a
500 MB request is never held in memory.
"""

import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from nicegui import Client

from model.access.sessions import session_person
from model.workflows.cn_format import MAX_BYTES
from ui.session import SESSION_KEY

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOAD_PATH = re.compile(r'^/_nicegui/client/([^/]+)/upload/[^/]+$')
LIMIT = MAX_BYTES + 64 * 1024  # the file's 5 MB and the multipart envelope around it


TOO_LARGE = 'The file is over 5 MB; .cn files are limited to 5 MB'
log = logging.getLogger('workflows_area')


class UploadGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = UPLOAD_PATH.match(scope.get('path', '')) if scope['type'] == 'http' else None
        if match is None:
            await self.app(scope, receive, send)
            return
        if not _page_session_matches(scope, match.group(1)):
            await _answer(send, 403, 'Sign in again to upload: your session has ended')
            return
        declared = dict(scope.get('headers') or []).get(b'content-length', b'0')
        if declared.isdigit() and int(declared) > LIMIT:
            await _answer(send, 413, TOO_LARGE)
            return
        received = 0
        started = answered = False

        async def counting_receive() -> Message:
            nonlocal received, answered
            if answered:
                return {'type': 'http.disconnect'}
            message = await receive()
            received += len(message.get('body', b''))
            if received > LIMIT and not started:
                answered = True  # answer now, and let the endpoint see a client that went away
                await _answer(send, 413, TOO_LARGE)
                return {'type': 'http.disconnect'}
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            if answered:
                return
            started = started or message['type'] == 'http.response.start'
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except Exception:
            if not answered:
                raise
            log.info('An upload over %d bytes was cut off', LIMIT)


def _page_session_matches(scope: Scope, client_id: str) -> bool:
    """The request's session is valid and is the one the page with the upload was opened with."""
    session = scope.get('session') or {}
    session_id = session.get(SESSION_KEY)
    client = Client.instances.get(client_id)
    if not isinstance(session_id, str) or client is None or client.request is None:
        return False
    page_session = client.request.session.get(SESSION_KEY)
    return page_session == session_id and session_person(session_id) is not None


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({'type': 'http.response.start', 'status': status,
                'headers': [(b'content-type', b'text/plain; charset=utf-8'),
                            (b'content-length', str(len(body)).encode()), (b'connection', b'close')]})
    await send({'type': 'http.response.body', 'body': body})
