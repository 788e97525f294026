"""Execution order (docs/product.md §9): active and paused workflows run top to bottom; the lower one prevails.

Starting appends (model/workflows/lifecycle.py), pausing keeps the place, finalizing leaves the order.
Positions may have gaps after a workflow leaves; what people see is the rank, and saving the order
renumbers 1..n. What a save reports is how many workflows changed place relative to the others, not how
many were renumbered.
"""

import hashlib
from bisect import bisect_left
from collections.abc import Iterable
from typing import cast

from peewee import fn

from model.access.activity import record_by
from model.access.gate import Action, Actor, require
from model.common import events
from model.common.errors import Invalid, StaleVersion
from model.common.text import plural
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import Workflow, kept


def execution_order(actor: Actor) -> list[Workflow]:
    """Active and paused workflows in execution order, the first to run at the top."""
    require(actor, Action.READ)
    return list(Workflow
                .select()
                .where((Workflow.account == actor.account_id) & Workflow.priority_position.is_null(False) & kept())
                .order_by(Workflow.priority_position, Workflow.id))


def order_token(workflows: list[Workflow]) -> str:
    """A fingerprint of an order as loaded, so a save can tell whether someone changed it meanwhile."""
    text = ','.join(f'{w.id}:{w.priority_position}' for w in workflows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def save_order(actor: Actor, ordered_ids: list[int], token: str) -> int:
    """Store the whole order in one transaction; returns how many workflows changed place (:func:`places_changed`)."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)
        current = execution_order(actor)
        if order_token(current) != token:
            raise StaleVersion('The execution order was changed by someone else meanwhile: '
                               'reload to see it, then make your changes again')
        if sorted(ordered_ids) != sorted(w.id for w in current):
            raise Invalid('The order must list every active and paused workflow exactly once')
        positions = {w.id: w.priority_position for w in current}
        changed = places_changed([w.id for w in current], ordered_ids)
        for position, workflow_id in enumerate(ordered_ids, start=1):
            if positions[workflow_id] != position:
                (Workflow
                 .update(priority_position=position, version=Workflow.version + 1)
                 .where(Workflow.id == workflow_id)
                 .execute())
        if changed:
            record_by(actor, 'priority', detail=f'{plural(changed, "workflow")} changed place')
    events.announce(events.ChangeKind.PRIORITY, actor.account_id)
    return changed


def places_changed(before: list[int], after: list[int]) -> int:
    """The fewest workflows that must move to turn ``before`` into ``after``: those outside the longest run that
    keeps its relative order. Moving one row down one place is 1, whatever renumbering follows."""
    rank = {workflow_id: index for index, workflow_id in enumerate(before)}
    tails: list[int] = []  # tails[k]: the smallest last rank of an increasing run of length k + 1
    for workflow_id in after:
        index = bisect_left(tails, rank[workflow_id])
        tails[index:index + 1] = [rank[workflow_id]]
    return len(after) - len(tails)


def ranks(actor: Actor, workflows: list[Workflow]) -> dict[int, int]:
    """Each placed workflow's rank (1 = runs first) among the account's, for the rows of one list page."""
    require(actor, Action.READ)
    return ranks_in(actor.account_id, workflows)


def ranks_in(account_id: int, workflows: list[Workflow]) -> dict[int, int]:
    """:func:`ranks` for services that asked the gate already.

    A rank is 1 + the kept workflows placed before it: the database numbers the placed workflows once
    (``RANK() OVER``, on SQLite and PostgreSQL alike) and returns the shown ones' numbers; a `COUNT` per row
    read the placed workflows again for each of the 25 rows of a page (docs/benchmarks.md)."""
    shown = [w.id for w in workflows if w.priority_position is not None and w.account_id == account_id]
    if not shown:
        return {}
    numbered = (Workflow
                .select(Workflow.id, fn.RANK().over(order_by=[Workflow.priority_position]).alias('rank'))
                .where((Workflow.account == account_id) & kept() & Workflow.priority_position.is_null(False)))
    found = (Workflow
             .select(numbered.c.id, numbered.c.rank)
             .from_(numbered)
             .where(numbered.c.id.in_(shown))
             .tuples())
    return {workflow_id: rank for workflow_id, rank in cast(Iterable[tuple[int, int]], found)}
