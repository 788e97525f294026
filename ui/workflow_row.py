"""One row of the Workflows list (docs/product.md §3 block 4): badges, incident count and the options for its state.

A row is one element (``workflow_row.js`` draws it): what it shows travels as one ``row`` prop, its clicks come
back as ``toggle`` (the checkbox), ``act`` (a button or a `More` item, by offer key) and ``drag``; a click names
the workflow the row showed. NiceGUI draws a page again in the browser for every update it sends, element by
element, so a row of one element instead of twenty makes every update of a 50-row page several times cheaper
(docs/decisions.md, "A row is one element"). Only a row whose ``row`` changed is sent; a row can be given
another workflow, so turning a page reuses the rows.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui
from nicegui.events import GenericEventArguments

from model.access.gate import Rights
from model.storage.schema import Workflow
from model.workflows.offers import Offer, offers
from ui.actions import WorkflowRef
from ui.format import STATE_COLORS, TYPE_COLORS, plural, state_label, type_label, when
from ui.workflow_status import state_note_of

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


class WorkflowRow(ui.element, component='workflow_row.js'):
    def __init__(self, handlers: RowHandlers) -> None:
        super().__init__()
        self.handlers = handlers
        self.ref = WorkflowRef(0, '', 0)
        self.offered: dict[str, Offer] = {}  # what the row's buttons and menu offer, by key
        self._props['row'] = {}
        self.on('toggle', self._toggle)
        self.on('act', self._act)
        self.on('drag', lambda: handlers.drag_start(self.ref.id))

    @property
    def shown(self) -> dict[str, Any]:
        """What the browser shows of this row (the ``row`` prop)."""
        return self._props['row']

    def show(self, workflow: Workflow, rank: int | None, selected: bool) -> None:
        """Bring the row up to date with ``workflow``; sent to the browser only when something differs."""
        self.ref = WorkflowRef.of(workflow)
        offered = offers(self.handlers.rights, workflow)
        self.offered = {offer.key: offer for offer in (*offered.row_buttons, *offered.menu)}
        self.mark('workflow-row', f'row-{workflow.id}')
        note = state_note_of(workflow)
        self._show({
            'id': workflow.id,
            'name': workflow.name,
            'href': f'/workflows/{workflow.id}',
            'copy': f'[{workflow.duplicate_number}]' if workflow.duplicate_number else '',
            'state': state_label(workflow.state),
            'state_color': STATE_COLORS[workflow.state],
            'type': type_label(workflow.workflow_type),
            'type_color': TYPE_COLORS[workflow.workflow_type],
            'errors': plural(workflow.error_count, 'error') if workflow.error_count else '',
            'errors_href': f'/workflows/{workflow.id}?incidents=1',
            'alerts': plural(workflow.alert_count, 'alert') if workflow.alert_count else '',
            'run_problem': workflow.run_problem or '',
            'folder': workflow.folder.name if workflow.folder_id and workflow.folder else 'No folder',
            'updated': f'Updated {when(workflow.updated_at)}',
            'rank': f'Execution order #{rank}' if rank is not None else '',
            'note': {'text': note.text, 'warning': note.warning} if note else None,
            'description': workflow.description or '',
            'buttons': [{'key': o.key, 'label': o.label, 'transition': o.is_transition} for o in offered.row_buttons],
            'menu': [{'key': o.key, 'label': o.label} for o in offered.menu],
            'selected': selected,
            'draggable': offered.can_move,
        })

    def show_selected(self, selected: bool) -> None:
        if self.shown.get('selected') != selected:
            self._show({**self.shown, 'selected': selected})

    def _show(self, row: dict[str, Any]) -> None:
        if row != self.shown:
            self._props['row'] = row  # a new dict: the browser redraws a row only when its prop is another one
            self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """The texts a person reads in the row, for ``user.should_see`` in page tests."""
        row = self.shown
        texts = [row.get(key) for key in ('name', 'copy', 'state', 'type', 'errors', 'alerts', 'folder', 'updated',
                                          'rank', 'description')]
        texts += [row['note']['text']] if row.get('note') else []
        texts += ['Skipped by the simulator'] if row.get('run_problem') else []
        return texts + [button['label'] for button in row.get('buttons', [])]

    def _toggle(self, event: GenericEventArguments) -> None:
        if not self._shows(event):
            return
        selected = bool(event.args.get('selected'))
        self.show_selected(selected)
        self.handlers.toggle(self.ref.id, selected)

    def _shows(self, event: GenericEventArguments) -> bool:
        """Whether a click was made on the workflow this row shows now: a row is given another workflow when the
        page turns, and a click sent just before that must not act on its successor."""
        return isinstance(event.args, dict) and event.args.get('id') == self.ref.id

    def _act(self, event: GenericEventArguments) -> Awaitable[None] | None:
        """A button or a menu item: acts on the workflow as the row shows it at click time (``self.ref``), if the
        row still offers it (a click can cross an update that took the offer away). An answer that must wait
        (a service call) is returned for NiceGUI to await; dialogs open at once."""
        offer = self.offered.get(str(event.args.get('key'))) if self._shows(event) else None
        if offer is None:
            return None
        handlers = self.handlers
        if offer.key in ('edit', 'open', 'live_view'):
            ui.navigate.to(f'/workflows/{self.ref.id}' + ('/live' if offer.key == 'live_view' else ''))
            return None
        if offer.is_transition:
            return handlers.transition(self.ref, offer.key)
        act: Handler = {'duplicate': handlers.duplicate, 'export': handlers.export, 'delete': handlers.delete,
                        'move': handlers.move}[offer.key]
        return act(self.ref)
