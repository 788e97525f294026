"""Another process is trusted to say what changed, never to break this one (docs/security.md): a cross-process
payload that is not a typed change is logged and dropped, and the listener stays connected."""

import logging
import time

import pytest

from model.common import events
from model.common.events import Change, ChangeKind, MalformedChange
from model.storage import crossprocess
from model.storage.engine import notify
from tests.database_urls import on_postgresql

MALFORMED = [
    'not json at all',
    '[1, 2, 3]',
    '{"k": "dropped-tables", "a": 1, "w": []}',  # not a kind this code announces
    '{"k": "updated", "a": "1", "w": []}',
    '{"k": "updated", "a": -4, "w": []}',
    '{"k": "updated", "a": true, "w": []}',
    '{"k": "updated", "a": 1, "w": [1.5]}',
    '{"k": "updated", "a": 1, "w": "12"}',
    '{"k": "updated", "a": 1, "w": [], "extra": "<script>"}',
    '{"k": "updated", "a": 1}',
    '{"k": "updated", "a": 1, "w": [' + ','.join(['1'] * (events.MAX_CARRIED_IDS + 1)) + ']}',
]


@pytest.mark.parametrize('payload', MALFORMED)
def test_only_typed_changes_are_read_from_a_payload(payload: str) -> None:
    with pytest.raises(MalformedChange):
        Change.from_json(payload)


def test_every_change_this_code_announces_reads_back_as_itself() -> None:
    for kind in ChangeKind:
        for change in (Change(kind, None), Change(kind, 3, (1, 2, 3))):
            assert Change.from_json(change.to_json()) == change


@pytest.mark.skipif(not on_postgresql(), reason="LISTEN/NOTIFY is PostgreSQL's")
def test_malformed_notifications_are_dropped_and_the_listener_keeps_listening(
        database: str, caplog: pytest.LogCaptureFixture) -> None:
    arrived: list[Change] = []
    unsubscribe = events.subscribe(arrived.append)
    crossprocess.start_bridge()
    try:
        good = Change(ChangeKind.UPDATED, 7, (1, 2))
        with caplog.at_level(logging.WARNING, logger='workflows_area'):
            for payload in MALFORMED[:4]:
                notify(crossprocess.CHANNEL, f'another-process {payload}')
            notify(crossprocess.CHANNEL, f'another-process {good.to_json()}')
            deadline = time.monotonic() + 5
            while not arrived and time.monotonic() < deadline:
                time.sleep(0.05)
        assert arrived == [good]  # the next good change after four bad ones is not lost to a reconnection
        dropped = [r for r in caplog.records if 'Dropped a malformed change notification' in r.getMessage()]
        assert len(dropped) == 4
        assert not any('retrying' in r.getMessage() for r in caplog.records)
    finally:
        crossprocess.stop_bridge()
        unsubscribe()
