"""Sign-in, roles and account isolation (docs/product.md §13) at the service level."""

import json
from collections.abc import Callable

import pytest
from argon2 import PasswordHasher

from model.access.gate import Actor
from model.access.invitations import invite
from model.access.people import (
    actor_for,
    change_role,
    create_account,
    create_account_with_admin,
    members,
    remove_member,
)
from model.access.signin import WRONG, _hasher, sign_in
from model.common.errors import Forbidden, NotFound, Refused
from model.storage.schema import Person, Workflow
from model.workflows.editing import load_draft, save_draft
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.folders import create_folder, move_workflows
from model.workflows.lifecycle import apply_action, create_blank, delete_many, duplicate_many, get_workflow
from model.workflows.priority import execution_order, order_token, save_order
from model.workflows.templates import use_template
from tests.factories import join
from tests.test_cn_bad_input import VALID
from tests.test_workflow_services import startable

PASSWORD = 'correct horse battery'


@pytest.fixture
def team(database: str) -> dict[str, Actor]:
    admin = create_account_with_admin('Team', 'admin@example.com', 'Admin', PASSWORD)
    people = {'admin': admin}
    for role in ('editor', 'viewer'):
        join(admin, f'{role}@example.com', role.title(), role)
        person = Person.get(Person.email == f'{role}@example.com')
        people[role] = actor_for(person, admin.account_id)
    return people


def test_sign_in_accepts_the_right_password_only_with_one_message_for_every_mistake(team: dict) -> None:
    assert sign_in('ADMIN@example.com ', PASSWORD).email == 'admin@example.com'
    for email, password in (('admin@example.com', 'wrong'), ('nobody@example.com', PASSWORD)):
        with pytest.raises(Refused) as refusal:
            sign_in(email, password)
        assert refusal.value.message == WRONG


def test_a_new_member_signs_in_with_the_temporary_password(team: dict) -> None:
    password = invite(team['admin'], 'new@example.com', 'New', 'editor')
    assert sign_in('new@example.com', password).display_name == 'New'
    other_code = invite(create_account_with_admin('Second', 'second@example.com', 'Admin'), 'new@example.com', '',
                        'viewer')
    assert sign_in('new@example.com', password).display_name == 'New'  # an existing person keeps their password
    with pytest.raises(Refused, match=WRONG):
        sign_in('new@example.com', other_code)


def _changes(actor: Actor, workflow: Workflow) -> dict[str, Callable[[], object]]:
    return {
        'create blank': lambda: create_blank(actor, 'New'),
        'start': lambda: apply_action(actor, workflow.id, 'start', workflow.version),
        'pause': lambda: apply_action(actor, workflow.id, 'pause', Workflow.get_by_id(workflow.id).version),
        'duplicate': lambda: duplicate_many(actor, [workflow.id]),
        'create folder': lambda: create_folder(actor, 'Folder'),
        'move': lambda: move_workflows(actor, [workflow.id], None),
        'import': lambda: import_workflows(actor, json.dumps(VALID).encode()),
        'use template': lambda: use_template(actor, 'review-request'),
        'save order': lambda: save_order(actor, [w.id for w in execution_order(actor)],
                                         order_token(execution_order(actor))),
        'save editor': lambda: save_draft(actor, workflow.id, Workflow.get_by_id(workflow.id).version,
                                          load_draft(actor, workflow.id)[1]),
        'delete': lambda: delete_many(actor, [workflow.id]),  # last: the others need the workflow
    }


@pytest.mark.parametrize('role', ['admin', 'editor', 'viewer'])
def test_every_change_is_checked_against_the_role(team: dict, role: str) -> None:
    actor = team[role]
    for name, change in _changes(actor, startable(team['admin'], 'Target')).items():
        if role == 'viewer':
            with pytest.raises(Forbidden):
                change()
        else:
            change()  # allowed: raises nothing
            assert name


def test_viewers_still_read_and_export(team: dict) -> None:
    workflow = create_blank(team['admin'], 'Readable')
    assert get_workflow(team['viewer'], workflow.id).name == 'Readable'
    assert export_workflows(team['viewer'], [workflow.id]).exported == ['Readable']


@pytest.mark.parametrize('role', ['editor', 'viewer'])
def test_only_admins_manage_people_and_accounts(team: dict, role: str) -> None:
    for manage in (lambda: invite(team[role], 'x@example.com', 'X', 'viewer'),
                   lambda: change_role(team[role], team['viewer'].person_id, 'editor'),
                   lambda: remove_member(team[role], team['viewer'].person_id),
                   lambda: create_account(team[role], 'Mine')):
        with pytest.raises(Forbidden):
            manage()


def test_the_last_admin_cannot_be_removed_or_demoted(team: dict) -> None:
    admin = team['admin']
    with pytest.raises(Refused, match='last admin'):
        remove_member(admin, admin.person_id)
    with pytest.raises(Refused, match='last admin'):
        change_role(admin, admin.person_id, 'viewer')
    change_role(admin, team['editor'].person_id, 'admin')
    remove_member(admin, admin.person_id)
    assert [m.email for m in members(team['editor'])] == ['editor@example.com', 'viewer@example.com']


def test_another_accounts_things_are_not_found(team: dict) -> None:
    mine = create_blank(team['admin'], 'Mine')
    stranger = create_account_with_admin('Other', 'other@example.com', 'Other')
    with pytest.raises(NotFound):
        get_workflow(stranger, mine.id)
    with pytest.raises(NotFound):
        actor_for(stranger.person_id, team['admin'].account_id)
    assert delete_many(stranger, [mine.id]).done == []
    assert export_workflows(stranger, [mine.id]).data is None
    assert Workflow.get_by_id(mine.id).name == 'Mine'


def test_a_hash_with_older_parameters_still_verifies_and_is_renewed_at_sign_in(team: dict) -> None:
    older = PasswordHasher(time_cost=3, memory_cost=64, parallelism=4).hash(PASSWORD)  # as hashed before
    Person.update(password_hash=older).where(Person.email == 'admin@example.com').execute()
    with pytest.raises(Refused):
        sign_in('admin@example.com', 'wrong password')
    assert Person.get(Person.email == 'admin@example.com').password_hash == older  # a failure renews nothing
    assert sign_in('admin@example.com', PASSWORD).email == 'admin@example.com'
    renewed = Person.get(Person.email == 'admin@example.com').password_hash or ''
    assert renewed != older
    assert not _hasher().check_needs_rehash(renewed)
    assert sign_in('admin@example.com', PASSWORD).password_hash == renewed  # and it signs in again
