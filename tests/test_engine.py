"""The engine-specific corner (model/storage/engine.py) and the cross-process bridge, on either engine."""

import threading
import time

import pytest

from model.access.gate import Actor
from model.common import events
from model.storage import crossprocess
from model.storage.db import db
from model.storage.engine import listening_connection, lock_account, notify, received, reset_sequence
from model.storage.schema import Account, Folder
from tests.database_urls import on_postgresql

postgresql_only = pytest.mark.skipif(not on_postgresql(), reason='LISTEN/NOTIFY is PostgreSQL\'s')


def test_generated_ids_follow_rows_inserted_with_explicit_ids(actor: Actor) -> None:
    Folder.insert(id=500, account=actor.account_id, name='Explicit').execute()
    reset_sequence(Folder)
    assert Folder.create(account=actor.account_id, name='Generated').id == 501


def test_an_account_lock_makes_the_next_writer_wait_until_the_first_commits(actor: Actor) -> None:
    order: list[str] = []
    first_holds = threading.Event()

    def first() -> None:
        with db.atomic():
            lock_account(actor.account_id)
            first_holds.set()
            time.sleep(0.3)  # the second writer must be waiting all this time
            order.append('first commits')

    def second() -> None:
        assert first_holds.wait(10)
        with db.atomic():
            lock_account(actor.account_id)
            order.append('second goes on')

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order == ['first commits', 'second goes on']
    assert Account.get_by_id(actor.account_id).name == 'Test account'


@postgresql_only
def test_a_notification_reaches_a_listening_connection_after_commit(database: str) -> None:
    listener = listening_connection('engine_test')
    try:
        with db.atomic():
            notify('engine_test', 'hello')
            assert received(listener, 0.2) == []  # not before the commit
        assert received(listener, 5) == ['hello']
    finally:
        listener.close()


@postgresql_only
def test_the_bridge_delivers_other_processes_changes_and_skips_its_own(database: str) -> None:
    arrived: list[events.Change] = []
    unsubscribe = events.subscribe(arrived.append)
    crossprocess.start_bridge()
    try:
        theirs = events.Change(events.ChangeKind.UPDATED, 7, (1, 2))
        notify(crossprocess.CHANNEL, f'another-process {theirs.to_json()}')
        events.announce(events.ChangeKind.CREATED, 7, [3])  # ours: delivered once, locally
        deadline = time.monotonic() + 5
        while theirs not in arrived and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(arrived) == 2  # ours once, theirs once, in whichever order the listener thread made
        assert set(arrived) == {events.Change(events.ChangeKind.CREATED, 7, (3,)), theirs}
    finally:
        crossprocess.stop_bridge()
        unsubscribe()
