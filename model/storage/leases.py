"""Leases: a job that must run in one process only, and the mark each running app process keeps.

A lease is a row (name, holder, expiry in real UTC time, not the application clock, which trainers move).
Taking or renewing it is one conditional UPDATE, or an INSERT when the row does not exist yet, so two
processes racing for it on SQLite or PostgreSQL end with exactly one holder.
"""

import os
import socket
from datetime import UTC, datetime, timedelta

from peewee import IntegrityError

from model.storage.db import db
from model.storage.schema import Lease

PROCESS_PREFIX = 'process:'
THIS_PROCESS = f'{socket.gethostname()}:{os.getpid()}'


def real_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def hold(name: str, seconds: float, holder: str = THIS_PROCESS) -> bool:
    """Take or renew the lease ``name`` for ``seconds``; False while another holder's lease runs."""
    now = real_now()
    until = now + timedelta(seconds=seconds)
    with db.atomic():
        renewed = (Lease
                   .update(holder=holder, expires_at=until)
                   .where((Lease.name == name) & ((Lease.holder == holder) | (Lease.expires_at < now)))
                   .execute())
        if renewed:
            return True
        if Lease.select().where(Lease.name == name).exists():
            return False
    try:
        with db.atomic():
            Lease.create(name=name, holder=holder, expires_at=until)
    except IntegrityError:  # another process inserted it first
        return False
    return True


def release(name: str, holder: str = THIS_PROCESS) -> None:
    Lease.delete().where((Lease.name == name) & (Lease.holder == holder)).execute()


def mark_running(seconds: float = 30) -> None:
    """This app process is running (renewed by a timer; ``restore`` refuses while any mark is fresh)."""
    hold(PROCESS_PREFIX + THIS_PROCESS, seconds)


def mark_stopped() -> None:
    release(PROCESS_PREFIX + THIS_PROCESS)


def running_processes() -> list[str]:
    """The app processes whose running mark has not expired."""
    return [lease.holder for lease in Lease.select().where(Lease.name.startswith(PROCESS_PREFIX)
                                                           & (Lease.expires_at >= real_now()))]
