"""The Segments page: the account's segments with their rule; create, rename, edit, delete."""

from collections.abc import Callable

from fastapi import Request
from nicegui import ui

from model.account_data.references import NAME_MAX
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
from ui.calls import call
from ui.dialogs import transient_dialog
from ui.frame import page_frame
from ui.session import current_actor


@ui.page('/segments')
def segments_page(request: Request) -> None:
    with page_frame('Segments'):
        ItemsView(SEGMENTS, request.query_params.get('q', '')[:200]).build()


def _details(segment: Segment) -> None:
    ui.badge(KINDS.get(segment.kind, segment.kind), color='grey-3', text_color='grey-9').mark('segment-kind')
    ui.label(rule_of(segment)).classes('font-mono text-caption text-grey-8 ellipsis').mark('segment-rule')


def _open_form(segment: Segment | None, redraw: Callable[[], object]) -> None:
    """Create (``segment`` None) or edit one: name, what it is about, and its rule."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[28rem]').mark('segment-dialog'):
        ui.label('New segment' if segment is None else 'Edit segment').classes('text-h6')
        name = ui.input('Name', value=segment.name if segment else '') \
            .props('autofocus counter').classes('w-full').mark('segment-name')
        name.props['maxlength'] = NAME_MAX
        kind = ui.select(KINDS, label='About', value=segment.kind if segment else 'contact') \
            .classes('w-full').mark('segment-kind-select')
        rule = ui.textarea('Rule', value=rule_of(segment) if segment else '', placeholder='e.g. total_spent > 1000') \
            .props('counter autogrow').classes('w-full font-mono').mark('segment-rule-input')
        rule.props['maxlength'] = RULE_MAX

        async def save() -> None:
            if segment is None:
                outcome = await call(create_segment, current_actor(), name.value or '', kind.value, rule.value or '',
                                     done=lambda s: f'Segment "{s.name}" created')
            else:
                outcome = await call(update_segment, current_actor(), segment.id, name.value or '', kind.value,
                                     rule.value or '', done=lambda s: f'Segment "{s.name}" saved')
            if outcome.ok:
                redraw()
                dialog.close()

        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button('Save', on_click=save).mark('segment-save')
    dialog.open()


SEGMENTS = ItemKind(title='Segments', noun='segment', path='/segments', items=list_segments, users=segment_users,
                    delete=delete_segment, details=_details, open_form=_open_form)
