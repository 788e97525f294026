"""The Segments page: the account's segments with their rule; create, rename, edit, delete."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from nicegui import ui

from model.account_data.segments import (
    KINDS,
    RULE_MAX,
    create_segment,
    delete_segment,
    list_segments,
    rule_of,
    segment_users,
    update_segment,
)
from model.storage.schema import Segment
from ui.account_items import ItemKind, ItemsView
from ui.frame import page_frame


@ui.page('/segments')
def segments_page(request: Request) -> None:
    with page_frame('Segments'):
        ItemsView(SEGMENTS, request.query_params.get('q', '')[:200]).build()


def _details(segment: Segment) -> None:
    ui.badge(KINDS.get(segment.kind, segment.kind), color='grey-3', text_color='grey-9').mark('segment-kind')
    ui.label(rule_of(segment)).classes('font-mono text-caption text-grey-8 ellipsis').mark('segment-rule')


def _own_inputs(segment: Segment | None) -> Callable[[], list[Any]]:
    """What the segment is about, and its rule."""
    kind = ui.select(KINDS, label='About', value=segment.kind if segment else 'contact') \
        .classes('w-full').mark('segment-kind-select')
    rule = ui.textarea('Rule', value=rule_of(segment) if segment else '', placeholder='e.g. total_spent > 1000') \
        .props('counter autogrow').classes('w-full font-mono').mark('segment-rule-input')
    rule.props['maxlength'] = RULE_MAX
    return lambda: [kind.value, rule.value or '']


SEGMENTS = ItemKind(title='Segments', noun='segment', path='/segments', items=list_segments, users=segment_users,
                    delete=delete_segment, details=_details, create=create_segment, update=update_segment,
                    own_inputs=_own_inputs, dialog_mark='segment')
