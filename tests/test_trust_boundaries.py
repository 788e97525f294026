"""Trust boundaries between people and between accounts (docs/security.md, "The gate"): an export stops when the
rights go, each account's clock is its own, site operators alone run the installation, and services read the
role at the call, never the one captured when the page opened."""

from datetime import timedelta

import pytest

from model.access.gate import Actor
from model.access.people import actor_for, change_role, create_account, remove_member
from model.access.sessions import claim, end_session, new_browser_key, open_session
from model.access.site_operators import grant_site_operator
from model.common.clock import clock
from model.common.errors import Forbidden, NotFound, SessionEnded
from model.jobs.site_settings import advance_clock, back_to_real_time, set_simulator, simulator_settings
from model.jobs.training import create_trainee_accounts, reset_demo
from model.storage.schema import DEMO_KIND, Account, Contact, NodeStat, Person, Workflow
from model.traffic.simulator import Simulator
from model.traffic.statistics import live_figures
from model.workflows.exchange import Exporter
from model.workflows.lifecycle import delete_many, sweep_expired_pauses
from model.workflows.trash import purge_expired
from tests.conftest import FROZEN_NOW
from tests.factories import in_state, join, other_account, reload, startable


def signed_in(actor: Actor, email: str, role: str) -> Actor:
    """A member of the actor's account with ``role``, on a page opened with their own session."""
    join(actor, email, email.split('@')[0], role)
    person = Person.get(Person.email == email)
    browser = new_browser_key()
    return actor_for(person, actor.account_id, claim(open_session(person.id, browser), browser))


# an export asks the gate at every batch


def test_an_export_under_way_stops_when_the_member_is_removed(actor: Actor) -> None:
    editor = signed_in(actor, 'editor@example.com', 'editor')
    join(other_account(), 'editor@example.com', 'Editor', 'viewer')  # still signed in, in another account
    first, second = startable(actor, 'First'), startable(actor, 'Second')
    exporter = Exporter(editor)
    assert exporter.batch([first.id]).done == ['First']
    remove_member(actor, editor.person_id)
    with pytest.raises(Forbidden, match='You no longer belong to this account'):
        exporter.batch([second.id])
    with pytest.raises(Forbidden):
        exporter.result()


def test_an_export_under_way_stops_when_the_tab_is_signed_out(actor: Actor) -> None:
    editor = signed_in(actor, 'editor@example.com', 'editor')
    workflow = startable(actor, 'Mine')
    exporter = Exporter(editor)
    exporter.batch([workflow.id])
    end_session(editor.session_id)
    with pytest.raises(SessionEnded):
        exporter.batch([workflow.id])
    with pytest.raises(SessionEnded):
        exporter.result()


# each account's clock


def test_moving_another_accounts_clock_neither_purges_nor_finalizes_here(actor: Actor) -> None:
    deleted, paused = startable(actor, 'Just deleted'), in_state(actor, 'paused', 'Paused here')
    delete_many(actor, [deleted.id])
    stranger = other_account()
    theirs = in_state(stranger, 'paused', 'Paused there')
    advance_clock(stranger, '1 month')
    assert purge_expired() == 0
    assert advance_clock(stranger, '3 months').finalized == 1
    assert sweep_expired_pauses() == 0
    assert reload(deleted).deleted_at == FROZEN_NOW and reload(paused).state == 'paused'
    assert reload(theirs).state == 'finalized'
    assert clock.now(actor.account_id) == FROZEN_NOW
    assert clock.now(stranger.account_id) > FROZEN_NOW + timedelta(days=110)
    back_to_real_time(stranger)
    assert clock.now(stranger.account_id) == FROZEN_NOW


def test_each_account_purges_and_sweeps_by_its_own_clock(actor: Actor) -> None:
    stranger = other_account()
    mine, theirs = startable(actor, 'Mine'), startable(stranger, 'Theirs')
    delete_many(actor, [mine.id])
    delete_many(stranger, [theirs.id])
    paused_here, paused_there = in_state(actor, 'paused', 'Here'), in_state(stranger, 'paused', 'There')
    advance_clock(actor, '3 months')
    assert purge_expired() == 1
    assert Workflow.get_or_none(Workflow.id == mine.id) is None and reload(theirs).deleted_at == FROZEN_NOW
    assert (reload(paused_here).state, reload(paused_there).state) == ('finalized', 'paused')


def test_statistics_count_the_days_of_the_accounts_clock(actor: Actor) -> None:
    stranger = other_account()
    advance_clock(actor, '1 week')
    for account in (actor, stranger):
        Contact.create(account=account.account_id, has_email=True)
    mine, theirs = (in_state(account, 'active', 'Mass mail') for account in (actor, stranger))
    Simulator(seed=1, events_per_tick=0).tick()
    days = {row.workflow_id: row.day for row in NodeStat.select()}
    assert days == {mine.id: (FROZEN_NOW + timedelta(weeks=1)).date(), theirs.id: FROZEN_NOW.date()}
    assert live_figures(actor, mine.id, 1).days == [(FROZEN_NOW + timedelta(weeks=1)).date()]
    assert live_figures(stranger, theirs.id, 1).days == [FROZEN_NOW.date()]


def test_trainee_accounts_start_at_the_demos_time_and_move_with_it(actor: Actor) -> None:
    Account.update(kind=DEMO_KIND).where(Account.id == actor.account_id).execute()
    stranger = other_account()
    advance_clock(actor, '1 day')
    (trainee,) = create_trainee_accounts(actor, 1, 'Trainee')
    trainee_account = Account.get(Account.name == trainee.account).id
    assert clock.now(trainee_account) == FROZEN_NOW + timedelta(days=1)
    advance_clock(actor, '1 week')
    assert clock.now(trainee_account) == clock.now(actor.account_id) == FROZEN_NOW + timedelta(days=8)
    assert clock.now(stranger.account_id) == FROZEN_NOW
    back_to_real_time(actor)
    assert clock.now(trainee_account) == clock.now(actor.account_id) == FROZEN_NOW


# site operators


def test_only_site_operators_switch_the_simulator_and_create_accounts(actor: Actor) -> None:
    stranger = other_account()
    with pytest.raises(Forbidden, match='Only a site operator'):
        set_simulator(stranger, True, 500)
    with pytest.raises(Forbidden, match='Only a site operator'):
        create_account(stranger, 'Mine too')
    assert simulator_settings().on is False and Account.select().count() == 2
    assert set_simulator(actor, True, 7).events_per_tick == 7  # the installation's first admin operates it


def test_a_site_operator_grants_it_to_a_person_of_their_account(actor: Actor) -> None:
    colleague = signed_in(actor, 'colleague@example.com', 'admin')
    stranger = other_account()
    with pytest.raises(Forbidden):
        grant_site_operator(colleague, colleague.person_id)
    with pytest.raises(NotFound):
        grant_site_operator(actor, stranger.person_id)
    grant_site_operator(actor, colleague.person_id)
    assert set_simulator(colleague, True, 3).on
    assert create_account(colleague, 'Second shop')
    assert not Person.get_by_id(stranger.person_id).site_operator


# the role is read at the call


def test_a_captured_admin_role_does_not_move_the_clock_nor_reset_the_demo(actor: Actor) -> None:
    Account.update(kind=DEMO_KIND).where(Account.id == actor.account_id).execute()
    former = signed_in(actor, 'former@example.com', 'admin')
    change_role(actor, former.person_id, 'editor')
    assert former.role == 'admin'  # as the page drew it
    with pytest.raises(Forbidden):
        advance_clock(former, '3 months')
    with pytest.raises(Forbidden):
        back_to_real_time(former)
    with pytest.raises(Forbidden):
        reset_demo(former)
    with pytest.raises(Forbidden):
        set_simulator(Actor(former.person_id, former.account_id, 'admin'), True, 10)
    assert clock.now(actor.account_id) == FROZEN_NOW and simulator_settings().on is False
