"""Jobs over every account (the pause-expiry sweep, the Recently deleted purge) judge each account by its own
clock (model/common/clock.py): one statement per clock offset in use, usually one or two."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from model.common.clock import clock


def moments_by_account(account_field: Any, now: datetime | None = None,
                       account_ids: Iterable[int] | None = None) -> list[tuple[datetime, Any]]:
    """(a time, the condition on ``account_field`` naming the accounts at that time) pairs covering every account
    (or only ``account_ids``). ``now`` is the time of an account whose clock was never moved."""
    base = now or clock.now()
    groups = clock.offset_groups()
    moved = [account for accounts in groups.values() for account in accounts]
    pairs = [(base, account_field.not_in(moved))]
    pairs += [(base + offset, account_field.in_(accounts)) for offset, accounts in groups.items()]
    if account_ids is None:
        return pairs
    only = list(account_ids)
    return [(moment, condition & account_field.in_(only)) for moment, condition in pairs]
