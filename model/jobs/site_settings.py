"""Application-wide settings kept in the database, so every process and every open page agrees: the movable
clock (a trainer shows a pause expiring) and the traffic simulator's switch and speed. Admins change them."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from model.access.gate import Actor
from model.common import events
from model.common.clock import add_calendar_months, clock
from model.common.errors import Forbidden, Invalid
from model.storage.db import db
from model.storage.engine import serialize
from model.storage.schema import AppSetting
from model.traffic.simulator import Simulator, TickReport
from model.workflows.lifecycle import sweep_expired_pauses

CLOCK_OFFSET = 'clock_offset_seconds'
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


def stored_clock_offset() -> timedelta:
    return timedelta(seconds=float(_read(CLOCK_OFFSET, 0)))


def advance_clock(actor: Actor, step: str) -> ClockMove:
    """Move the application's time forward by ``step`` and finalize at once the pauses that ran out."""
    _require_admin(actor, 'move the clock')
    if step not in ADVANCE_STEPS:
        raise Invalid(f'The clock moves by {", ".join(ADVANCE_STEPS)}')
    amount = ADVANCE_STEPS[step]
    with db.atomic():
        serialize('clock')  # two admins advancing at once on PostgreSQL: both steps count
        clock.forget_stored_offset()  # read the latest offset inside the transaction
        now = clock.now()
        later = add_calendar_months(now, amount) if isinstance(amount, int) else now + amount
        _write(CLOCK_OFFSET, (stored_clock_offset() + (later - now)).total_seconds())
    events.announce(events.ChangeKind.SETTINGS, None)  # this process's clock reads the new offset
    return ClockMove(clock.now(), sweep_expired_pauses())


def back_to_real_time(actor: Actor) -> None:
    """Offset zero again. What the advance finalized stays finalized: time does not undo what happened."""
    _require_admin(actor, 'move the clock')
    _write(CLOCK_OFFSET, 0)
    events.announce(events.ChangeKind.SETTINGS, None)


def simulator_settings() -> SimulatorSettings:
    return SimulatorSettings(bool(_read(SIMULATOR_ON, False)), int(_read(SIMULATOR_EVENTS, DEFAULT_EVENTS_PER_TICK)))


def set_simulator(actor: Actor, on: bool, events_per_tick: int) -> SimulatorSettings:
    _require_admin(actor, 'control the simulator')
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


def _require_admin(actor: Actor, what: str) -> None:
    if not actor.manages_account:
        raise Forbidden(f'Only an admin can {what}')


def _read(key: str, default: Any) -> Any:
    row = AppSetting.get_or_none(AppSetting.key == key)
    return default if row is None else row.value


def _write(key: str, value: Any) -> None:
    AppSetting.insert(key=key, value=value).on_conflict(conflict_target=[AppSetting.key],
                                                        update={AppSetting.value: value}).execute()
