"""The application clock: every service reads time from here, so tests and demos can move it.

Each account has its own movable clock (``model/jobs/site_settings.py``): a trainer moves the demo account's,
and its trainee accounts' with it, and no other account's. The offsets are stored on the accounts, so every
process and every open page agrees. Reading them costs a query, so the non-zero ones are kept in memory
(one small dict for the whole installation): read again when a change of settings is announced (in the
announcing thread, never on the event loop), and every :data:`STORED_OFFSET_SECONDS` by the app's own timer
for changes made by another process.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from model.common import events

STORED_OFFSET_SECONDS = 1.0  # how long another process's clock change may take to reach this one at most


class Clock:
    """Real UTC time, optionally frozen (tests), shifted by a local offset (tests) and by the account's offset."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self.frozen_at: datetime | None = None
        self.read_stored_offsets: Callable[[], dict[int, timedelta]] = dict  # set once the database is bound
        self._stored: dict[int, timedelta] | None = None

    def now(self, account_id: int | None = None) -> datetime:
        """The time of ``account_id``; without one, the time of an account whose clock was never moved."""
        base = self.frozen_at if self.frozen_at is not None else self.real_now()
        return base + self.offset + (self.account_offset(account_id) if account_id is not None else timedelta())

    @staticmethod
    def real_now() -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)

    def account_offset(self, account_id: int) -> timedelta:
        return self.stored_offsets().get(account_id, timedelta())

    def stored_offsets(self) -> dict[int, timedelta]:
        """Every account whose clock is moved, with its offset (the others are at zero)."""
        stored = self._stored
        return self.refresh_stored_offsets() if stored is None else stored

    def offset_groups(self) -> dict[timedelta, list[int]]:
        """The moved accounts grouped by offset: jobs over every account run one statement per group."""
        groups: dict[timedelta, list[int]] = defaultdict(list)
        for account_id, offset in sorted(self.stored_offsets().items()):
            groups[offset].append(account_id)
        return dict(groups)

    def refresh_stored_offsets(self) -> dict[int, timedelta]:
        self._stored = self.read_stored_offsets()
        return self._stored

    def forget_stored_offsets(self) -> None:
        self._stored = None

    def freeze(self, at: datetime) -> None:
        self.frozen_at = at
        self.offset = timedelta()
        self.forget_stored_offsets()

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def reset(self) -> None:
        self.frozen_at = None
        self.offset = timedelta()
        self.forget_stored_offsets()


clock = Clock()


def _on_change(change: events.Change) -> None:
    if change.kind == events.ChangeKind.SETTINGS:
        clock.refresh_stored_offsets()


events.subscribe(_on_change)


def add_calendar_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months, clamping to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    last_day = (datetime(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
