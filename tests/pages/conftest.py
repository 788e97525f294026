"""Page tests with NiceGUI's simulated ``user``: each test gets its own demo database file."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from model.clock import clock
from model.db import close_database


@pytest.fixture(autouse=True)
def page_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """main.py reads DATABASE_URL when the ``user`` fixture runs it: point it at a fresh file."""
    path = tmp_path / 'pages.db'
    monkeypatch.setenv('DATABASE_URL', f'sqlite:///{path}')
    monkeypatch.setenv('DEMO_DATA', '1')
    monkeypatch.setenv('STORAGE_SECRET', 'page-tests')
    monkeypatch.setenv('SIMULATOR', '0')  # deterministic pages; simulator tests drive it themselves
    yield path
    clock.reset()
    close_database()
