"""`python -m bench.signin`: what a sign-in costs on this machine, alone and 30 at once.

1. One argon2 check for each candidate parameter set (the median of a few).
2. 30 people signing in at the same moment through the application's own path (`sign_in`, then a new session)
   on a temporary SQLite database, in a pool like the one pages use (NiceGUI's ``run.io_bound``): each one's
   time from the click to its session, p50 and p95.
"""

import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from model.access.people import create_account_with_admin
from model.access.sessions import open_session
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


def one_check_ms(parameters: HashCost, runs: int = 7) -> float:
    hasher = parameters.hasher()
    stored = hasher.hash(PASSWORD)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        hasher.verify(stored, PASSWORD)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def simultaneous_ms() -> list[float]:
    """Each of :data:`PEOPLE` sign-ins started at once: milliseconds until its session exists."""
    workdir = Path(tempfile.mkdtemp(prefix='workflows-signin-'))
    open_database(f'sqlite:///{workdir / "signin.db"}')
    emails = [f'trainee{n}@example.com' for n in range(PEOPLE)]
    for email in emails:
        create_account_with_admin(f'Room {email}', email, email, PASSWORD)
    started = time.perf_counter()

    def signs_in(email: str) -> float:
        open_session(sign_in(email, PASSWORD, address=email).id)
        return (time.perf_counter() - started) * 1000

    try:
        with ThreadPoolExecutor() as pool:  # the pool NiceGUI's run.io_bound uses: its default size
            return sorted(pool.map(signs_in, emails))
    finally:
        close_database()


def main() -> None:
    for parameters in CANDIDATES:
        chosen = ' (chosen)' if parameters == ARGON2_PARAMETERS else ''
        print(f'one check, {parameters}: {one_check_ms(parameters):.1f} ms{chosen}', flush=True)
    times = simultaneous_ms()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(f'{PEOPLE} at once: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, last {times[-1]:.0f} ms')


if __name__ == '__main__':
    main()
