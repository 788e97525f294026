"""Changes cross processes: on PostgreSQL, announcements travel by ``NOTIFY`` and arrive by ``LISTEN``.

Several app processes on one PostgreSQL database behave as one app: each forwards its own
announcements (:func:`model.common.events.announce`) and delivers the others' to its own listeners. On SQLite,
one process is the supported shape and there is nothing to bridge.
"""

import logging
import threading
import uuid

from model.common import events
from model.storage.engine import is_postgresql, listening_connection, notify, received

CHANNEL = 'workflows_area_changes'
ORIGIN = uuid.uuid4().hex[:12]  # this process: its own notifications come back to it and are skipped
log = logging.getLogger('workflows_area')

_stop = threading.Event()
_listening = threading.Event()


def start_bridge() -> None:
    """Forward this process's changes and deliver the other processes' (PostgreSQL only)."""
    if not is_postgresql():
        return
    _stop.clear()
    _listening.clear()
    events.set_forwarder(lambda change: notify(CHANNEL, f'{ORIGIN} {change.to_json()}'))
    threading.Thread(target=_listen, name='change-listener', daemon=True).start()
    _listening.wait(10)  # from here on no other process's change is missed


def stop_bridge() -> None:
    events.set_forwarder(None)
    _stop.set()


def _listen() -> None:
    while not _stop.is_set():
        try:
            connection = listening_connection(CHANNEL)
            _listening.set()
            try:
                while not _stop.is_set():
                    for payload in received(connection, 0.5):
                        _deliver(payload)
            finally:
                connection.close()
        except Exception:  # the database went away: try again shortly, pages keep working meanwhile
            log.exception('Listening for other processes\' changes failed; retrying')
            _stop.wait(2)


def _deliver(payload: str) -> None:
    """Hand another process's change to this one's listeners; a payload that is not a change is logged and dropped,
    and the connection stays (anyone who may connect to the database can ``NOTIFY``)."""
    origin, _, text = payload.partition(' ')
    if origin == ORIGIN:
        return
    try:
        change = events.Change.from_json(text)
    except events.MalformedChange as problem:
        log.warning('Dropped a malformed change notification (%s): %.200r', problem, payload)
        return
    events.deliver(change)
