"""Wait durations typed in minutes, hours or days, stored in hours, bounded from one minute to 365 days."""

import json

import pytest

from model.access.gate import Actor
from model.common.errors import Invalid
from model.storage.schema import Node, Workflow
from model.workflows.catalogue import CATALOGUE, duration_words, in_unit, number_problem, to_hours
from model.workflows.editing import load_draft, save_draft
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.lifecycle import create_blank
from tests.factories import add_node, connect
from tests.test_cn_bad_input import changed

WAIT = CATALOGUE['wait'].settings[0]


@pytest.mark.parametrize(('amount', 'unit', 'hours'), [
    (1, 'minutes', 1 / 60), (90, 'minutes', 1.5), (2, 'hours', 2), (36, 'hours', 36), (3, 'days', 72),
    (365, 'days', 8760)])
def test_each_unit_is_stored_in_hours_and_read_back_in_the_largest_whole_unit(amount: int, unit: str,
                                                                              hours: float) -> None:
    assert to_hours(amount, unit) == pytest.approx(hours)
    assert in_unit(to_hours(amount, unit)) == (amount, unit)
    assert number_problem(WAIT, to_hours(amount, unit)) is None


def test_a_wait_of_0_minutes_or_over_a_year_is_refused_with_a_clear_message() -> None:
    assert number_problem(WAIT, to_hours(0, 'minutes')) == 'Duration is at least 1 minute'
    assert number_problem(WAIT, to_hours(366, 'days')) == 'Duration is at most 365 days'
    assert number_problem(WAIT, to_hours(8761, 'hours')) == 'Duration is at most 365 days'
    assert duration_words(1 / 60) == '1 minute'


def test_the_editor_saves_minutes_and_refuses_zero(actor: Actor) -> None:
    workflow = create_blank(actor, 'Quick nudge')
    _, draft = load_draft(actor, workflow.id)
    wait = add_node(draft, 'wait')
    connect(draft, 'start', 'next', wait)
    draft.nodes[wait].config['duration_hours'] = to_hours(0, 'minutes')
    with pytest.raises(Invalid, match='Duration is at least 1 minute'):
        save_draft(actor, workflow.id, workflow.version, draft)
    draft.nodes[wait].config['duration_hours'] = to_hours(45, 'minutes')
    save_draft(actor, workflow.id, workflow.version, draft)
    assert Node.get((Node.workflow == workflow.id) & (Node.kind == 'wait')).config == {'duration_hours': 0.75}


def test_cn_files_keep_their_hours_both_ways(actor: Actor) -> None:
    def with_wait(document: dict) -> None:
        nodes = document['workflows'][0]['nodes']
        nodes.insert(1, {'key': 'wait', 'kind': 'wait', 'config': {'duration_hours': 48}})
        document['workflows'][0]['connections'] = [{'source': 'start', 'output': 'next', 'target': 'wait'},
                                                   {'source': 'wait', 'output': 'next', 'target': 'email'}]
    (imported,) = import_workflows(actor, changed(with_wait)).workflows
    wait = Node.get((Node.workflow == imported.id) & (Node.kind == 'wait'))
    assert in_unit(wait.config['duration_hours']) == (2, 'days')
    exported = json.loads(export_workflows(actor, [imported.id]).data or b'{}')
    exported_wait = next(n for n in exported['workflows'][0]['nodes'] if n['kind'] == 'wait')
    assert exported_wait['config'] == {'duration_hours': 48}
    assert Workflow.select().count() == 1
