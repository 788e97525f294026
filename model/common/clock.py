"""The application clock: every service reads time from here, so tests and demos can move it.

Trainers move it for the whole application (``model/jobs/site_settings.py``): that offset is stored in the
database, so every process and every open page agrees. Reading it costs a query, so it is kept in memory:
read again when a change of settings is announced (in the announcing thread, never on the event loop),
and every :data:`STORED_OFFSET_SECONDS` by the app's own timer for changes made by another process.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from model.common import events

STORED_OFFSET_SECONDS = 1.0  # how long another process's clock change may take to reach this one at most


class Clock:
    """Real UTC time, optionally frozen (tests), shifted by the stored offset and by a local one (tests)."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self.frozen_at: datetime | None = None
        self.read_stored_offset: Callable[[], timedelta] = timedelta  # set once the database is bound
        self._stored: timedelta | None = None

    def now(self) -> datetime:
        base = self.frozen_at if self.frozen_at is not None else self.real_now()
        return base + self.offset + self.stored_offset()

    @staticmethod
    def real_now() -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)

    def stored_offset(self) -> timedelta:
        stored = self._stored
        return self.refresh_stored_offset() if stored is None else stored

    def refresh_stored_offset(self) -> timedelta:
        self._stored = self.read_stored_offset()
        return self._stored

    def forget_stored_offset(self) -> None:
        self._stored = None

    def freeze(self, at: datetime) -> None:
        self.frozen_at = at
        self.offset = timedelta()
        self.forget_stored_offset()

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def reset(self) -> None:
        self.frozen_at = None
        self.offset = timedelta()
        self.forget_stored_offset()


clock = Clock()


def _on_change(change: events.Change) -> None:
    if change.kind == events.ChangeKind.SETTINGS:
        clock.refresh_stored_offset()


events.subscribe(_on_change)


def add_calendar_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months, clamping to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    last_day = (datetime(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
