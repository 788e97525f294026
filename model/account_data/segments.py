"""An account's segments: list, create, rename and edit the definition, delete while unused.

The definition is ``{"rule": "<text>"}``: what the demo seed, the simulator's catalogue and `.cn`
matching (by name and definition) use. Creating or renaming a segment gives it to the imported drafts
that were waiting for a segment of that name, and clears their error.
"""

from model.access.gate import Actor
from model.account_data.named_items import NamedItems
from model.account_data.references import WorkflowUse
from model.common.errors import Invalid
from model.storage.schema import Segment

KINDS = {'contact': 'Contacts', 'product': 'Products'}
RULE_MAX = 500


def rule_of(segment: Segment) -> str:
    return str((segment.definition or {}).get('rule', ''))


SEGMENTS = NamedItems(Segment, 'segment', 'segment', searched_text=rule_of)


def list_segments(actor: Actor, search: str = '') -> list[Segment]:
    """The account's segments by name; ``search`` matches the name or the rule, ignoring case and accents."""
    return SEGMENTS.listed(actor, search)


def get_segment(actor: Actor, segment_id: int) -> Segment:
    return SEGMENTS.get(actor, segment_id)


def create_segment(actor: Actor, name: str, kind: str, rule: str) -> Segment:
    return SEGMENTS.create(actor, name, lambda: {'kind': _valid_kind(kind), 'definition': _definition(rule)})


def update_segment(actor: Actor, segment_id: int, name: str, kind: str, rule: str) -> Segment:
    return SEGMENTS.update(actor, segment_id, name,
                           lambda _: {'kind': _valid_kind(kind), 'definition': _definition(rule)})


def delete_segment(actor: Actor, segment_id: int) -> str:
    return SEGMENTS.delete(actor, segment_id)


def segment_users(actor: Actor, segment_id: int) -> list[WorkflowUse]:
    return SEGMENTS.users(actor, segment_id)


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

