"""The application clock: every service reads time from here, so tests and demos can move it."""

from datetime import UTC, datetime, timedelta


class Clock:
    """Real UTC time, optionally frozen or shifted by an offset (the demo's "advance 1 month")."""

    def __init__(self) -> None:
        self.offset = timedelta()
        self.frozen_at: datetime | None = None

    def now(self) -> datetime:
        base = self.frozen_at if self.frozen_at is not None else datetime.now(UTC).replace(tzinfo=None)
        return base + self.offset

    def freeze(self, at: datetime) -> None:
        self.frozen_at = at
        self.offset = timedelta()

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def reset(self) -> None:
        self.frozen_at = None
        self.offset = timedelta()


clock = Clock()


def add_calendar_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months, clamping to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    last_day = (datetime(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))
