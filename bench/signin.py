"""`python -m bench.signin`: what a sign-in costs on this machine, alone and 30 at once.

1. One argon2 check for each candidate parameter set (the median of a few).
2. 30 people signing in at the same moment through the application's own path (`sign_in`, then a new session)
   on a temporary SQLite database, in a pool like the one pages use (NiceGUI's ``run.io_bound``): each one's
   time from the click to its session, p50 and p95, and what the cores require: the CPU the 30 used, divided
   by the cores. The load average is printed too: on a shared machine wall times grow with it, CPU times do not.
"""

import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from model.access.people import create_account_with_admin
from model.access.sessions import new_browser_key, open_session
from model.access.signin import ARGON2_PARAMETERS, HashCost, sign_in
from model.jobs.startup import open_database
from model.storage.db import close_database

PEOPLE = 30
PASSWORD = 'training-room-password'
CANDIDATES = (
    HashCost(time_cost=3, memory_cost=64 * 1024, parallelism=4),  # argon2-cffi's defaults, used before
    HashCost(time_cost=1, memory_cost=46 * 1024, parallelism=1),  # OWASP's alternatives, all of equal strength
    HashCost(time_cost=2, memory_cost=19 * 1024, parallelism=1),
    HashCost(time_cost=3, memory_cost=12 * 1024, parallelism=1),
)


def one_check_ms(parameters: HashCost, runs: int = 7) -> tuple[float, float]:
    """The median wall and CPU milliseconds of one check."""
    hasher = parameters.hasher()
    stored = hasher.hash(PASSWORD)
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        hasher.verify(stored, PASSWORD)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def simultaneous_ms() -> tuple[list[float], float]:
    """Each of :data:`PEOPLE` sign-ins started at once: milliseconds until its session exists; and the CPU
    milliseconds they used together."""
    workdir = Path(tempfile.mkdtemp(prefix='workflows-signin-'))
    open_database(f'sqlite:///{workdir / "signin.db"}')
    emails = [f'trainee{n}@example.com' for n in range(PEOPLE)]
    for email in emails:
        create_account_with_admin(f'Room {email}', email, email, PASSWORD)
    started, started_cpu = time.perf_counter(), time.process_time()

    def signs_in(email: str) -> float:
        open_session(sign_in(email, PASSWORD, address=email).id, new_browser_key())
        return (time.perf_counter() - started) * 1000

    try:
        with ThreadPoolExecutor() as pool:  # the pool NiceGUI's run.io_bound uses: its default size
            times = sorted(pool.map(signs_in, emails))
        return times, (time.process_time() - started_cpu) * 1000
    finally:
        close_database()


def main() -> None:
    print(f'load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores', flush=True)
    for parameters in CANDIDATES:
        chosen = ' (chosen)' if parameters == ARGON2_PARAMETERS else ''
        wall, cpu = one_check_ms(parameters)
        print(f'one check, {parameters}: {wall:.1f} ms, {cpu:.1f} ms CPU{chosen}', flush=True)
    times, cpu = simultaneous_ms()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(f'{PEOPLE} at once: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, last {times[-1]:.0f} ms; '
          f'{cpu:.0f} ms CPU in all, so the cores require {cpu / (os.cpu_count() or 1):.0f} ms')
    print(f'load average {os.getloadavg()[0]:.1f}')


if __name__ == '__main__':
    main()
