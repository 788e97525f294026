"""Security in the simulated browser: open pages lose rights at once, uploads need the page's session and stop
at 5 MB, `next` stays on this site, the session cookie is renewed at sign-in, a locked database says so."""

import json
import sqlite3
import tracemalloc
from collections.abc import AsyncIterator

import httpx
import pytest
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from model.access.invitations import invite
from model.access.people import change_role, remove_member
from model.access.sessions import end_session, open_session
from model.storage.schema import Person, SignInSession, Workflow
from tests.database_urls import on_postgresql
from tests.pages.conftest import ADMIN_EMAIL, add_person, admin, browser_key_of, sign_in
from tests.pages.test_workflows_page import shown
from tests.test_cn_bad_input import VALID
from tests.test_safe_workflows import loop_file
from ui.session import safe_next


async def create_draft_on_page(user: User, name: str) -> None:
    user.find(marker='create-blank').click()
    user.find(marker='new-name').type(name)
    user.find(marker='confirm-create').click()


def admin_session() -> str:
    person = Person.get(Person.email == ADMIN_EMAIL)
    return SignInSession.get((SignInSession.person == person) & SignInSession.ended_at.is_null()).id


async def test_an_editor_demoted_while_the_page_is_open_is_refused_and_told(user: User) -> None:
    add_person('eddie@example.com', 'Eddie', 'editor')
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')
    await sign_in(user, 'eddie@example.com', 'member-tests-password')
    await user.open('/workflows/new')
    await user.should_see(marker='create-blank')
    change_role(admin(), Person.get(Person.email == 'eddie@example.com').id, 'viewer')
    await user.should_see('Your role in this account is now viewer')
    await user.should_not_see(marker='create-blank')  # the page drawn for an editor is gone, its handlers too
    await user.should_not_see('Summer sale')
    user.find(marker='access-action').click()
    await user.should_see('Eddie · viewer')


async def test_a_tab_signed_out_elsewhere_is_refused_and_offers_sign_in(user: User) -> None:
    await user.open('/workflows/new')
    await user.should_see(marker='create-blank')
    end_session(admin_session())  # "Sign out" in another tab of the same browser
    await user.should_see('Your session has ended: sign in again')
    user.find(marker='access-action').click()
    await user.should_see(marker='signin-card')
    count = Workflow.select().count()
    await user.open('/')
    await user.should_see(marker='signin-card')
    assert Workflow.select().count() == count


async def test_a_person_removed_from_every_account_gets_a_clear_page(user: User) -> None:
    add_person('gone@example.com', 'Gone', 'editor')
    gone = Person.get(Person.email == 'gone@example.com')
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')
    await sign_in(user, 'gone@example.com', 'member-tests-password')
    SignInSession.update(ended_at=None).where(SignInSession.person == gone).execute()
    remove_member(admin(), gone.id)
    SignInSession.update(ended_at=None).where(SignInSession.person == gone).execute()  # even were it still valid
    await user.open('/')
    await user.should_see('You no longer belong to any account')


@pytest.fixture
async def outsider(user: User) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the same server without the user's cookie."""
    transport = user.http_client._transport  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=transport, base_url='http://test') as client:
        yield client


def upload_url() -> str:
    (upload,) = [element for element in ui.context.client.elements.values() if isinstance(element, ui.upload)]
    return upload.props['url']


async def test_an_upload_without_the_pages_session_is_refused(user: User, outsider: httpx.AsyncClient) -> None:
    await user.open('/workflows/new')
    with user:
        url = upload_url()
    count = Workflow.select().count()
    file = {'file': ('x.cn', json.dumps(VALID).encode(), 'application/json')}  # any body: refused before it is read
    response = await outsider.post(url, files=file)
    assert response.status_code == 403
    end_session(admin_session())
    response = await user.http_client.post(url, files=file)
    assert response.status_code == 403
    assert Workflow.select().count() == count


async def test_a_50_mb_upload_is_cut_at_5_mb(user: User) -> None:
    await user.open('/workflows/new')
    with user:
        url = upload_url()
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.cn"\r\n\r\n'
        for _ in range(50 * 16):  # 50 MB in 64 KB pieces, made as they are read
            sent += 64 * 1024
            yield b' ' * (64 * 1024)
        yield b'\r\n--b--\r\n'

    tracemalloc.start()
    try:
        response = await user.http_client.post(url, content=body(),
                                               headers={'content-type': 'multipart/form-data; boundary=b'})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert sent <= 6 * 1024 * 1024  # the server stopped reading just past 5 MB (5.3 MB measured)
    assert peak < 12 * 1024 * 1024  # and never held the body in memory (peak 1.5 MB measured)


@pytest.mark.parametrize('target', ['/%5Cother.host/page', '/%09/other.host/page', '//other.host/page',
                                    'https://other.host/page', '/\\other.host', '/ /other.host', 'javascript:alert(1)'])
async def test_next_only_leads_to_a_path_on_this_site(user: User, target: str) -> None:
    token = open_session(Person.get(Person.email == ADMIN_EMAIL).id, browser_key_of(user))
    response = await user.http_client.get(f'/signin/done?token={token}&next={target}', follow_redirects=False)
    assert response.status_code == 303
    assert response.headers['location'] == '/'
    assert safe_next('/workflows/3?folder=2') == '/workflows/3?folder=2'


async def test_a_cookie_planted_before_sign_in_is_never_signed_in(user: User, outsider: httpx.AsyncClient) -> None:
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')
    await user.open('/signin')
    planted = dict(user.http_client.cookies)  # what an attacker would have fixed in the victim's browser
    await sign_in(user)
    assert dict(user.http_client.cookies) != planted
    outsider.cookies.update(planted)
    response = await outsider.get('/', follow_redirects=False)
    assert response.status_code == 307 and response.headers['location'].startswith('/signin')


@pytest.mark.skipif(on_postgresql(), reason='locks the SQLite file')
async def test_a_locked_database_says_could_not_save(user: User, page_database: str,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    await user.open('/admin')
    add_person('reset.me@example.com', 'Reset me', 'editor')
    await user.open('/admin')
    locker = sqlite3.connect(page_database.removeprefix('sqlite:///'), timeout=1)
    locker.execute('BEGIN EXCLUSIVE')
    try:
        user.find(marker='reset-reset.me@example.com').click()
        await user.should_see('Could not save: the database is not available right now')
    finally:
        locker.rollback()
        locker.close()
    caplog.clear()  # the failure was logged, as it should be


VALID_FILE = b'{"format": "cn-workflows", "version": 1, "exported_at": "2026-01-01T00:00:00", "workflows": []}'


async def test_a_temporary_password_is_changed_at_the_first_sign_in_then_the_invitation_accepted(user: User) -> None:
    temporary = invite(admin(), 'newbie@example.com', 'Newbie', 'editor')
    user.find(marker='sign-out').click()
    await user.should_see(marker='signin-card')
    await user.open('/signin')
    user.find(marker='signin-email').type('newbie@example.com')
    user.find(marker='signin-password').type(temporary)
    user.find(marker='signin-submit').click()
    await user.should_see(marker='temporary-note')
    await user.open('/priority')  # every page leads here until the password is changed
    await user.should_see(marker='temporary-note')
    user.find(marker='current-password').type(temporary)
    user.find(marker='new-password').type('newbie@example.com')
    user.find(marker='repeat-password').type('newbie@example.com')
    user.find(marker='change-password').click()
    await user.should_see('The password cannot be the email address')
    for marker in ('new-password', 'repeat-password'):
        user.find(marker=marker).clear().type('my very own password')
    user.find(marker='change-password').click()
    await user.should_see(marker='invitations-card')  # no account yet: its invitation first
    await user.open('/priority')
    await user.should_see(marker='accept-invitation')
    user.find(marker='accept-invitation').click()
    await user.should_see('Newbie · editor')
    assert Person.get(Person.email == 'newbie@example.com').temporary_password_at is None


async def test_the_loop_file_imports_with_its_error_and_cannot_start(user: User) -> None:
    await user.open('/workflows/new')
    (area,) = user.find(kind=ui.upload, marker='import-upload').elements
    await area.handle_uploads([SmallFileUpload('loop.cn', 'application/json', loop_file())])
    await user.should_see('imported as a draft')
    workflow = Workflow.get(Workflow.name == 'Welcome')
    await user.open(f'/workflows/{workflow.id}?incidents=1')
    await user.should_see('A loop without a Wait (Send email → Send SMS → Send email) would repeat forever')
    (start,) = user.find(kind=ui.button, marker='editor-start').elements
    assert not start.enabled  # type: ignore[attr-defined]


async def test_a_workflow_the_simulator_skips_says_why(user: User) -> None:
    workflow = Workflow.get(Workflow.name == 'Summer sale')
    Workflow.update(run_problem='A contact took more than 200 steps at once').where(Workflow.id == workflow.id) \
        .execute()
    await user.open(f'/workflows/{workflow.id}/live')
    await user.should_see('Skipped by the simulator: A contact took more than 200 steps at once')
    await user.open('/?size=100')
    await user.should_see('Skipped by the simulator')
    assert shown(user, workflow.id)['run_problem'] == 'A contact took more than 200 steps at once'  # its tooltip
