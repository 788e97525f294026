"""One row of the Workflows list (docs/product.md §3 block 4): badges, incident count and the options for its state.

A row is built once and then updated in place (:meth:`WorkflowRow.show`): texts and badges change with
``set_text``; only the buttons are redrawn, and only when what is offered changed. The `More` menu is built
when first opened: most rows' menus never are, and their items were a third of a page's elements.
A row can also be given another workflow, so turning a page reuses the rows already drawn.
"""

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from nicegui import ui

from model.access.gate import Rights
from model.common.clock import clock
from model.storage.schema import Workflow
from model.workflows.offers import Offer, offers, pending_pause_expiry
from ui.actions import WorkflowRef
from ui.format import STATE_COLORS, TYPE_COLORS, plural, state_label, type_label, when
from ui.workflow_status import state_note

Handler = Callable[..., Awaitable[None] | None]


@dataclass
class RowHandlers:
    toggle: Callable[[int, bool], None]
    transition: Callable[[WorkflowRef, str], Awaitable[None]]
    duplicate: Callable[[WorkflowRef], Awaitable[None]]
    delete: Callable[[WorkflowRef], None]
    drag_start: Callable[[int], None]
    move: Callable[[WorkflowRef], Awaitable[None] | None]
    export: Callable[[WorkflowRef], Awaitable[None] | None]
    rights: Rights  # what the rows offer follows the person's rights (model.workflows.offers)


class Part:
    """A small container drawn anew only when what it shows (its key) changed."""

    def __init__(self, container: ui.element) -> None:
        self.container = container
        self.key: Hashable = None

    def show(self, key: Hashable, draw: Callable[[], None]) -> None:
        if key == self.key:
            return
        self.key = key
        self.container.clear()
        with self.container:
            draw()


class WorkflowRow:
    def __init__(self, handlers: RowHandlers) -> None:
        self.handlers = handlers
        self.ref = WorkflowRef(0, '', 0)
        self.card = ui.card().tight().classes('workflow-row w-full q-px-md q-py-sm').props('flat bordered')
        self.card.on('dragstart', lambda: handlers.drag_start(self.ref.id))
        with self.card, ui.row().classes('row-main w-full items-center no-wrap gap-3'):
            self.checkbox = ui.checkbox(on_change=lambda e: handlers.toggle(self.ref.id, e.value)).props('dense')
            with ui.column().classes('row-text gap-0 grow min-w-0'):
                with ui.row().classes('row-head items-center gap-2'):
                    self.name = ui.link().classes('row-name text-body1 text-weight-medium ellipsis').mark('row-name')
                    self.duplicate = ui.badge(color='grey-4', text_color='grey-9').mark('duplicate-badge')
                    self.state = ui.badge().mark('state-badge')
                    self.type = ui.badge().props('outline').mark('type-badge')
                    self.errors = ui.link().classes('text-negative text-caption').mark('incident-count')
                    self.errors.props['title'] = 'Open the editor to fix them'
                    self.alerts = ui.label().classes('text-orange-9 text-caption').mark('alert-count')
                    self.run_problem = Part(ui.element('span'))
                with ui.row().classes('items-center gap-3 text-caption text-grey-7'):
                    self.folder = ui.label().classes('row-folder')
                    self.updated = ui.label()
                    self.rank = ui.label().mark('priority-position')
                    self.note = Part(ui.element('span'))  # when a pause runs out, why it was finalized
                    self.description = ui.label().classes('ellipsis').style('max-width: 28rem')
            self.actions = Part(ui.row().classes('row-actions items-center no-wrap gap-1'))

    def show(self, workflow: Workflow, rank: int | None, selected: bool) -> None:
        """Bring the row up to date with ``workflow``; only what differs is sent to the browser."""
        self.ref = WorkflowRef.of(workflow)
        offered = offers(self.handlers.rights, workflow)
        self.card.mark(f'row-{workflow.id}')
        self.checkbox.mark(f'select-{workflow.id}')
        self.checkbox.set_value(selected)
        if offered.can_move and self.card.props.get('draggable') != 'true':
            self.card.props('draggable=true')
        self.name.set_text(workflow.name)
        _set_href(self.name, f'/workflows/{workflow.id}')
        _show_text(self.duplicate, f'[{workflow.duplicate_number}]' if workflow.duplicate_number else '')
        self.state.set_text(state_label(workflow.state))
        self.state.set_background_color(STATE_COLORS[workflow.state])
        self.type.set_text(type_label(workflow.workflow_type))
        self.type.set_background_color(TYPE_COLORS[workflow.workflow_type])
        _show_text(self.errors, plural(workflow.error_count, 'error') if workflow.error_count else '')
        _set_href(self.errors, f'/workflows/{workflow.id}?incidents=1')
        _show_text(self.alerts, plural(workflow.alert_count, 'alert') if workflow.alert_count else '')
        self.run_problem.show(workflow.run_problem, lambda: _run_problem(workflow.run_problem))
        self.folder.set_text(workflow.folder.name if workflow.folder_id and workflow.folder else 'No folder')
        self.updated.set_text(f'Updated {when(workflow.updated_at)}')
        _show_text(self.rank, f'Execution order #{rank}' if rank is not None else '')
        expiry = pending_pause_expiry(workflow)
        days_left = expiry and (expiry - clock.now(workflow.account_id)).days
        self.note.show((workflow.state, expiry, days_left, workflow.finalized_reason, workflow.finalized_at,
                        workflow.finalized_by_id), lambda: state_note(workflow))
        _show_text(self.description, workflow.description or '')
        self.actions.show((workflow.id, offered), lambda: self._actions(workflow.id, offered.row_buttons,
                                                                         offered.menu))

    def _actions(self, workflow_id: int, buttons: tuple[Offer, ...], menu: tuple[Offer, ...]) -> None:
        for offer in buttons:
            button = ui.button(offer.label, on_click=self._handler(offer))
            if offer.is_transition:
                button.props('unelevated dense').classes('q-px-sm').mark(f'{offer.key}-{workflow_id}')
            else:
                button.props('flat dense')
        more = ui.button('More', icon='expand_more').props('flat dense').mark(f'more-{workflow_id}')
        more.on_click(lambda: self._open_menu(more, menu))

    def _open_menu(self, more: ui.button, menu: tuple[Offer, ...]) -> None:
        """Build the menu on the first click and open it; later clicks toggle it in the browser (Quasar)."""
        if any(isinstance(child, ui.menu) for child in more.default_slot.children):
            return
        with more, ui.menu() as opened:
            for offer in menu:
                ui.menu_item(offer.label, on_click=self._handler(offer))
        opened.open()

    def _handler(self, offer: Offer) -> Handler:
        """What a click does; it acts on the workflow as the row shows it at click time (``self.ref``)."""
        handlers = self.handlers
        if offer.is_transition:
            return lambda: handlers.transition(self.ref, offer.key)
        if offer.key in ('edit', 'open'):
            return lambda: ui.navigate.to(f'/workflows/{self.ref.id}')
        if offer.key == 'live_view':
            return lambda: ui.navigate.to(f'/workflows/{self.ref.id}/live')
        act = {'duplicate': handlers.duplicate, 'export': handlers.export, 'delete': handlers.delete,
               'move': handlers.move}[offer.key]
        return lambda: act(self.ref)


def _show_text(element: ui.label | ui.link | ui.badge, text: str) -> None:
    """An optional part of the row: shown with its text, or hidden (and empty) when there is nothing to say."""
    element.set_text(text)
    element.set_visibility(bool(text))


def _run_problem(problem: str | None) -> None:
    if problem:
        ui.label('Skipped by the simulator').classes('text-orange-9 text-caption').mark('run-problem') \
            .tooltip(problem)


def _set_href(link: ui.link, href: str) -> None:
    if link.props.get('href') != href:
        link.props['href'] = href
        link.update()
