"""Training controls in the simulated browser: the movable clock in the frame, `Reset demo`, trainee accounts with
their sign-in sheet, the simulator's switch and speed, and what non-admins do not see."""

from nicegui.testing import User

from model.access.people import change_role, create_account_with_admin, first_account_of
from model.jobs.site_settings import advance_clock, simulator_settings
from model.jobs.training import reset_demo
from model.storage.schema import Account, Person, Workflow
from model.workflows.lifecycle import create_blank, delete_many
from model.workflows.states import FINALIZED, PAUSED
from tests.factories import join
from tests.pages.conftest import PATIENCE, add_person, admin, sign_in
from tests.seeded import ADMIN_EMAIL

EXPIRING = 'Welcome – SMS opt-in'  # the demo's pause that expires in a few days


async def sign_in_as_new(user: User, role: str) -> None:
    password = add_person(f'{role}@example.com', role.capitalize(), role)
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')
    await sign_in(user, f'{role}@example.com', password)


async def test_advance_three_months_finalizes_the_expired_pause_with_its_reason(user: User) -> None:
    await user.open('/?size=100')
    await user.should_see(EXPIRING)
    await user.should_not_see(marker='clock-banner')
    await user.should_not_see('Finalized: the pause expired')
    user.find(marker='advance-clock').click()
    user.find(marker='advance-3 months').click()
    await user.should_see('Clock advanced by 3 months')
    await user.should_see('Finalized: the pause expired')
    await user.should_see(marker='clock-banner')
    await user.should_see('ahead of real time')
    assert Workflow.select().where(Workflow.state == PAUSED).count() == 0
    expired = Workflow.get(Workflow.name == EXPIRING)
    assert (expired.state, expired.finalized_reason) == (FINALIZED, 'pause expired')

    await user.open(f'/workflows/{expired.id}')
    await user.should_see('Finalized: the pause expired')
    await user.open(f'/workflows/{expired.id}/live')
    await user.should_see('Finalized: the pause expired on')

    user.find(marker='back-to-real-time').click()
    await user.should_see('The clock is back to real time')
    await user.should_not_see(marker='clock-banner')
    assert Workflow.get_by_id(expired.id).state == FINALIZED


async def test_an_hour_ahead_shows_the_banner_and_finalizes_nothing(user: User) -> None:
    await user.open('/')
    user.find(marker='advance-clock').click()
    user.find(marker='advance-1 hour').click()
    await user.should_see('1 hour ahead of real time')
    assert Workflow.select().where(Workflow.state == PAUSED).count() > 0


async def test_non_admins_see_the_banner_but_no_controls(user: User) -> None:
    await user.open('/')
    user.find(marker='advance-clock').click()
    user.find(marker='advance-1 day').click()
    await user.should_see('1 day ahead of real time')
    await sign_in_as_new(user, 'editor')
    await user.open('/')
    await user.should_see('1 day ahead of real time')
    await user.should_not_see(marker='advance-clock')
    await user.should_not_see(marker='back-to-real-time')
    await user.open('/admin')
    await user.should_see(marker='admin-only')
    for marker in ('reset-demo', 'create-trainees', 'remove-trainees', 'simulator'):
        await user.should_not_see(marker=marker)


async def test_reset_demo_names_what_is_lost_then_restores_the_demo(user: User) -> None:
    seeded = Workflow.select().count()
    delete_many(admin(), [w.id for w in Workflow.select().limit(5)])
    await user.open('/admin')
    user.find(marker='reset-demo').click()
    await user.should_see('what was changed since is lost')
    await user.should_see('People, their passwords and other accounts stay as they are')
    await user.should_not_see(marker='reset-clock-note')
    user.find(marker='confirm-reset-demo').click()
    await user.should_see('The demo is back to its seeded state')
    assert Workflow.select().count() == seeded


async def test_reset_demo_warns_while_the_clock_is_ahead(user: User) -> None:
    advance_clock(admin(), '1 week')
    await user.open('/admin')
    user.find(marker='reset-demo').click()
    await user.should_see('The clock is 7 days ahead of real time: the demo is seeded as of the application\'s time')


async def test_trainee_accounts_sign_in_sheet_csv_and_removal(user: User) -> None:
    await user.open('/admin')
    await user.should_see('No trainee accounts.')
    user.find(marker='create-trainees').click()
    user.find(marker='trainee-count').clear().type('3')
    user.find(marker='trainee-prefix').clear().type('Room A')
    user.find(marker='confirm-create-trainees').click()
    # each account is seeded with the demo's data: about a second of work here, which a busy PostgreSQL stretches
    await user.should_see('3 trainee accounts created', retries=3 * PATIENCE)
    await user.should_see(marker='sign-in-sheet')
    await user.should_see('room-a-03@example.com')
    user.find(marker='download-sign-ins').click()
    response = await user.download.next()
    lines = response.content.decode().splitlines()
    assert lines[0] == 'account,email,password'
    assert [line.split(',')[:2] for line in lines[1:]] == [[f'Room A 0{n}', f'room-a-0{n}@example.com']
                                                          for n in (1, 2, 3)]
    assert all(len(line.split(',')[2]) >= 12 for line in lines[1:])
    user.find('Done').click()
    await user.should_see('3 trainee accounts')

    user.find(marker='remove-trainees').click()
    await user.should_see('the trainees\' sign-ins stop working')
    user.find(marker='confirm-remove').click()
    await user.should_see('3 trainee accounts removed')
    await user.should_see('No trainee accounts.')
    assert Account.select().where(Account.kind == 'trainee').count() == 0


async def test_bad_trainee_requests_say_why_and_create_nothing(user: User) -> None:
    await user.open('/admin')
    user.find(marker='create-trainees').click()
    user.find(marker='trainee-count').clear().type('51')
    user.find(marker='confirm-create-trainees').click()
    await user.should_see('Create 1 to 50 trainee accounts at a time')
    user.find(marker='trainee-count').clear().type('2')
    user.find(marker='trainee-prefix').clear()
    user.find(marker='confirm-create-trainees').click()
    await user.should_see('Give a name prefix')
    await user.should_see(marker='trainee-form')
    assert Account.select().where(Account.kind == 'trainee').count() == 0


async def test_simulator_switch_and_speed(user: User) -> None:
    await user.open('/admin')
    await user.should_see('Off: no contacts move')
    user.find(marker='simulator-on').click()
    user.find(marker='simulator-speed').clear().type('5')
    user.find(marker='simulator-apply').click()
    await user.should_see('Simulator settings saved')
    await user.should_see('On: 5 events per tick')
    assert (simulator_settings().on, simulator_settings().events_per_tick) == (True, 5)


async def test_an_admin_of_another_account_has_its_clock_but_neither_the_simulator_nor_the_demo_controls(
        user: User) -> None:
    other = create_account_with_admin('Other shop', 'owner@other.example', 'Owner', 'other-password-1')
    assert other.role == 'admin'
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')
    await sign_in(user, 'owner@other.example', 'other-password-1')
    await user.open('/admin')
    await user.should_see(marker='advance-clock')
    for marker in ('simulator', 'create-account', 'site-operators', 'reset-demo', 'create-trainees',
                   'remove-trainees'):
        await user.should_not_see(marker=marker)


async def test_an_admin_demoted_while_the_page_is_open_loses_its_controls(user: User) -> None:
    seeded = Workflow.select().count()
    join(admin(), 'second@example.com', 'Second admin', 'admin')
    await user.open('/admin')
    await user.should_see(marker='reset-demo')
    second = first_account_of(Person.get(Person.email == 'second@example.com').id)
    change_role(second, admin().person_id, 'editor')
    await user.should_see('Your role in this account is now editor')
    for marker in ('reset-demo', 'advance-clock', 'create-trainees'):  # services refuse too: tests/test_training.py
        await user.should_not_see(marker=marker)
    assert Workflow.select().count() == seeded
    assert Workflow.select().where(Workflow.state == PAUSED).count() > 0


async def test_an_open_live_view_learns_its_workflow_was_finalized_by_expiry(user: User) -> None:
    expiring = Workflow.get(Workflow.name == EXPIRING)
    await user.open(f'/workflows/{expiring.id}/live')
    await user.should_see('Paused')
    advance_clock(admin(), '3 months')  # elsewhere: another admin, another process
    await user.should_see('Finalized: the pause expired on')
    await user.should_see(marker='clock-banner')


async def test_an_open_list_follows_a_reset_made_elsewhere(user: User) -> None:
    create_blank(admin(), 'Made during the course')
    await user.open('/?size=100')
    await user.should_see('Made during the course')
    reset_demo(admin())
    await user.should_not_see('Made during the course')


async def test_a_clock_moved_in_another_account_shows_no_banner_here(user: User) -> None:
    other = create_account_with_admin('Other shop', 'owner@other.example', 'Owner', 'other-password-1')
    advance_clock(other, '3 months')
    await user.open('/?size=100')
    await user.should_see(EXPIRING)
    await user.should_not_see(marker='clock-banner')
    assert Workflow.select().where(Workflow.state == PAUSED).count() > 0
    advance_clock(admin(), '1 hour')
    await user.should_see(marker='clock-banner')
    await user.should_see('1 hour ahead of real time')


async def test_a_site_operator_sees_account_creation_and_grants_it(user: User) -> None:
    add_person('colleague@example.com', 'Colleague', 'admin')
    await user.open('/admin')
    await user.should_see(marker='create-account')
    await user.should_see(marker='simulator')
    await user.should_see(marker=f'operator-{ADMIN_EMAIL}')
    user.find(marker='grant-operator-colleague@example.com').click()
    await user.should_see('colleague@example.com is now a site operator')
    await user.should_see(marker='operator-colleague@example.com')
    assert Person.get(Person.email == 'colleague@example.com').site_operator


async def test_an_admin_who_is_no_site_operator_has_neither_account_creation_nor_the_simulator(user: User) -> None:
    await sign_in_as_new(user, 'admin')
    await user.open('/admin')
    await user.should_see(marker='reset-demo')  # an admin of the demo account trains
    for marker in ('create-account', 'simulator', 'site-operators'):
        await user.should_not_see(marker=marker)
