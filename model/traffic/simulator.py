"""The traffic simulator (docs/product.md §10): synthetic contacts and events run through the active workflows.

Each :meth:`Simulator.tick` draws a batch of events, admits contacts whose event matches a workflow's
trigger (or, for mass actions, every eligible contact once), walks them node by node — waits on the
application clock, conditions on the contact or by a stated rate, splits by percentage — and resolves
sends with the execution order: when several workflows would send on one channel to one contact for
one event, only the lowest-placed one sends and the others count it as overridden. Paused workflows
admit no one and hold their contacts; finalized ones neither admit nor move anyone.

A workflow that cannot be simulated (a contact takes more than :data:`MAX_STEPS_PER_CONTACT` steps in one
tick, a wait beyond the bounds, any error) is isolated: logged, its figures of this tick dropped, marked
with a ``run_problem`` the list shows as an alert, and skipped until it is saved again; the others count on.
"""

import logging
import operator
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial, reduce

from peewee import EXCLUDED, chunked

from model.common import events
from model.common.clock import clock
from model.storage.db import db
from model.storage.schema import Connection, Contact, Journey, Node, NodeStat, Segment, Workflow, kept
from model.traffic.statistics import Tally, flush
from model.workflows.catalogue import CATALOGUE, MAX_WAIT_HOURS
from model.workflows.states import ACTIVE

EVENT_WEIGHTS = {'page_visit': 30, 'cart_abandonment': 15, 'purchase': 12, 'form_submitted': 10, 'email_opened': 10,
                 'email_clicked': 6, 'enter_segment': 8, 'leave_segment': 4, 'custom_integration': 5}
OPEN_RATE, CLICK_RATE, CONVERSION_RATE, CONDITION_RATE = 0.45, 0.3, 0.2, 0.5
REVENUE = (20.0, 180.0)
CHANNELS = {'send_email': 'email', 'send_sms': 'sms', 'send_web_content': 'web'}
MAX_STEPS_PER_CONTACT = 200  # in one tick; a loop without a Wait would otherwise never end
log = logging.getLogger('workflows_area')


class CannotSimulate(Exception):
    """This workflow cannot be run as it is; the message says why, for the person who owns it."""


@dataclass
class Flow:
    """One active workflow's structure, read once per tick."""

    workflow: Workflow
    nodes: dict[str, tuple[str, dict]]
    outgoing: dict[str, dict[str, str]]

    @property
    def first_steps(self) -> list[str]:
        return list(self.outgoing.get('start', {}).values())


@dataclass
class TickReport:
    events: int = 0
    steps: int = 0
    admitted: int = 0
    sends: int = 0
    overridden: int = 0


@dataclass
class _Tick:
    now: datetime  # the time of an account whose clock was never moved; each account runs on its own clock
    tally: Tally = field(default_factory=Tally)
    report: TickReport = field(default_factory=TickReport)
    pending_sends: dict[tuple[int, str, str], list[tuple[int, int, str]]] = field(
        default_factory=lambda: defaultdict(list))
    waits: dict[tuple[int, int], tuple[str, datetime | None]] = field(default_factory=dict)  # (wf, contact) → where
    ended: set[tuple[int, int]] = field(default_factory=set)
    failed: dict[int, str] = field(default_factory=dict)  # workflow id → why it was skipped this tick

    def now_of(self, account_id: int) -> datetime:
        return self.now + clock.account_offset(account_id)

    def isolate(self, workflow_id: int, error: Exception) -> None:
        """Forget what this workflow did in this tick and note why, so the others' figures still count."""
        if isinstance(error, CannotSimulate):
            reason = str(error)
            log.warning('Simulator skips workflow %s: %s', workflow_id, reason)
        else:
            reason = f'The simulator failed on this workflow ({type(error).__name__}); it is skipped until saved again'
            log.exception('Simulator skips workflow %s', workflow_id)
        self.failed[workflow_id] = reason[:255]
        for key in [key for key in self.tally.counts if key[0] == workflow_id]:
            del self.tally.counts[key]
        for senders in self.pending_sends.values():
            senders[:] = [sender for sender in senders if sender[1] != workflow_id]
        for pair in [pair for pair in self.waits if pair[0] == workflow_id]:
            del self.waits[pair]
        self.ended = {pair for pair in self.ended if pair[0] != workflow_id}


class Simulator:
    def __init__(self, seed: int | None = None, events_per_tick: int = 40) -> None:
        self.rng = random.Random(seed)
        self.events_per_tick = events_per_tick

    def tick(self, now: datetime | None = None) -> TickReport:
        state = _Tick(now or clock.now())
        with db.atomic():
            flows = _active_flows()
            accounts = {flow.workflow.id: flow.workflow.account_id for flow in flows}
            state.tally.day_of = lambda workflow_id: state.now_of(accounts[workflow_id]).date()
            if flows:
                contacts = {c.id: c for c in Contact.select().where(
                    Contact.account.in_({f.workflow.account_id for f in flows}))}
                self._admit_mass(state, flows, contacts)
                self._admit_events(state, flows, contacts)
                self._wake(state, flows, contacts)
                self._resolve_sends(state)
                _store_journeys(state)
                flush(state.tally)
                _mark_skipped(state.failed)
        if state.failed:
            for account_id, ids in _by_account(flows, state.failed).items():
                events.announce(events.ChangeKind.UPDATED, account_id, ids)
        for account_id, ids in _by_account(flows, {flow.workflow.id for flow in flows}).items():
            events.announce(events.ChangeKind.STATISTICS, account_id, ids)  # Live view pages follow these
        return state.report

    def _guarded(self, state: _Tick, flow: Flow, step: Callable[[], None]) -> None:
        """Run one workflow's part of the tick; a failure isolates that workflow only."""
        if flow.workflow.id in state.failed:
            return
        try:
            step()
        except Exception as error:  # any failure of one workflow must not stop the others
            state.isolate(flow.workflow.id, error)

    def _admit_events(self, state: _Tick, flows: list[Flow], contacts: dict[int, Contact]) -> None:
        by_account: dict[int, list[Contact]] = defaultdict(list)
        for contact in contacts.values():
            by_account[contact.account_id].append(contact)
        segments = {a: [s.id for s in Segment.select(Segment.id).where(Segment.account == a)] for a in by_account}
        kinds, weights = zip(*EVENT_WEIGHTS.items(), strict=True)
        for number in range(self.events_per_tick):
            account = self.rng.choice(list(by_account))
            contact = self.rng.choice(by_account[account])
            kind = self.rng.choices(kinds, weights)[0]
            detail = self.rng.choice(segments[account]) if kind in ('enter_segment', 'leave_segment') and segments[
                account] else None
            event = f'{kind}:{number}'
            state.report.events += 1
            for flow in flows:
                if flow.workflow.account_id != account or not _eligible(flow, contact):
                    continue
                for step in flow.first_steps:
                    step_kind, config = flow.nodes[step]
                    if step_kind == kind and self._matches(config, detail) and not self._journeying(flow, contact):
                        self._guarded(state, flow, partial(self._admit, state, flow, contact, [step], event))

    def _admit_mass(self, state: _Tick, flows: list[Flow], contacts: dict[int, Contact]) -> None:
        """A workflow whose first steps are no triggers takes every eligible contact, once."""
        for flow in flows:
            if any(CATALOGUE[flow.nodes[s][0]].is_trigger for s in flow.first_steps) or not flow.first_steps:
                continue
            if NodeStat.select().where((NodeStat.workflow == flow.workflow.id) & (NodeStat.node_key == 'start')) \
                    .exists():
                continue
            for contact in contacts.values():
                if contact.account_id == flow.workflow.account_id and _eligible(flow, contact):
                    self._guarded(state, flow, partial(self._admit, state, flow, contact, flow.first_steps,
                                                       f'mass:{flow.workflow.id}'))

    def _wake(self, state: _Tick, flows: list[Flow], contacts: dict[int, Contact]) -> None:
        by_id = {f.workflow.id: f for f in flows}
        by_time: dict[datetime, list[int]] = defaultdict(list)
        for flow in flows:
            by_time[state.now_of(flow.workflow.account_id)].append(flow.workflow.id)
        due = Journey.select().where(reduce(operator.or_, (Journey.workflow.in_(ids) & (Journey.wake_at <= moment)
                                                           for moment, ids in by_time.items())))
        for journey in due:
            flow, contact = by_id[journey.workflow_id], contacts.get(journey.contact_id)
            if contact is None or journey.at not in flow.nodes:
                continue
            self._guarded(state, flow, partial(self._wake_one, state, flow, contact, journey))

    def _wake_one(self, state: _Tick, flow: Flow, contact: Contact, journey: Journey) -> None:
        state.tally.add(flow.workflow.id, journey.at, 'completed')
        state.ended.add((flow.workflow.id, contact.id))
        following = flow.outgoing.get(journey.at, {}).get('next')
        if following:
            self._walk(state, flow, contact, following, f'wake:{journey.id}')

    def _admit(self, state: _Tick, flow: Flow, contact: Contact, steps: list[str], event: str) -> None:
        self._enter(state, flow, contact, event)
        for step in steps:
            self._walk(state, flow, contact, step, event)

    def _enter(self, state: _Tick, flow: Flow, contact: Contact, event: str) -> None:
        state.report.admitted += 1
        for counter in ('entered', 'completed'):
            state.tally.add(flow.workflow.id, 'start', counter)

    def _walk(self, state: _Tick, flow: Flow, contact: Contact, key: str | None, event: str) -> None:
        """Move the contact from node ``key`` on until it waits, ends, or reaches an unconnected output."""
        workflow_id = flow.workflow.id
        steps = 0
        while key is not None:
            steps += 1
            if steps > MAX_STEPS_PER_CONTACT:
                raise CannotSimulate(f'A contact took more than {MAX_STEPS_PER_CONTACT} steps at once: the workflow '
                                     'loops without a Wait; it is skipped until saved again')
            kind, config = flow.nodes[key]
            state.report.steps += 1
            state.tally.add(workflow_id, key, 'entered')
            if kind == 'wait':
                wake_at = state.now_of(flow.workflow.account_id) + _wait_duration(config)
                state.waits[(workflow_id, contact.id)] = (key, wake_at)
                state.ended.discard((workflow_id, contact.id))
                return
            output = self._output(kind, config, contact)
            if kind in CHANNELS:
                state.pending_sends[(contact.id, CHANNELS[kind], event)].append(
                    (flow.workflow.priority_position or 0, workflow_id, key))
            following = flow.outgoing.get(key, {}).get(output)
            if following is None and output != 'next' and flow.outgoing.get(key):
                state.tally.add(workflow_id, key, 'exited')
            else:
                state.tally.add(workflow_id, key, 'completed')
            key = following
        state.waits.pop((workflow_id, contact.id), None)
        state.ended.add((workflow_id, contact.id))

    def _output(self, kind: str, config: dict, contact: Contact) -> str:
        outputs = CATALOGUE[kind].outputs
        if outputs == 'yes_no':
            return 'yes' if self._condition(kind, config, contact) else 'no'
        if outputs == 'branches':
            weights = config.get('percentages') or [50, 50]
            return str(self.rng.choices(range(1, len(weights) + 1), weights)[0])
        return 'next'

    def _condition(self, kind: str, config: dict, contact: Contact) -> bool:
        if kind == 'in_segment':
            return config.get('segment') in contact.segments
        if kind == 'has_field':
            return str(config.get('field')) in contact.fields
        if kind == 'check_value':
            value = contact.fields.get(str(config.get('field')))
            return value is not None and _compare(value, config.get('operator', 'equals'), config.get('value'))
        return self.rng.random() < CONDITION_RATE  # has received / opened email: a stated rate

    def _matches(self, config: dict, detail: int | None) -> bool:
        if 'segment' in config:
            return config['segment'] == detail
        return self.rng.random() < 0.6  # URL, product, form or event name: most events fit

    def _journeying(self, flow: Flow, contact: Contact) -> bool:
        return Journey.select().where((Journey.workflow == flow.workflow.id) & (Journey.contact == contact.id)) \
            .exists()

    def _resolve_sends(self, state: _Tick) -> None:
        for senders in state.pending_sends.values():
            senders.sort()
            *overridden, (_, workflow_id, key) = senders
            for _, other_id, other_key in overridden:
                state.tally.add(other_id, other_key, 'overridden')
                state.report.overridden += 1
            state.tally.add(workflow_id, key, 'sent')
            state.report.sends += 1
            if self.rng.random() < OPEN_RATE:
                state.tally.add(workflow_id, key, 'opened')
                if self.rng.random() < CLICK_RATE:
                    state.tally.add(workflow_id, key, 'clicked')
                    if self.rng.random() < CONVERSION_RATE:
                        state.tally.add(workflow_id, key, 'conversions')
                        state.tally.add(workflow_id, key, 'revenue', round(self.rng.uniform(*REVENUE), 2))


def _wait_duration(config: dict) -> timedelta:
    hours = config.get('duration_hours') or 0
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 <= hours <= MAX_WAIT_HOURS:
        raise CannotSimulate(f'A Wait of {str(hours)[:20]} hours is outside 0 to {MAX_WAIT_HOURS} (365 days): '
                             'set a shorter one and save')
    return timedelta(hours=hours)


def _mark_skipped(failed: dict[int, str]) -> None:
    for workflow_id, reason in failed.items():
        Workflow.update(run_problem=reason).where(Workflow.id == workflow_id).execute()


def _by_account(flows: list[Flow], ids: Iterable[int]) -> dict[int, list[int]]:
    accounts = {f.workflow.id: f.workflow.account_id for f in flows}
    grouped: dict[int, list[int]] = defaultdict(list)
    for workflow_id in ids:
        grouped[accounts[workflow_id]].append(workflow_id)
    return grouped


def _active_flows() -> list[Flow]:
    workflows = list(Workflow
                     .select()
                     .where((Workflow.state == ACTIVE) & Workflow.run_problem.is_null() & kept())
                     .order_by(Workflow.priority_position))
    ids = [w.id for w in workflows]
    nodes: dict[int, dict[str, tuple[str, dict]]] = defaultdict(dict)
    keys = {}
    for node in Node.select().where(Node.workflow.in_(ids)):
        nodes[node.workflow_id][node.key] = (node.kind, node.config)
        keys[node.id] = node.key
    outgoing: dict[int, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for connection in Connection.select().where(Connection.workflow.in_(ids)):
        outgoing[connection.workflow_id][keys[connection.source_id]][connection.output] = keys[connection.target_id]
    return [Flow(w, nodes[w.id], outgoing[w.id]) for w in workflows]


def _eligible(flow: Flow, contact: Contact) -> bool:
    config = flow.nodes.get('start', ('start', {}))[1]
    source = config.get('data_source', 'existing')
    if (source == 'existing' and contact.is_new) or (source == 'new' and not contact.is_new):
        return False
    return {
        'with email': contact.has_email, 'without email': not contact.has_email, 'with phone': contact.has_phone,
        'subscribed to push': contact.has_push, 'belonging to segment': config.get('segment') in contact.segments,
    }.get(config.get('selection', 'all contacts'), True)


def _compare(value: object, operator: str, expected: object) -> bool:
    try:
        left, right = float(value), float(expected)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        left, right = str(value), str(expected)  # type: ignore[assignment]
    return {'equals': left == right, 'not equals': left != right, 'greater than': left > right,
            'less than': left < right, 'contains': str(expected) in str(value)}[operator]


def _store_journeys(state: _Tick) -> None:
    """Write where contacts wait and forget those who finished, in batches."""
    for workflow_id, contact_id in state.ended - set(state.waits):
        Journey.delete().where((Journey.workflow == workflow_id) & (Journey.contact == contact_id)).execute()
    rows = [{'workflow': w, 'contact': c, 'at': key, 'wake_at': wake} for (w, c), (key, wake) in state.waits.items()]
    for chunk in chunked(rows, 500):
        (Journey
         .insert_many(chunk)
         .on_conflict(conflict_target=[Journey.workflow, Journey.contact],
                      update={Journey.at: EXCLUDED.at, Journey.wake_at: EXCLUDED.wake_at})
         .execute())
