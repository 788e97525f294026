"""What a person is offered on a workflow, for every state and role (model/workflows/offers.py)."""

from types import SimpleNamespace

import pytest

from model.access.gate import Rights
from model.workflows.offers import offers, pending_pause_expiry
from tests.conftest import FROZEN_NOW


def workflow(state: str, errors: int = 0, has_data: bool = False) -> SimpleNamespace:
    return SimpleNamespace(state=state, error_count=errors, has_data=has_data, pause_expires_at=FROZEN_NOW)


def keys(offered) -> list[str]:
    return [offer.key for offer in offered]


EDITOR = Rights.of('editor')  # as the gate reads them for an editor
VIEWER = Rights.of('viewer')


@pytest.mark.parametrize(('state', 'errors', 'has_data', 'buttons', 'menu'), [
    ('draft', 0, False, ['edit', 'start'], ['edit', 'duplicate', 'export', 'delete', 'move']),
    ('draft', 2, False, ['edit'], ['edit', 'duplicate', 'export', 'delete', 'move']),
    ('active', 0, True, ['finalize'], ['edit', 'pause', 'live_view', 'duplicate', 'export', 'delete', 'move']),
    ('paused', 0, True, ['resume'], ['edit', 'live_view', 'duplicate', 'export', 'delete', 'move']),
    ('finalized', 0, True, ['live_view'], ['duplicate', 'export', 'delete', 'move']),
    ('finalized', 0, False, [], ['duplicate', 'export', 'delete', 'move']),
])
def test_an_editor_gets_the_row_and_menu_of_each_state(state: str, errors: int, has_data: bool, buttons: list[str],
                                                        menu: list[str]) -> None:
    offered = offers(EDITOR, workflow(state, errors, has_data))  # type: ignore[arg-type]
    assert (keys(offered.row_buttons), keys(offered.menu)) == (buttons, menu)
    assert offered.can_delete and offered.can_move


@pytest.mark.parametrize(('state', 'transitions', 'save', 'structure', 'texts'), [
    ('draft', ['start'], True, True, True),
    ('active', ['pause', 'finalize'], True, False, True),
    ('paused', ['resume'], True, False, True),
    ('finalized', [], False, False, False),
])
def test_the_editor_opens_what_the_state_allows(state: str, transitions: list[str], save: bool, structure: bool,
                                                texts: bool) -> None:
    offered = offers(EDITOR, workflow(state, errors=1))  # type: ignore[arg-type]
    assert keys(offered.transitions) == transitions  # start stays offered: the editor disables it while errors remain
    assert (offered.can_save, offered.structure_editable, offered.texts_editable) == (save, structure, texts)
    assert offered.name_editable == save  # the name and description are not structure: renamed after start too


def test_only_some_settings_stay_editable_after_start() -> None:
    draft, active = (offers(EDITOR, workflow(state)) for state in ('draft', 'active'))  # type: ignore[arg-type]
    assert draft.editable_settings('wait') == active.editable_settings('wait') == {'duration_hours'}
    assert draft.editable_settings('enter_segment') == {'segment'}
    assert active.editable_settings('enter_segment') == set()


@pytest.mark.parametrize('state', ['draft', 'active', 'paused', 'finalized'])
def test_a_viewer_opens_exports_and_looks_only(state: str) -> None:
    offered = offers(VIEWER, workflow(state, has_data=True))  # type: ignore[arg-type]
    assert keys(offered.menu) == ['open', 'export']
    assert keys(offered.row_buttons) == ([] if state == 'draft' else ['live_view'])
    assert offered.transitions == ()
    assert not (offered.can_save or offered.structure_editable or offered.texts_editable or offered.can_delete
                or offered.can_move or offered.name_editable)
    assert offered.editable_settings('wait') == set()


def test_only_a_paused_workflow_shows_its_pause_expiry() -> None:
    assert pending_pause_expiry(workflow('paused')) == FROZEN_NOW  # type: ignore[arg-type]
    assert pending_pause_expiry(workflow('finalized')) is None  # type: ignore[arg-type]
