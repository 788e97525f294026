"""What a person is offered on a workflow, from its state and their rights: the row's buttons, its `More`
menu, the editor's state actions and which parts of the editor they may change.

The one place pages ask; they draw what it says and never restate state names or role checks. The rights
come from the gate (model/access/gate.py): a page reads them once per drawing (``rights(actor)``), this table
adds the state.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from model.access.gate import Action, Rights
from model.storage.schema import Workflow
from model.workflows.editing import editable_settings
from model.workflows.states import (
    ACTION_LABELS,
    DRAFT,
    EDITABLE_STATES,
    FINALIZED,
    PAUSED,
    STRUCTURE_EDITABLE_STATES,
    actions_from,
    offers_live_view,
)

ROW_TRANSITIONS = ('start', 'finalize', 'resume')  # buttons on the row; the other transitions go to `More`
LABELS = {'edit': 'Edit', 'open': 'Open', 'live_view': 'Live view', 'duplicate': 'Duplicate', 'export': 'Export',
          'delete': 'Delete', 'move': 'Move to folder', **ACTION_LABELS}


@dataclass(frozen=True)
class Offer:
    key: str  # a transition ('start', 'pause'…) or edit, open, live_view, duplicate, export, delete, move

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def is_transition(self) -> bool:
        return self.key in ACTION_LABELS


@dataclass(frozen=True)
class Offers:
    row_buttons: tuple[Offer, ...]
    menu: tuple[Offer, ...]  # the row's `More` menu, in order
    transitions: tuple[Offer, ...]  # the state actions the person may take (the editor's top bar)
    can_save: bool  # the editor stores changes
    structure_editable: bool  # nodes, connections, which content a node sends
    name_editable: bool  # the name and description: not structure, so started workflows may change them too
    texts_editable: bool  # content subjects and bodies
    can_delete: bool
    can_move: bool  # to another folder, by `Move to folder` or by dragging
    live_view: bool
    editing_state: str  # the state whose editing rules apply: a viewer's editor is read-only like a finalized one

    def editable_settings(self, kind: str) -> set[str]:
        """The settings of a node of ``kind`` the person may change (docs/product.md §2: drafts all, started
        only some)."""
        return editable_settings(self.editing_state, kind)


def offers(rights: Rights, workflow: Workflow) -> Offers:
    return _offers(rights.allows(Action.CHANGE), workflow.state, workflow.error_count > 0, bool(workflow.has_data))


@cache
def _offers(can_change: bool, state: str, has_errors: bool, has_data: bool) -> Offers:
    live_view = offers_live_view(state, has_data)
    editing_state = state if can_change else FINALIZED
    if not can_change:
        return Offers(row_buttons=(Offer('live_view'),) if live_view else (), menu=(Offer('open'), Offer('export')),
                      transitions=(), can_save=False, structure_editable=False, name_editable=False,
                      texts_editable=False,
                      can_delete=False, can_move=False, live_view=live_view, editing_state=editing_state)
    transitions = tuple(Offer(action) for action in actions_from(state))
    buttons = [Offer('edit')] if state == DRAFT else []
    buttons += [offer for offer in transitions
                if offer.key in ROW_TRANSITIONS and not (offer.key == 'start' and has_errors)]
    if live_view and state == FINALIZED:
        buttons.append(Offer('live_view'))
    menu = [Offer('edit')] if state in EDITABLE_STATES else []
    menu += [offer for offer in transitions if offer.key not in ROW_TRANSITIONS]
    if live_view and state != FINALIZED:
        menu.append(Offer('live_view'))
    menu += [Offer('duplicate'), Offer('export'), Offer('delete'), Offer('move')]
    return Offers(row_buttons=tuple(buttons), menu=tuple(menu), transitions=transitions,
                  can_save=state in EDITABLE_STATES, structure_editable=state in STRUCTURE_EDITABLE_STATES,
                  name_editable=state in EDITABLE_STATES,
                  texts_editable=state in EDITABLE_STATES, can_delete=True, can_move=True, live_view=live_view,
                  editing_state=editing_state)



def pending_pause_expiry(workflow: Workflow) -> datetime | None:
    """When a paused workflow will be finalized unless resumed (None for any other state)."""
    return workflow.pause_expires_at if workflow.state == PAUSED else None
