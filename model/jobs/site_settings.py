"""Settings kept in the database, so every process and every open page agrees: each account's movable clock
(a trainer shows a pause expiring; an account's admin moves it, a demo account's moves its trainee accounts'
with it) and the traffic simulator's switch and speed (site operators only)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from model.access.gate import Action, Actor, require
from model.common import events
from model.common.clock import add_calendar_months, clock
from model.common.errors import Invalid
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import Account, AppSetting
from model.traffic.simulator import Simulator, TickReport
from model.workflows.lifecycle import sweep_expired_pauses

SIMULATOR_ON = 'simulator_on'
SIMULATOR_EVENTS = 'simulator_events_per_tick'
ADVANCE_STEPS: dict[str, timedelta | int] = {  # an int is a number of calendar months, like the pause limit
    '1 hour': timedelta(hours=1), '1 day': timedelta(days=1), '1 week': timedelta(weeks=1), '1 month': 1,
    '3 months': 3,
}
EVENTS_PER_TICK = (1, 1000)
DEFAULT_EVENTS_PER_TICK = 40


@dataclass(frozen=True)
class ClockMove:
    now: datetime  # the application's time after the move
    finalized: int  # paused workflows the sweep finalized at once


@dataclass(frozen=True)
class SimulatorSettings:
    on: bool
    events_per_tick: int


@dataclass
class SimulatorStatus:
    """What this process's simulator did last (each process that runs one keeps its own)."""

    last_tick: datetime | None = None
    last_report: TickReport | None = None


simulator_status = SimulatorStatus()


def stored_clock_offsets() -> dict[int, timedelta]:
    """Every account whose clock is moved, with its offset (one query; the clock keeps the answer)."""
    return {account.id: timedelta(seconds=account.clock_offset_seconds)
            for account in Account.select(Account.id, Account.clock_offset_seconds)
            .where(Account.clock_offset_seconds != 0)}


def advance_clock(actor: Actor, step: str) -> ClockMove:
    """Move the account's time forward by ``step`` (a demo's trainee accounts with it) and finalize at once
    the pauses that ran out there."""
    require(actor, Action.ADMINISTER)
    if step not in ADVANCE_STEPS:
        raise Invalid(f'The clock moves by {", ".join(ADVANCE_STEPS)}')
    amount = ADVANCE_STEPS[step]
    with db.atomic():
        lock_account(actor.account_id)  # two admins advancing at once on PostgreSQL: both steps count
        now = clock.now() + _offset_of(actor.account_id)  # read in the transaction, not from the cache
        later = add_calendar_months(now, amount) if isinstance(amount, int) else now + amount
        moved = _moved_together(actor.account_id)
        (Account
         .update(clock_offset_seconds=Account.clock_offset_seconds + (later - now).total_seconds())
         .where(Account.id.in_(moved))
         .execute())
    _announce(moved)
    return ClockMove(clock.now(actor.account_id), sweep_expired_pauses(account_ids=moved))


def back_to_real_time(actor: Actor) -> None:
    """Offset zero again for the account (and a demo's trainee accounts). What the advance finalized stays
    finalized: time does not undo what happened."""
    require(actor, Action.ADMINISTER)
    moved = _moved_together(actor.account_id)
    Account.update(clock_offset_seconds=0).where(Account.id.in_(moved)).execute()
    _announce(moved)


def _moved_together(account_id: int) -> list[int]:
    """The account and the trainee accounts copied from it."""
    return [account_id, *(trainee.id for trainee in Account.select(Account.id)
                          .where(Account.demo_account == account_id).order_by(Account.id))]


def _offset_of(account_id: int) -> timedelta:
    return timedelta(seconds=Account.select(Account.clock_offset_seconds).where(Account.id == account_id).scalar()
                     or 0)


def _announce(accounts: list[int]) -> None:
    for account_id in accounts:  # this process's clock reads the new offsets; each account's pages redraw
        events.announce(events.ChangeKind.SETTINGS, account_id)


def simulator_settings() -> SimulatorSettings:
    return SimulatorSettings(bool(_read(SIMULATOR_ON, False)), int(_read(SIMULATOR_EVENTS, DEFAULT_EVENTS_PER_TICK)))


def set_simulator(actor: Actor, on: bool, events_per_tick: int) -> SimulatorSettings:
    require(actor, Action.OPERATE_SITE)
    low, high = EVENTS_PER_TICK
    if not low <= events_per_tick <= high:
        raise Invalid(f'The simulator\'s speed is {low} to {high} events per tick')
    with db.atomic():
        _write(SIMULATOR_ON, bool(on))
        _write(SIMULATOR_EVENTS, int(events_per_tick))
    events.announce(events.ChangeKind.SETTINGS, None)
    return simulator_settings()


def start_simulator_as(on: bool) -> None:
    """At start-up, ``SIMULATOR`` sets the switch; the speed an admin chose is kept."""
    _write(SIMULATOR_ON, on)


def tick_when_on(simulator: Simulator, claim: Callable[[], bool] = lambda: True) -> TickReport | None:
    """One simulator tick at the stored speed, if the simulator is on and ``claim`` says this process runs it."""
    current = simulator_settings()
    if not current.on or not claim():
        return None
    simulator.events_per_tick = current.events_per_tick
    report = simulator.tick()
    simulator_status.last_tick, simulator_status.last_report = clock.now(), report
    return report


def _read(key: str, default: Any) -> Any:
    row = AppSetting.get_or_none(AppSetting.key == key)
    return default if row is None else row.value


def _write(key: str, value: Any) -> None:
    AppSetting.insert(key=key, value=value).on_conflict(conflict_target=[AppSetting.key],
                                                        update={AppSetting.value: value}).execute()
