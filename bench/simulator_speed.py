"""`python -m bench.simulator_speed`: how many contact steps per second the traffic simulator makes here."""

import statistics
import tempfile
import time
from datetime import timedelta

from model.common.clock import clock
from model.jobs.demo import seed_demo
from model.jobs.startup import open_database
from model.traffic.simulator import Simulator

TICKS = 30


def main() -> None:
    open_database(f'sqlite:///{tempfile.mkdtemp(prefix="simulator-bench-")}/demo.db')
    seed_demo()
    for events in (40, 400):
        simulator = Simulator(seed=1, events_per_tick=events)
        rates, durations = [], []
        for _ in range(TICKS):
            start = time.perf_counter()
            report = simulator.tick()
            elapsed = time.perf_counter() - start
            durations.append(elapsed * 1000)
            rates.append(report.steps / elapsed)
            clock.advance(timedelta(minutes=20))
        print(f'{events} events per tick: median tick {statistics.median(durations):.0f} ms, '
              f'median {statistics.median(rates):,.0f} contact steps per second')


if __name__ == '__main__':
    main()
