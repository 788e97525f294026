"""The demo database, seeded once per test run and copied for each page and browser test.

Seeding is the same as a first start (``prepare_data``), so main.py later finds an already seeded file.
"""

import shutil
import tempfile
from pathlib import Path

from model.db import close_database, db
from model.settings import Settings, prepare_data

ADMIN_EMAIL = 'trainer@example.com'
ADMIN_PASSWORD = 'tests-password'

_seeded: Path | None = None
_folder = tempfile.TemporaryDirectory(prefix='workflows-seed-')  # removed when the test run ends


def copy_demo_database(destination: Path) -> None:
    """Put a copy of the seeded demo database at ``destination`` (the first call seeds it)."""
    global _seeded
    if _seeded is None:
        path = Path(_folder.name) / 'demo.db'
        prepare_data(Settings(database_url=f'sqlite:///{path}', demo_data=True, admin_email=ADMIN_EMAIL,
                              admin_password=ADMIN_PASSWORD))
        db.execute_sql('PRAGMA wal_checkpoint(TRUNCATE)')  # everything in the one file that is copied
        close_database()
        _seeded = path
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_seeded, destination)
