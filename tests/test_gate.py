"""The gate, proved for every public service of model/: each one is collected by walking the modules (a new one
missing from :data:`SERVICES` fails this test) and called as seven people; who gets through must be exactly
who the rule of its action lets through (model/access/gate.py, docs/security.md "The gate").

Each call runs in a transaction that is rolled back, so every person meets the same data.
"""

import dataclasses
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from peewee import Model

import model
from model.access import activity, invitations, people, site_operators
from model.access.gate import Action, Actor
from model.access.people import actor_for, create_account_with_admin
from model.access.sessions import real_now
from model.account_data import custom_fields, forms, segments
from model.common.clock import clock
from model.common.errors import DomainError, Forbidden, NotFound
from model.jobs import site_settings, training
from model.jobs.startup import open_database
from model.storage.db import close_database, db
from model.storage.schema import DEMO_KIND, Account, Invitation, Membership, Person, SignInSession
from model.traffic import statistics
from model.workflows import (
    editing,
    exchange,
    folders,
    lifecycle,
    listing,
    priority,
    templates,
    trash,
    undo,
    version_restore,
    versions,
)
from model.workflows.bulk import Undone, UndoToken
from tests.account_snapshot import account_snapshot
from tests.conftest import FROZEN_NOW
from tests.database_urls import drop_database, fresh_database_url
from tests.factories import in_state, startable

SECRET = 'Secret'  # every name in the account the others must not reach
NOT_SERVICES = {  # public functions taking an Actor that are not services, and why
    'model.access.activity.record_by': "writes a service's activity line inside that service, after it asked the gate",
    'model.workflows.editing.store_draft': "a save's writes inside the saving service's transaction, after it asked",
}
ROLES = ('ended session', 'removed member', 'viewer', 'editor', 'admin of another account', 'admin', 'site operator')
ALLOWED = {
    Action.READ: {'viewer', 'editor', 'admin', 'site operator'},
    Action.CHANGE: {'editor', 'admin', 'site operator'},
    Action.ADMINISTER: {'admin', 'site operator'},
    Action.TRAIN: {'admin', 'site operator'},  # the account is a demo
    Action.OPERATE_SITE: {'site operator'},
}


@dataclass
class World:
    """Account "Secret shop" (a demo) with one of everything, its people, and a second account."""

    actors: dict[str, Actor]
    app: Actor  # the application itself, to prepare arguments
    workflow: int
    paused: int
    deleted: int
    folder: int
    subfolder: int
    segment: int
    field: int
    target: int  # a viewer whose role, password and membership the admins change
    invitation: int  # an invitation the secret shop sent
    form: int
    version: int  # the first version of ``workflow``
    admin: int
    data: bytes  # a `.cn` file to import (its names are not secret: whoever imports it has it)
    draft: editing.Draft
    page: listing.ListPage  # as a page of the secret shop shows it, minus the rows (it sends back those it has)
    order_token: str


@dataclass(frozen=True)
class Case:
    action: Action
    call: Callable[[Actor, World], object]


def _version(workflow_id: int) -> int:
    return lifecycle.Workflow.get_by_id(workflow_id).version


SERVICES: dict[str, Case] = {
    'model.access.activity.activity_page': Case(Action.READ, lambda a, w: activity.activity_page(
        a, activity.ActivityQuery())),
    'model.access.activity.workflow_history': Case(Action.READ, lambda a, w: activity.workflow_history(a, w.workflow)),
    'model.access.activity.people_in_log': Case(Action.READ, lambda a, w: activity.people_in_log(a)),
    'model.access.people.account_name': Case(Action.READ, lambda a, w: people.account_name(a)),
    'model.access.people.members': Case(Action.ADMINISTER, lambda a, w: people.members(a)),
    'model.access.invitations.invite': Case(Action.ADMINISTER, lambda a, w: invitations.invite(
        a, 'new@example.com', 'New', 'viewer')),
    'model.access.invitations.sent_invitations': Case(Action.ADMINISTER, lambda a, w: invitations.sent_invitations(a)),
    'model.access.invitations.withdraw_invitation': Case(Action.ADMINISTER,
                                                         lambda a, w: invitations.withdraw_invitation(a, w.invitation)),
    'model.account_data.forms.list_forms': Case(Action.READ, lambda a, w: forms.list_forms(a)),
    'model.account_data.forms.get_form': Case(Action.READ, lambda a, w: forms.get_form(a, w.form)),
    'model.account_data.forms.form_users': Case(Action.READ, lambda a, w: forms.form_users(a, w.form)),
    'model.account_data.forms.create_form': Case(Action.CHANGE, lambda a, w: forms.create_form(a, 'New form', ['a'])),
    'model.account_data.forms.update_form': Case(Action.CHANGE, lambda a, w: forms.update_form(
        a, w.form, 'Renamed form', ['a'])),
    'model.account_data.forms.delete_form': Case(Action.CHANGE, lambda a, w: forms.delete_form(a, w.form)),
    'model.workflows.lifecycle.apply_action_batch': Case(Action.CHANGE, lambda a, w: lifecycle.apply_action_batch(
        a, [w.paused], 'resume')),
    'model.workflows.editing.save_canvas_edit': Case(Action.CHANGE, lambda a, w: editing.save_canvas_edit(
        a, w.workflow, _version(w.workflow), editing.CanvasEdit(moved={'start': (40, 40)}))),
    'model.workflows.versions.list_versions': Case(Action.READ, lambda a, w: versions.list_versions(a, w.workflow)),
    'model.workflows.versions.read_version': Case(Action.READ, lambda a, w: versions.read_version(
        a, w.workflow, w.version)),
    'model.workflows.versions.compare_versions': Case(Action.READ, lambda a, w: versions.compare_versions(
        a, w.workflow, w.version, w.version)),
    'model.workflows.versions.versions_of': Case(Action.READ, lambda a, w: versions.versions_of(
        a, w.workflow, [w.version])),
    'model.workflows.version_restore.restore_version': Case(Action.CHANGE, lambda a, w: version_restore.restore_version(
        a, w.workflow, w.version, _version(w.workflow))),
    'model.workflows.version_restore.restore_as_new_draft': Case(
        Action.CHANGE, lambda a, w: version_restore.restore_as_new_draft(a, w.workflow, w.version)),
    'model.access.people.reset_password': Case(Action.ADMINISTER, lambda a, w: people.reset_password(a, w.target)),
    'model.access.people.change_role': Case(Action.ADMINISTER, lambda a, w: people.change_role(a, w.target, 'editor')),
    'model.access.people.remove_member': Case(Action.ADMINISTER, lambda a, w: people.remove_member(a, w.target)),
    'model.access.people.create_account': Case(Action.OPERATE_SITE, lambda a, w: people.create_account(a, 'New shop')),
    'model.access.people.rename_account': Case(Action.ADMINISTER, lambda a, w: people.rename_account(a, 'Renamed')),
    'model.access.site_operators.site_operators': Case(Action.OPERATE_SITE,
                                                       lambda a, w: site_operators.site_operators(a)),
    'model.access.site_operators.grant_site_operator': Case(Action.OPERATE_SITE, lambda a, w: (
        site_operators.grant_site_operator(a, w.admin))),
    'model.account_data.custom_fields.list_fields': Case(Action.READ, lambda a, w: custom_fields.list_fields(a)),
    'model.account_data.custom_fields.get_field': Case(Action.READ, lambda a, w: custom_fields.get_field(a, w.field)),
    'model.account_data.custom_fields.create_field': Case(Action.CHANGE, lambda a, w: custom_fields.create_field(
        a, 'New field', 'text')),
    'model.account_data.custom_fields.update_field': Case(Action.CHANGE, lambda a, w: custom_fields.update_field(
        a, w.field, 'Renamed field', 'text')),
    'model.account_data.custom_fields.delete_field': Case(Action.CHANGE, lambda a, w: custom_fields.delete_field(
        a, w.field)),
    'model.account_data.custom_fields.field_users': Case(Action.READ, lambda a, w: custom_fields.field_users(
        a, w.field)),
    'model.account_data.segments.list_segments': Case(Action.READ, lambda a, w: segments.list_segments(a)),
    'model.account_data.segments.get_segment': Case(Action.READ, lambda a, w: segments.get_segment(a, w.segment)),
    'model.account_data.segments.create_segment': Case(Action.CHANGE, lambda a, w: segments.create_segment(
        a, 'New segment', 'contact', 'points > 1')),
    'model.account_data.segments.update_segment': Case(Action.CHANGE, lambda a, w: segments.update_segment(
        a, w.segment, 'Renamed segment', 'contact', 'points > 2')),
    'model.account_data.segments.delete_segment': Case(Action.CHANGE, lambda a, w: segments.delete_segment(
        a, w.segment)),
    'model.account_data.segments.segment_users': Case(Action.READ, lambda a, w: segments.segment_users(a, w.segment)),
    'model.jobs.site_settings.advance_clock': Case(Action.ADMINISTER, lambda a, w: site_settings.advance_clock(
        a, '3 months')),
    'model.jobs.site_settings.back_to_real_time': Case(Action.ADMINISTER,
                                                       lambda a, w: site_settings.back_to_real_time(a)),
    'model.jobs.site_settings.set_simulator': Case(Action.OPERATE_SITE, lambda a, w: site_settings.set_simulator(
        a, True, 9)),
    'model.jobs.training.reset_demo': Case(Action.TRAIN, lambda a, w: training.reset_demo(a)),
    'model.jobs.training.create_trainee_accounts': Case(Action.TRAIN, lambda a, w: training.create_trainee_accounts(
        a, 1, 'Trainee')),
    'model.jobs.training.trainee_accounts': Case(Action.TRAIN, lambda a, w: training.trainee_accounts(a)),
    'model.jobs.training.remove_trainee_accounts': Case(Action.TRAIN,
                                                        lambda a, w: training.remove_trainee_accounts(a)),
    'model.traffic.statistics.live_figures': Case(Action.READ, lambda a, w: statistics.live_figures(
        a, w.paused, 30)),
    'model.workflows.editing.load_draft': Case(Action.READ, lambda a, w: editing.load_draft(a, w.workflow)),
    'model.workflows.editing.save_draft': Case(Action.CHANGE, lambda a, w: editing.save_draft(
        a, w.workflow, _version(w.workflow), w.draft)),
    'model.workflows.editing.pickers': Case(Action.READ, lambda a, w: editing.pickers(a)),
    'model.workflows.exchange.Exporter.batch': Case(Action.READ, lambda a, w: exchange.Exporter(a).batch(
        [w.workflow])),
    'model.workflows.exchange.Exporter.result': Case(Action.READ, lambda a, w: exchange.Exporter(a).result()),
    'model.workflows.exchange.export_workflows': Case(Action.READ, lambda a, w: exchange.export_workflows(
        a, [w.workflow])),
    'model.workflows.exchange.import_workflows': Case(Action.CHANGE, lambda a, w: exchange.import_workflows(
        a, w.data)),
    'model.workflows.folders.folder_tree': Case(Action.READ, lambda a, w: folders.folder_tree(a)),
    'model.workflows.folders.count_unfiled': Case(Action.READ, lambda a, w: folders.count_unfiled(a)),
    'model.workflows.folders.create_folder': Case(Action.CHANGE, lambda a, w: folders.create_folder(a, 'New')),
    'model.workflows.folders.rename_folder': Case(Action.CHANGE, lambda a, w: folders.rename_folder(
        a, w.folder, 'Renamed')),
    'model.workflows.folders.delete_folder': Case(Action.CHANGE, lambda a, w: folders.delete_folder(a, w.folder)),
    'model.workflows.folders.move_workflows': Case(Action.CHANGE, lambda a, w: folders.move_workflows(
        a, [w.workflow], None)),
    'model.workflows.folders.move_folder': Case(Action.CHANGE, lambda a, w: folders.move_folder(
        a, w.subfolder, None)),
    'model.workflows.folders.get_folder': Case(Action.READ, lambda a, w: folders.get_folder(a, w.folder)),
    'model.workflows.folders.folder_label': Case(Action.READ, lambda a, w: folders.folder_label(a, w.folder)),
    'model.workflows.lifecycle.get_workflow': Case(Action.READ, lambda a, w: lifecycle.get_workflow(a, w.workflow)),
    'model.workflows.lifecycle.create_blank': Case(Action.CHANGE, lambda a, w: lifecycle.create_blank(a, 'New')),
    'model.workflows.lifecycle.apply_action': Case(Action.CHANGE, lambda a, w: lifecycle.apply_action(
        a, w.workflow, 'start', _version(w.workflow))),
    'model.workflows.lifecycle.duplicate_many': Case(Action.CHANGE, lambda a, w: lifecycle.duplicate_many(
        a, [w.workflow])),
    'model.workflows.lifecycle.duplicate_batch': Case(Action.CHANGE, lambda a, w: lifecycle.duplicate_batch(
        a, [w.workflow])),
    'model.workflows.lifecycle.delete_many': Case(Action.CHANGE, lambda a, w: lifecycle.delete_many(
        a, [w.workflow])),
    'model.workflows.lifecycle.current_version': Case(Action.READ, lambda a, w: lifecycle.current_version(
        a, w.workflow)),
    'model.workflows.listing.list_workflows': Case(Action.READ, lambda a, w: listing.list_workflows(
        a, listing.ListQuery())),
    'model.workflows.listing.refreshed': Case(Action.READ, lambda a, w: listing.refreshed(a, w.page, [w.workflow])),
    'model.workflows.listing.matching_ids': Case(Action.READ, lambda a, w: listing.matching_ids(
        a, listing.ListQuery())),
    'model.workflows.listing.selection_in_filter': Case(Action.READ, lambda a, w: listing.selection_in_filter(
        a, listing.ListQuery(), {w.workflow})),
    'model.workflows.listing.count_matching': Case(Action.READ, lambda a, w: listing.count_matching(
        a, listing.ListQuery())),
    'model.workflows.listing.workflows_by_id': Case(Action.READ, lambda a, w: listing.workflows_by_id(
        a, [w.workflow])),
    'model.workflows.priority.execution_order': Case(Action.READ, lambda a, w: priority.execution_order(a)),
    'model.workflows.priority.save_order': Case(Action.CHANGE, lambda a, w: priority.save_order(
        a, [w.paused], w.order_token)),
    'model.workflows.priority.ranks': Case(Action.READ, lambda a, w: priority.ranks(
        a, [lifecycle.Workflow.get_by_id(w.paused)])),
    'model.workflows.templates.use_template': Case(Action.CHANGE, lambda a, w: templates.use_template(
        a, templates.templates()[0].slug)),
    'model.workflows.trash.deleted_page': Case(Action.READ, lambda a, w: trash.deleted_page(a)),
    'model.workflows.trash.deleted_ids': Case(Action.READ, lambda a, w: trash.deleted_ids(a)),
    'model.workflows.trash.restore': Case(Action.CHANGE, lambda a, w: trash.restore(a, [w.deleted])),
    'model.workflows.trash.delete_permanently': Case(Action.CHANGE, lambda a, w: trash.delete_permanently(
        a, [w.deleted])),
    'model.workflows.undo.undo': Case(Action.CHANGE, lambda a, w: undo.undo(a, UndoToken(
        'delete', a.account_id, [Undone(w.deleted, 'the deleted one', _version(w.deleted))]))),
}


def public_services() -> set[str]:
    """Every public function of model/ whose first parameter is an Actor, and the public methods of classes built
    with one (an exporter), found by walking the modules."""
    found: set[str] = set()
    for info in pkgutil.walk_packages(model.__path__, 'model.'):
        module = importlib.import_module(info.name)
        if info.name == 'model.access.gate':
            continue  # the gate itself
        for name, item in vars(module).items():
            if name.startswith('_') or getattr(item, '__module__', None) != module.__name__:
                continue
            if inspect.isfunction(item) and _takes_actor_first(item):
                found.add(f'{module.__name__}.{name}')
            elif inspect.isclass(item) and _takes_actor_first(item.__init__, skip_self=True):
                found |= {f'{module.__name__}.{name}.{method}' for method, function in vars(item).items()
                          if inspect.isfunction(function) and not method.startswith('_')}
    return found - set(NOT_SERVICES)


def _takes_actor_first(function: Callable, skip_self: bool = False) -> bool:
    parameters = list(inspect.signature(function).parameters)[1 if skip_self else 0:]
    return bool(parameters) and typing.get_type_hints(function).get(parameters[0]) is Actor


def test_every_public_service_has_its_row_in_the_table() -> None:
    services = public_services()
    assert len(services) > 60  # the walk found the modules
    assert sorted(services - set(SERVICES)) == [], 'add a row to SERVICES for each new service'
    assert sorted(set(SERVICES) - services) == [], 'a row for a service that no longer exists'


@pytest.fixture(scope='module')
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    url = fresh_database_url(tmp_path_factory.mktemp('gate'))
    open_database(url)
    clock.freeze(FROZEN_NOW)
    try:
        yield _build_world()
    finally:
        clock.reset()
        close_database()
        drop_database(url)


def _build_world() -> World:
    app = create_account_with_admin('Secret shop', 'operator@example.com', 'Operator')  # the first admin: operator
    Account.update(kind=DEMO_KIND).where(Account.id == app.account_id).execute()
    people_of = {role: _person(app, f'{role}@example.com', role) for role in ('admin', 'editor', 'viewer', 'removed',
                                                                             'target')}
    Membership.delete().where(Membership.person == people_of['removed']).execute()
    other = create_account_with_admin('Other shop', 'other@example.com', 'Other admin')
    folder = folders.create_folder(app, f'{SECRET} folder')
    subfolder = folders.create_folder(app, f'{SECRET} subfolder', folder.id)
    workflow = startable(app, f'{SECRET} plan', folder_id=folder.id)
    paused = in_state(app, 'paused', f'{SECRET} paused')
    deleted = startable(app, f'{SECRET} deleted')
    lifecycle.delete_many(app, [deleted.id])
    segment = segments.create_segment(app, f'{SECRET} segment', 'contact', 'points > 0')
    field = custom_fields.create_field(app, f'{SECRET} field', 'text')
    actors = {
        'ended session': actor_for(app.person_id, app.account_id, _session(app.person_id, ended=True)),
        'removed member': Actor(people_of['removed'], app.account_id, 'editor', _session(people_of['removed'])),
        'admin of another account': actor_for(other.person_id, other.account_id, _session(other.person_id)),
        'site operator': actor_for(app.person_id, app.account_id, _session(app.person_id)),
        **{role: actor_for(people_of[role], app.account_id, _session(people_of[role]))
           for role in ('viewer', 'editor', 'admin')},
    }
    invitations.invite(app, 'invited@example.com', 'Invited', 'viewer')
    form = forms.create_form(app, f'{SECRET} form', ['email'])
    recorded = versions.record_version(workflow.id, app.person_id)  # the factory writes no version
    assert recorded is not None
    version = recorded.id
    invitation = Invitation.get(Invitation.account == app.account_id).id
    exported = exchange.export_workflows(app, [workflow.id]).data or b''
    return World(actors=actors, app=app, workflow=workflow.id, paused=paused.id, deleted=deleted.id,
                 folder=folder.id, subfolder=subfolder.id, segment=segment.id, field=field.id,
                 target=people_of['target'], admin=people_of['admin'], invitation=invitation, form=form.id,
                 version=version,
                 data=exported.replace(SECRET.encode(), b'Shared'),
                 draft=editing.load_draft(app, workflow.id)[1],
                 page=dataclasses.replace(listing.list_workflows(app, listing.ListQuery()), rows=[]),
                 order_token=priority.order_token(priority.execution_order(app)))


def _person(actor: Actor, email: str, role: str) -> int:
    person = Person.create(email=email, display_name=email.split('@')[0], password_hash='unused')
    Membership.create(person=person, account=actor.account_id, role='viewer' if role == 'target' else role)
    return person.id


def _session(person_id: int, ended: bool = False) -> str:
    session_id = f'session-of-{person_id}-{ended}'
    SignInSession.create(id=session_id, person=person_id, created_at=real_now(), last_seen_at=real_now(),
                         ended_at=real_now() if ended else None)
    return session_id


@pytest.mark.parametrize('service', sorted(SERVICES))
def test_the_gate_lets_through_exactly_whom_the_rule_allows(world: World, service: str) -> None:
    case = SERVICES[service]
    outcomes = {role: _outcome(case, world, role) for role in ROLES}
    expected = {role: 'isolated' if role == 'admin of another account'
                else 'allowed' if role in ALLOWED[case.action] else 'refused' for role in ROLES}
    assert outcomes == expected


def _outcome(case: Case, world: World, role: str) -> str:
    """What happened to one person's call, undone afterwards: allowed, refused (by the gate: forbidden or not found),
    isolated (another account's admin neither changed nor learned anything of the secret shop, whatever the answer),
    or what went wrong."""
    actor = world.actors[role]
    with db.atomic() as transaction:
        before = _secret_shop(world)
        try:
            with db.atomic():
                result: object = case.call(actor, world)
            outcome = 'allowed'
        except (Forbidden, NotFound):
            result, outcome = None, 'refused'
        except DomainError as error:
            result, outcome = None, f'{type(error).__name__}: {error}'
        if role == 'admin of another account':  # any answer will do, if the secret shop is as it was
            outcome = 'isolated' if _secret_shop(world) == before and SECRET not in _texts(result) else 'reached it'
        transaction.rollback()
    clock.forget_stored_offsets()
    return outcome


def _secret_shop(world: World) -> dict[str, Any]:
    account = Account.get_by_id(world.app.account_id)
    return {**account_snapshot(world.app.account_id),
            'clock': account.clock_offset_seconds,
            'people': sorted((m.person.email, m.role, m.person.password_hash, m.person.site_operator)
                             for m in Membership.select(Membership, Person).join(Person)
                             .where(Membership.account == world.app.account_id)),
            'simulator': site_settings.simulator_settings()}


def _texts(value: object) -> str:
    """Every text a result holds, model rows and dataclasses included, to look for the secret shop's names."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode(errors='replace')
    if isinstance(value, Model):
        return _texts(value.__data__)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _texts({item.name: getattr(value, item.name) for item in dataclasses.fields(value)})
    if isinstance(value, dict):
        return ' '.join(_texts(key) + ' ' + _texts(item) for key, item in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return ' '.join(_texts(item) for item in value)
    return repr(value)

