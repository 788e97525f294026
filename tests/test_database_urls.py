"""The tests' own PostgreSQL databases: one a test leaves behind serves the next only when it is as new."""

from pathlib import Path

import pytest

from model.access.people import create_account_with_admin
from model.common.clock import clock
from model.jobs.startup import open_database
from model.storage.db import close_database, db
from model.storage.schema import Account, Person
from tests.conftest import FROZEN_NOW
from tests.database_urls import fresh_database_url, on_postgresql, release_database

pytestmark = pytest.mark.skipif(not on_postgresql(), reason='on SQLite each test gets a new file')


def used(url: str, then: str = '') -> int:
    """Open ``url``, create an account in it (and run ``then``); the account's id."""
    open_database(url)
    clock.freeze(FROZEN_NOW)
    try:
        account_id = create_account_with_admin('Used', 'used@example.com', 'Used').account_id
        if then:
            db.execute_sql(then)
        return account_id
    finally:
        clock.reset()
        close_database()


def test_a_released_database_comes_back_empty_with_its_ids_starting_again(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path)
    first_id = used(url)
    release_database(url)
    again = fresh_database_url(tmp_path)
    assert again == url
    open_database(again)
    try:
        assert (Account.select().count(), Person.select().count()) == (0, 0)
    finally:
        close_database()
    assert used(again) == first_id
    release_database(again)


def test_a_database_whose_tables_changed_or_filled_up_is_not_given_again(tmp_path: Path) -> None:
    changed = fresh_database_url(tmp_path)
    used(changed, then='ALTER TABLE folder ADD COLUMN left_behind integer')
    release_database(changed)
    assert fresh_database_url(tmp_path) != changed
    filled = fresh_database_url(tmp_path)
    used(filled, then="INSERT INTO activity (account_id, action, workflow_name, detail, at) "
                      "SELECT account.id, 'seen', '', '', now() FROM account, generate_series(1, 1001)")
    release_database(filled)
    assert fresh_database_url(tmp_path) != filled
