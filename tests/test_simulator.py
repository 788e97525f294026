"""The traffic simulator with a fixed seed and a frozen clock (docs/product.md §10)."""

from datetime import date, timedelta

import pytest

from model.access.gate import Actor
from model.common.clock import clock
from model.common.errors import Invalid
from model.storage.schema import Content, Journey, NodeStat, Workflow
from model.traffic.demo_traffic import seed_contacts
from model.traffic.simulator import Simulator
from model.traffic.statistics import live_figures
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import apply_action, new_workflow


def flow(actor: Actor, name: str, trigger: str = 'cart_abandonment', wait_hours: int | None = 2) -> Workflow:
    """Start → trigger → (wait) → send email, started."""
    workflow = new_workflow(actor.account_id, name)
    content = Content.create(workflow=workflow, channel='email', name='Mail', subject='Hi', body='Body').id
    after_trigger = 'wait' if wait_hours is not None else 'email'
    specs = [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'existing and new'},
                      {'next': 'trigger'}),
             NodeSpec('trigger', trigger, {}, {'next': after_trigger}),
             NodeSpec('email', 'send_email', {'content': content})]
    if wait_hours is not None:
        specs.insert(2, NodeSpec('wait', 'wait', {'duration_hours': wait_hours}, {'next': 'email'}))
    build_nodes(workflow, specs)
    refresh_derived(workflow)
    return apply_action(actor, workflow.id, 'start', Workflow.get_by_id(workflow.id).version)


def totals(workflow: Workflow, counter: str) -> dict[str, int]:
    result: dict[str, int] = {}
    for row in NodeStat.select().where(NodeStat.workflow == workflow.id):
        result[row.node_key] = result.get(row.node_key, 0) + getattr(row, counter)
    return result


@pytest.fixture
def population(actor: Actor) -> Actor:
    seed_contacts(actor.account_id, count=300, seed=3)
    return actor


def test_waits_hold_contacts_until_their_time(population: Actor) -> None:
    cart = flow(population, 'Cart')
    simulator = Simulator(seed=1, events_per_tick=120)
    simulator.tick()
    waiting = Journey.select().where(Journey.workflow == cart.id).count()
    assert waiting > 0
    assert totals(cart, 'sent').get('email', 0) == 0
    clock.advance(timedelta(hours=1))
    Simulator(seed=2, events_per_tick=0).tick()
    assert totals(cart, 'sent').get('email', 0) == 0
    clock.advance(timedelta(hours=1, seconds=1))
    Simulator(seed=3, events_per_tick=0).tick()
    assert totals(cart, 'sent')['email'] == waiting
    assert Journey.select().where(Journey.workflow == cart.id).count() == 0


def test_counts_add_up_per_node(population: Actor) -> None:
    cart = flow(population, 'Cart')
    simulator = Simulator(seed=4, events_per_tick=150)
    for _ in range(4):
        simulator.tick()
        clock.advance(timedelta(hours=1))
    figures = live_figures(population, cart.id, None)
    for key, counts in figures.per_node.items():
        assert counts['entered'] == figures.waiting.get(key, 0) + counts['completed'] + counts['exited']
    assert figures.totals['entered'] == figures.per_node['trigger']['entered'] > 0
    assert Workflow.get_by_id(cart.id).has_data


def test_paused_workflows_admit_no_one_and_hold_their_contacts(population: Actor) -> None:
    cart = flow(population, 'Cart')
    Simulator(seed=5, events_per_tick=150).tick()
    entered, waiting = totals(cart, 'entered')['start'], Journey.select().where(Journey.workflow == cart.id).count()
    apply_action(population, cart.id, 'pause', Workflow.get_by_id(cart.id).version)
    clock.advance(timedelta(hours=5))
    Simulator(seed=6, events_per_tick=150).tick()
    assert totals(cart, 'entered')['start'] == entered
    assert Journey.select().where(Journey.workflow == cart.id).count() == waiting
    apply_action(population, cart.id, 'resume', Workflow.get_by_id(cart.id).version)
    Simulator(seed=7, events_per_tick=0).tick()
    assert totals(cart, 'sent')['email'] == waiting  # the held contacts go on once resumed


def test_finalized_workflows_admit_no_one_and_let_nobody_continue(population: Actor) -> None:
    cart = flow(population, 'Cart')
    Simulator(seed=8, events_per_tick=150).tick()
    before = totals(cart, 'entered')
    apply_action(population, cart.id, 'finalize', Workflow.get_by_id(cart.id).version)
    clock.advance(timedelta(hours=5))
    Simulator(seed=9, events_per_tick=150).tick()
    assert totals(cart, 'entered') == before
    assert totals(cart, 'sent').get('email', 0) == 0


def test_the_lowest_placed_workflow_sends_and_the_others_count_an_override(population: Actor) -> None:
    earlier = flow(population, 'Earlier', trigger='purchase', wait_hours=None)
    later = flow(population, 'Later', trigger='purchase', wait_hours=None)
    assert (earlier.priority_position, later.priority_position) == (1, 2)
    simulator = Simulator(seed=10, events_per_tick=200)
    for _ in range(3):
        simulator.tick()
    assert totals(earlier, 'overridden').get('email', 0) > 0
    assert totals(later, 'overridden').get('email', 0) == 0
    assert totals(later, 'sent')['email'] > totals(earlier, 'sent').get('email', 0)


def test_a_custom_range_counts_only_its_days_and_a_wrong_range_is_refused(actor: Actor) -> None:
    workflow = new_workflow(actor.account_id, 'Ranged')
    for day, entered in ((date(2026, 11, 1), 5), (date(2026, 11, 10), 7), (date(2026, 11, 20), 11)):
        NodeStat.create(workflow=workflow, node_key='start', day=day, entered=entered, sent=entered)
    figures = live_figures(actor, workflow.id, None, between=(date(2026, 11, 10), date(2026, 11, 20)))
    assert figures.totals['entered'] == 18
    assert (figures.days[0], figures.days[-1], len(figures.days)) == (date(2026, 11, 10), date(2026, 11, 20), 11)
    assert (figures.series['sent'][0], figures.series['sent'][-1], sum(figures.series['sent'])) == (7, 11, 18)
    with pytest.raises(Invalid, match='before it starts'):
        live_figures(actor, workflow.id, None, between=(date(2026, 11, 20), date(2026, 11, 10)))
    with pytest.raises(Invalid, match='at most 1,096 days'):
        live_figures(actor, workflow.id, None, between=(date(2023, 1, 1), date(2026, 11, 20)))
