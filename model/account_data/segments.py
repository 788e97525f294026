"""An account's segments: list, create, rename and edit the definition, delete while unused.

The definition is ``{"rule": "<text>"}``: what the demo seed, the simulator's catalogue and `.cn`
matching (by name and definition) use. Creating or renaming a segment gives it to the imported drafts
that were waiting for a segment of that name, and clears their error.
"""

from model.access.gate import Action, Actor, not_found, require
from model.account_data.references import (
    WorkflowUse,
    adopt_unmatched,
    announce_change,
    clean_name,
    refuse_if_used,
    workflows_using,
)
from model.common.errors import Invalid
from model.common.text import fold
from model.storage.db import db
from model.storage.engine import lock_account
from model.storage.schema import Segment

KINDS = {'contact': 'Contacts', 'product': 'Products'}
RULE_MAX = 500


def list_segments(actor: Actor, search: str = '') -> list[Segment]:
    """The account's segments by name; ``search`` matches the name or the rule, ignoring case and accents."""
    require(actor, Action.READ)
    folded = fold(search.strip())
    segments = Segment.select().where(Segment.account == actor.account_id)
    found = [s for s in segments if folded in fold(f'{s.name}\n{rule_of(s)}')]
    return sorted(found, key=lambda s: (s.name.casefold(), s.id))


def rule_of(segment: Segment) -> str:
    return str((segment.definition or {}).get('rule', ''))


def get_segment(actor: Actor, segment_id: int) -> Segment:
    """The segment, if it is of the actor's account; any other is "not found"."""
    found = Segment.get_or_none(Segment.id == segment_id)
    if found is None:
        raise not_found('Segment')
    require(actor, Action.READ, found)
    return found


def create_segment(actor: Actor, name: str, kind: str, rule: str) -> Segment:
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # names unique in the account, on PostgreSQL too
        clean = _valid_name(actor, name)
        segment = Segment.create(account=actor.account_id, name=clean, kind=_valid_kind(kind),
                                 definition=_definition(rule))
        adopted = adopt_unmatched(actor.account_id, 'segment', segment.id, clean)
    announce_change(actor.account_id, adopted)
    return segment


def update_segment(actor: Actor, segment_id: int, name: str, kind: str, rule: str) -> Segment:
    """Rename it and change its definition; workflows keep using it (they refer to it by id)."""
    require(actor, Action.CHANGE)
    with db.atomic():
        lock_account(actor.account_id)  # names unique in the account, on PostgreSQL too
        segment = get_segment(actor, segment_id)
        segment.name = _valid_name(actor, name, ignore_id=segment.id)
        segment.kind = _valid_kind(kind)
        segment.definition = _definition(rule)
        segment.save()
        adopted = adopt_unmatched(actor.account_id, 'segment', segment.id, segment.name)
    announce_change(actor.account_id, adopted)
    return segment


def delete_segment(actor: Actor, segment_id: int) -> str:
    """Delete an unused segment; returns its name. One used by a workflow is refused, naming them."""
    require(actor, Action.CHANGE)
    with db.atomic():
        segment = get_segment(actor, segment_id)
        refuse_if_used(segment_users(actor, segment.id), f'"{segment.name}"')
        segment.delete_instance()
    announce_change(actor.account_id, [])
    return segment.name


def segment_users(actor: Actor, segment_id: int) -> list[WorkflowUse]:
    require(actor, Action.READ)
    return workflows_using(actor.account_id, 'segment', segment_id)


def _valid_name(actor: Actor, name: str, ignore_id: int | None = None) -> str:
    taken = [(s.id, s.name) for s in Segment.select().where(Segment.account == actor.account_id)]
    return clean_name(name, 'segment', taken, ignore_id)


def _valid_kind(kind: str) -> str:
    if kind not in KINDS:
        raise Invalid(f'A segment is about {" or ".join(KINDS)}')
    return kind


def _definition(rule: str) -> dict:
    clean = (rule or '').strip()
    if not clean:
        raise Invalid('A segment needs a rule, e.g. total_spent > 1000')
    if len(clean) > RULE_MAX:
        raise Invalid(f'A rule has at most {RULE_MAX} characters ({len(clean)} given)')
    return {'rule': clean}

