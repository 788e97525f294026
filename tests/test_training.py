"""Training (docs/product.md §14): `Reset demo`, trainee accounts, the movable clock and the simulator's controls."""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from peewee import fn

from model.access.gate import Actor
from model.access.people import accounts_of, actor_for, create_account_with_admin, first_account_of
from model.access.signin import sign_in
from model.common.clock import add_calendar_months, clock
from model.common.errors import Forbidden, Invalid, NotFound, Refused
from model.jobs import site_settings as app_settings
from model.jobs import training
from model.jobs.demo import DEMO_ADMIN_EMAIL, seed_account_data
from model.jobs.site_settings import (
    advance_clock,
    back_to_real_time,
    set_simulator,
    simulator_settings,
    stored_clock_offsets,
    tick_when_on,
)
from model.jobs.startup import open_database
from model.jobs.training import (
    create_trainee_accounts,
    remove_trainee_accounts,
    reset_demo,
    reset_demo_command,
    trainee_accounts,
)
from model.storage.leases import hold, real_now
from model.storage.operations import OperationError
from model.storage.schema import (
    Account,
    Activity,
    Folder,
    Lease,
    Membership,
    Node,
    NodeStat,
    Person,
    Workflow,
)
from model.traffic.simulator import Simulator
from model.workflows.bulk import BulkResult, BulkRun, run_in_batches
from model.workflows.lifecycle import apply_action, create_blank, delete_many, get_workflow
from model.workflows.listing import ListQuery, list_workflows
from model.workflows.states import FINALIZED, PAUSED
from tests.account_snapshot import account_snapshot
from tests.conftest import FROZEN_NOW
from tests.factories import join, reload, startable

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo(demo_database: tuple[str, Actor]) -> Actor:
    return demo_database[1]


@pytest.fixture
def database_url(demo_database: tuple[str, Actor]) -> str:
    return demo_database[0]


def people_snapshot() -> list[tuple]:
    return [(p.email, p.display_name, p.password_hash) for p in Person.select().order_by(Person.id)] + \
        [(m.person_id, m.account_id, m.role) for m in Membership.select().order_by(Membership.id)]


def other_account() -> Actor:
    other = create_account_with_admin('Other shop', 'owner@other.example', 'Owner', 'other-password')
    startable(other, 'Their own workflow')
    return other


def test_the_demo_is_worth_showing(demo: Actor) -> None:
    workflows = list(Workflow.select())
    assert len(workflows) >= 40
    depth = {f.id: 1 + (depth_of(f.parent_id) if f.parent_id else 0) for f in Folder.select()}
    assert max(depth.values()) == 3
    assert {w.origin for w in workflows} == {'template', 'blank'}
    assert any(w.error_count for w in workflows)
    assert Node.select().where(Node.kind == 'custom_integration').count() >= 3
    assert NodeStat.select(fn.MIN(NodeStat.day)).scalar() <= (FROZEN_NOW - timedelta(days=89)).date()


def depth_of(folder_id: int) -> int:
    parent = Folder.get_by_id(folder_id).parent_id
    return 1 + (depth_of(parent) if parent else 0)


# Reset demo


def test_reset_restores_exactly_the_seeded_state_and_nothing_else(demo: Actor) -> None:
    seeded = account_snapshot(demo.account_id)
    other = other_account()
    join(demo, 'colleague@example.com', 'Colleague', 'editor')
    create_blank(other, 'Their draft')
    people, theirs, their_log = people_snapshot(), account_snapshot(other.account_id), activity_of(other)
    first, *rest = list(Workflow.select().where(Workflow.account == demo.account_id).order_by(Workflow.id))
    delete_many(demo, [first.id])
    ready = next(w for w in rest if w.state == 'draft' and not w.error_count)
    apply_action(demo, ready.id, 'start', ready.version)
    create_blank(demo, 'Made during the course')
    assert account_snapshot(demo.account_id) != seeded

    reset_demo(demo)

    assert account_snapshot(demo.account_id) == seeded
    assert activity_of(demo) == [('demo reset', demo.person_id)]  # the old lines named workflows that are gone
    assert people_snapshot() == people
    assert account_snapshot(other.account_id) == theirs and activity_of(other) == their_log != []


def activity_of(actor: Actor) -> list[tuple[str, int | None]]:
    return [(a.action, a.person_id) for a in Activity.select().where(Activity.account == actor.account_id)
            .order_by(Activity.id)]


def test_only_an_admin_of_the_demo_account_may_reset_it(demo: Actor) -> None:
    join(demo, 'editor@example.com', 'Editor', 'editor')
    editor = first_account_of(Person.get(Person.email == 'editor@example.com').id)
    before = account_snapshot(demo.account_id)
    with pytest.raises(Forbidden, match='Only an admin of the demo account'):
        reset_demo(editor)
    with pytest.raises(Forbidden):
        reset_demo(other_account())
    assert account_snapshot(demo.account_id) == before


def test_no_reset_while_a_bulk_action_runs_in_the_account(demo: Actor) -> None:
    before = account_snapshot(demo.account_id)
    refusals = []

    def step(batch: list[int]) -> BulkResult:
        with pytest.raises(Refused, match='A bulk action is running') as refused:
            reset_demo(demo)
        refusals.append(refused.value.message)
        return BulkResult()

    run_in_batches(BulkRun(total=1, account_id=demo.account_id), [1], step)
    assert len(refusals) == 1 and account_snapshot(demo.account_id) == before
    reset_demo(demo)  # once it ended, the reset goes ahead


def test_no_reset_while_another_process_runs_a_bulk_action_in_the_account(demo: Actor) -> None:
    mark = f'bulk:{demo.account_id}:a-run-elsewhere'
    assert hold(mark, 30, holder='other-host:4242')  # what run_in_batches holds in the other process
    with pytest.raises(Refused, match='A bulk action is running'):
        reset_demo(demo)
    Lease.update(expires_at=real_now() - timedelta(seconds=1)).where(Lease.name == mark).execute()
    reset_demo(demo)  # that process was killed: its mark lapsed


def test_the_command_line_resets_every_demo_account(demo: Actor, database_url: str) -> None:
    seeded = account_snapshot(demo.account_id)
    Workflow.delete().where(Workflow.account == demo.account_id).execute()
    assert reset_demo_command(database_url) == [
        '"Demo Shop" is back to its seeded state; people and other accounts are unchanged']
    open_database(database_url)
    assert account_snapshot(demo.account_id) == seeded


def test_the_command_line_says_when_there_is_no_demo(actor: Actor, database: str) -> None:
    with pytest.raises(OperationError, match='there is no demo account'):
        reset_demo_command(database)


def test_python_main_py_reset_demo(demo: Actor, database_url: str) -> None:
    Workflow.delete().where(Workflow.account == demo.account_id).execute()
    environment = {key: value for key, value in os.environ.items() if key != 'PYTEST_CURRENT_TEST'}
    environment |= {'DATABASE_URL': database_url, 'STORAGE_SECRET': 'training-tests-secret'}
    done = subprocess.run([sys.executable, 'main.py', 'reset-demo'], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert 'back to its seeded state' in done.stdout
    assert Workflow.select().where(Workflow.account == demo.account_id).count() >= 40


# trainee accounts


def test_trainee_accounts_are_full_copies_isolated_from_each_other_and_from_the_demo(demo: Actor) -> None:
    sheet = create_trainee_accounts(demo, 2, 'Room B')
    assert [(s.account, s.email) for s in sheet] == [('Room B 01', 'room-b-01@example.com'),
                                                    ('Room B 02', 'room-b-02@example.com')]
    assert len({s.password for s in sheet}) == 2
    seeded = account_snapshot(demo.account_id)
    trainees = [first_account_of(sign_in(s.email, s.password).id) for s in sheet]
    demo_ids = {w.id for w in Workflow.select().where(Workflow.account == demo.account_id)}
    seen: set[int] = set()
    for trainee, signed in zip(trainees, sheet, strict=True):
        assert trainee.role == 'editor'
        assert list(accounts_of(trainee.person_id).values()) == [signed.account]
        assert account_snapshot(trainee.account_id) == seeded | {'account': (signed.account, 'trainee')}
        mine = {w.id for w in list_workflows(trainee, ListQuery(page_size=200)).rows}
        assert len(mine) == len(demo_ids) and not mine & demo_ids and not mine & seen
        seen |= mine
        with pytest.raises(NotFound):
            get_workflow(trainee, next(iter(demo_ids)))
    with pytest.raises(NotFound):
        actor_for(trainees[0].person_id, trainees[1].account_id)
    startable(trainees[0], 'Trainee work')
    assert account_snapshot(demo.account_id) == seeded  # a trainee's work stays in their account
    assert trainee_accounts(demo) == [('Room B 01', 'room-b-01@example.com'), ('Room B 02', 'room-b-02@example.com')]


@pytest.mark.parametrize(('count', 'prefix', 'message'), [
    (0, 'Trainee', '1 to 50'), (51, 'Trainee', '1 to 50'), (3, '   ', 'Give a name prefix'),
    (3, '!!!', 'needs letters or digits'), (3, 'x' * 101, 'at most 100'),
])
def test_bad_trainee_requests_create_nothing(demo: Actor, count: int, prefix: str, message: str) -> None:
    with pytest.raises(Invalid, match=message):
        create_trainee_accounts(demo, count, prefix)
    assert Account.select().count() == 1 and Person.select().count() == 1


def test_a_prefix_that_makes_existing_emails_is_refused_and_nothing_is_created(demo: Actor) -> None:
    create_trainee_accounts(demo, 2, 'Trainee')
    accounts, people = Account.select().count(), Person.select().count()
    with pytest.raises(Invalid, match=r'makes emails that already exist \(trainee-01@example.com\)'):
        create_trainee_accounts(demo, 5, 'TRAINEE')
    assert (Account.select().count(), Person.select().count()) == (accounts, people)


def test_a_failure_midway_leaves_no_trainee_account_behind(demo: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded: list[int] = []

    def seed_until_the_disk_is_full(account_id: int) -> None:
        if len(seeded) == 2:
            raise RuntimeError('disk full')
        seed_account_data(account_id)
        seeded.append(account_id)

    monkeypatch.setattr(training, 'seed_account_data', seed_until_the_disk_is_full)
    with pytest.raises(RuntimeError, match='disk full'):
        create_trainee_accounts(demo, 4, 'Trainee')
    assert len(seeded) == 2
    assert (Account.select().count(), Person.select().count()) == (1, 1)
    assert not Workflow.select().where(Workflow.account != demo.account_id).exists()


def test_only_an_admin_of_the_demo_account_manages_trainees(demo: Actor) -> None:
    (signed,) = create_trainee_accounts(demo, 1, 'Trainee')
    trainee = first_account_of(sign_in(signed.email, signed.password).id)
    for someone in (trainee, other_account()):
        with pytest.raises(Forbidden):
            create_trainee_accounts(someone, 1, 'Sneaky')
        with pytest.raises(Forbidden):
            remove_trainee_accounts(someone)
    assert Account.select().where(Account.kind == 'trainee').count() == 1


def test_removing_trainee_accounts_removes_their_data_and_people_only(demo: Actor) -> None:
    seeded = account_snapshot(demo.account_id)
    other = other_account()
    sheet = create_trainee_accounts(demo, 3, 'Trainee')
    assert remove_trainee_accounts(demo) == 3
    assert Account.select().where(Account.kind == 'trainee').count() == 0
    assert not Person.select().where(Person.email.in_([s.email for s in sheet])).exists()
    assert {p.email for p in Person.select()} == {DEMO_ADMIN_EMAIL, 'owner@other.example'}
    assert account_snapshot(demo.account_id) == seeded
    assert Workflow.select().where(Workflow.account == other.account_id).count() == 1
    with pytest.raises(Refused):
        sign_in(sheet[0].email, sheet[0].password)


# the movable clock


def test_advancing_three_months_finalizes_expired_pauses_with_their_reason(demo: Actor) -> None:
    mine = startable(demo, 'Paused for the course')
    mine = apply_action(demo, mine.id, 'start', mine.version)
    mine = apply_action(demo, mine.id, 'pause', mine.version)
    paused = list(Workflow.select().where(Workflow.state == PAUSED))
    assert mine.id in {w.id for w in paused}

    move = advance_clock(demo, '3 months')

    assert move.now == add_calendar_months(FROZEN_NOW, 3) == clock.now(demo.account_id)
    assert move.finalized == len(paused)
    for workflow in paused:
        after = reload(workflow)
        assert (after.state, after.finalized_reason, after.finalized_at) == (FINALIZED, 'pause expired',
                                                                           workflow.pause_expires_at)
        assert after.priority_position is None


def test_smaller_steps_finalize_only_what_expired(demo: Actor) -> None:
    soon = Workflow.select().where(Workflow.state == PAUSED).order_by(Workflow.pause_expires_at).get()
    assert advance_clock(demo, '1 hour').finalized == 0
    assert advance_clock(demo, '1 day').finalized == 0
    assert advance_clock(demo, '1 week').finalized == 1  # the demo's pause that expires in a few days
    assert reload(soon).finalized_reason == 'pause expired'
    assert clock.now(demo.account_id) == FROZEN_NOW + timedelta(days=8, hours=1)
    assert advance_clock(demo, '1 month').now == add_calendar_months(FROZEN_NOW + timedelta(days=8, hours=1), 1)


def test_the_offset_is_stored_for_every_process(demo: Actor) -> None:
    advance_clock(demo, '1 day')
    assert Account.get_by_id(demo.account_id).clock_offset_seconds == 86400
    clock.forget_stored_offsets()  # another process reads it from the database
    assert stored_clock_offsets() == {demo.account_id: timedelta(days=1)}
    assert clock.now(demo.account_id) == FROZEN_NOW + timedelta(days=1)


def test_two_admins_advancing_at_once_move_the_clock_twice(demo: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    read_offset = app_settings._offset_of

    def slow_read(account_id: int) -> timedelta:  # both would read the old offset before either writes, without a lock
        offset = read_offset(account_id)
        time.sleep(0.3)
        return offset

    monkeypatch.setattr(app_settings, '_offset_of', slow_read)
    start = threading.Barrier(2)

    def advance() -> None:
        start.wait()
        advance_clock(demo, '1 day')

    threads = [threading.Thread(target=advance) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    clock.forget_stored_offsets()
    assert stored_clock_offsets() == {demo.account_id: timedelta(days=2)}


def test_back_to_real_time_unfinalizes_nothing(demo: Actor) -> None:
    advance_clock(demo, '3 months')
    finalized = finalized_rows()
    back_to_real_time(demo)
    assert clock.now(demo.account_id) == FROZEN_NOW
    assert finalized_rows() == finalized and len(finalized) > 8


def finalized_rows() -> dict[int, tuple]:
    return {w.id: (w.finalized_at, w.finalized_reason) for w in Workflow.select().where(Workflow.state == FINALIZED)}


def test_only_admins_move_the_clock(demo: Actor) -> None:
    join(demo, 'editor@example.com', 'Editor', 'editor')
    editor = first_account_of(Person.get(Person.email == 'editor@example.com').id)
    with pytest.raises(Forbidden, match='Only an admin of this account can manage its people, name and clock'):
        advance_clock(editor, '3 months')
    advance_clock(demo, '1 day')
    with pytest.raises(Forbidden):
        back_to_real_time(editor)
    with pytest.raises(Invalid, match='The clock moves by 1 hour'):
        advance_clock(demo, '2 years')
    assert clock.now(demo.account_id) == FROZEN_NOW + timedelta(days=1)


# the simulator's controls


def test_simulator_switch_and_speed(demo: Actor) -> None:
    simulator = Simulator(seed=1)
    assert simulator_settings().on is False and tick_when_on(simulator) is None
    assert set_simulator(demo, True, 7) == simulator_settings()
    report = tick_when_on(simulator)
    assert report is not None and report.events == 7
    with pytest.raises(Invalid, match='1 to 1000 events per tick'):
        set_simulator(demo, True, 0)
    join(demo, 'viewer@example.com', 'Viewer', 'viewer')
    with pytest.raises(Forbidden):
        set_simulator(first_account_of(Person.get(Person.email == 'viewer@example.com').id), False, 7)
    assert simulator_settings().on is True and simulator_settings().events_per_tick == 7


@pytest.mark.parametrize('prefix', ['Trainee\u202e', 'Train\x1bee', '\u2066Trainee', 'Trainee\u200f'])
def test_a_trainee_prefix_with_control_or_direction_characters_is_refused(demo: Actor, prefix: str) -> None:
    people = people_snapshot()
    with pytest.raises(Invalid, match='invisible control or text-direction character'):
        create_trainee_accounts(demo, 2, prefix)
    assert people_snapshot() == people
