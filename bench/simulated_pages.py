"""List pages held open without a browser (simulated clients are allowed for the 50-page figures): each
one loads the page over HTTP with a signed-in session's cookies and connects its socket as the page's own
JavaScript does (NiceGUI's implicit handshake), then only listens. The server does for it exactly what it
does for a tab; the figures then measure the server, not 50 Chromium tabs sharing its two cores.
"""

import asyncio
import json
import re
import threading
import time
from urllib.parse import urlencode
from uuid import uuid4

import httpx
import socketio

CLIENT_ID = re.compile(r'''client_id["']: ["']([^"']+)''')
NEXT_MESSAGE_ID = re.compile(r'''next_message_id["']: (\d+)''')


class SimulatedPages:
    """``count`` open pages of ``url``; :meth:`arrivals` says when each first received an update containing a
    text (``time.time()``, comparable with the browser's ``Date.now()`` on the same machine)."""

    def __init__(self, url: str, cookies: dict[str, str], count: int) -> None:
        self.url, self.cookies, self.count = url, cookies, count
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.sockets: list[socketio.AsyncClient] = []
        self.updates: list[list[tuple[float, str]]] = []

    def __enter__(self) -> 'SimulatedPages':
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._open_all(), self.loop).result(timeout=120)
        return self

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self._close_all(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    def arrivals(self, text: str, since: float) -> list[float | None]:
        """Per page, when the first update after ``since`` that mentions ``text`` arrived (None: not yet)."""
        return [next((at for at, data in updates if at >= since and text in data), None) for updates in self.updates]

    async def _open_all(self) -> None:
        async with httpx.AsyncClient(cookies=self.cookies) as http:
            for _ in range(self.count):
                await self._open(http)

    async def _open(self, http: httpx.AsyncClient) -> None:
        html = (await http.get(self.url)).text
        client_id, next_message_id = CLIENT_ID.search(html), NEXT_MESSAGE_ID.search(html)
        if client_id is None or next_message_id is None:
            raise RuntimeError('no NiceGUI page at ' + self.url)
        query = {'client_id': client_id.group(1), 'next_message_id': next_message_id.group(1),
                 'implicit_handshake': 'true', 'document_id': str(uuid4()), 'tab_id': str(uuid4()), 'old_tab_id': ''}
        received: list[tuple[float, str]] = []
        client = socketio.AsyncClient(reconnection=False)

        async def note(event: str, *data: object) -> None:
            received.append((time.time(), json.dumps(data)))

        client.on('*', note)
        origin = self.url.split('/', 3)[:3]
        await client.connect('/'.join(origin) + '?' + urlencode(query),
                             socketio_path='/_nicegui_ws/socket.io', transports=['websocket'],
                             headers={'Cookie': '; '.join(f'{k}={v}' for k, v in self.cookies.items())})
        self.sockets.append(client)
        self.updates.append(received)

    async def _close_all(self) -> None:
        for client in self.sockets:
            await client.disconnect()
