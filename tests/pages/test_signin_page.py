"""Sign-in, sign-out, lockout, viewers and account switching in the simulated browser."""

import asyncio
from datetime import timedelta

import pytest
from nicegui import ui
from nicegui.testing import User

from model.access import throttle
from model.access.people import create_account_with_admin
from model.storage.schema import Person, SignInThrottle
from model.workflows.lifecycle import create_blank
from tests.pages.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, add_person, admin, sign_in


async def sign_out(user: User) -> None:
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')


async def try_password(user: User, password: str) -> None:
    user.find(marker='signin-email').clear().type(ADMIN_EMAIL)
    user.find(marker='signin-password').clear().type(password)
    user.find(marker='signin-submit').click()


async def test_every_page_but_sign_in_needs_a_signed_in_person(user: User) -> None:
    await sign_out(user)
    for path in ('/', '/workflows/new', '/priority', '/admin', '/workflows/1', '/workflows/1/live'):
        await user.open(path)
        await user.should_see(marker='signin-card')
        await user.should_not_see(marker='nav-workflows')


async def test_wrong_passwords_say_so_then_slow_down(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle, 'FIRST_DELAY', timedelta(minutes=1))  # a busy machine cannot outlast it
    await sign_out(user)
    for attempt in range(1, 4):
        await try_password(user, 'guess')
        await user.should_see('Wrong email or password')
        for _ in range(50):  # the attempt runs in a worker thread: wait until it is counted
            if SignInThrottle.select().where(SignInThrottle.failures == attempt).exists():
                break
            await asyncio.sleep(0.1)
    await try_password(user, ADMIN_PASSWORD)
    await user.should_see('Too many failed attempts: wait')  # 60 seconds, or 59 on a slow machine
    await user.should_not_see(marker='nav-workflows')


async def test_sign_out_and_back_in(user: User) -> None:
    await user.should_see(marker='person')
    await sign_out(user)
    await sign_in(user)
    await user.should_see('Demo trainer · admin')


async def test_a_viewer_sees_the_list_without_change_buttons(user: User) -> None:
    password = add_person('viewer@example.com', 'Vera Viewer', 'viewer')
    await sign_out(user)
    await sign_in(user, 'viewer@example.com', password)
    await user.open('/?size=100')
    await user.should_see('Vera Viewer · viewer')
    await user.should_see('Abandoned cart – 2 hours')
    for marker in ('create-new', 'new-folder', 'nav-admin'):
        await user.should_not_see(marker=marker)
    buttons = {b.text for b in user.find(kind=ui.button).elements}  # type: ignore[attr-defined]
    assert not buttons & {'Start', 'Finalize', 'Resume', 'Edit'}
    await user.open('/workflows/new')
    await user.should_see(marker='viewer-note')
    cart = Person.get(Person.email == 'viewer@example.com')
    assert cart.display_name == 'Vera Viewer'


async def test_a_viewer_opens_the_editor_read_only(user: User) -> None:
    password = add_person('viewer@example.com', 'Vera Viewer', 'viewer')
    draft = create_blank(admin(), 'Look only')
    await sign_out(user)
    await sign_in(user, 'viewer@example.com', password)
    await user.open(f'/workflows/{draft.id}')
    await user.should_see(marker='panel-start')
    for marker in ('palette', 'editor-save', 'editor-start', 'editor-delete'):
        await user.should_not_see(marker=marker)
    (selection,) = user.find(kind=ui.select, marker='setting-selection').elements
    assert not selection.enabled


async def test_switching_account_shows_only_that_accounts_workflows(user: User) -> None:
    other = create_account_with_admin('Second shop', ADMIN_EMAIL, 'Demo trainer')
    create_blank(other, 'Only in the second shop')
    await user.open('/')
    await user.should_see('Abandoned cart – 2 hours')
    (switcher,) = user.find(kind=ui.select, marker='account-switcher').elements
    switcher.value = other.account_id
    await user.should_see('Only in the second shop')
    await user.should_not_see('Abandoned cart – 2 hours')


async def test_an_admin_invites_a_person_and_sees_the_sign_in_code_once(user: User) -> None:
    await user.open('/admin')
    user.find(marker='new-email').type('editor@example.com')
    user.find(marker='new-person-name').type('Eddie')
    user.find(marker='add-person').click()
    await user.should_see('editor@example.com is invited as editor')
    await user.should_see(marker='invitation-code-value')
    await user.should_see(marker='invited-editor@example.com')  # a member once they accept
    await user.should_not_see(marker='member-editor@example.com')
