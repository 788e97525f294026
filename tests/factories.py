"""Small builders for the domain tests: workflows with real nodes, states reached through the services."""

from datetime import datetime
from typing import Any, cast

from model.access.gate import Actor
from model.access.invitations import accept_invitation, invite
from model.access.people import actor_for, create_account_with_admin
from model.access.sessions import claim, end_session, new_browser_key, open_session
from model.storage.schema import Account, Connection, Content, Form, Invitation, Membership, Node, Person, Workflow
from model.workflows.editing import Draft, add_edit, apply_edit, connect_edit, remove_edit
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import apply_action, new_workflow
from model.workflows.states import ACTIVE, DRAFT, FINALIZED, PAUSED

EMAIL_START = {'selection': 'with email', 'data_source': 'existing'}

# the actions that lead from a draft to each state
PATH_TO = {DRAFT: (), ACTIVE: ('start',), PAUSED: ('start', 'pause'), FINALIZED: ('start', 'finalize')}


def reload(workflow: Workflow | int) -> Workflow:
    return Workflow.get_by_id(workflow if isinstance(workflow, int) else workflow.id)


def row(workflow: Workflow | int) -> dict[str, Any]:
    """Every stored column of a workflow, to compare before and after a refused action."""
    workflow_id = workflow if isinstance(workflow, int) else workflow.id
    stored = Workflow.select().where(Workflow.id == workflow_id).dicts().get()
    return cast(dict[str, Any], stored)


def startable(actor: Actor, name: str = 'Ready to go', folder_id: int | None = None,
              description: str = '') -> Workflow:
    """A draft without incidents: Start → Send email, with its own content."""
    workflow = new_workflow(actor.account_id, name, description=description, folder=folder_id, origin='blank')
    content = Content.create(workflow=workflow, channel='email', name='Hello', subject='Hello', body='<p>Hi</p>')
    build_nodes(workflow, [NodeSpec('start', 'start', EMAIL_START, {'next': 'email'}),
                           NodeSpec('email', 'send_email', {'content': content.id})])
    refresh_derived(workflow)
    return reload(workflow)


def in_state(actor: Actor, state: str, name: str = 'Ready to go') -> Workflow:
    """A startable workflow taken to ``state`` through the real transitions."""
    workflow = startable(actor, name)
    for action in PATH_TO[state]:
        workflow = apply_action(actor, workflow.id, action, workflow.version)
    assert workflow.state == state
    return workflow


def rich(actor: Actor, name: str = 'Welcome', folder_id: int | None = None) -> Workflow:
    """A draft listening to the account's form "Sign-up", with a condition, two emails and an SMS: contents and
    every output kind."""
    workflow = new_workflow(actor.account_id, name, description='Three messages', folder=folder_id, origin='blank')
    form = Form.get_or_create(account=actor.account_id, name='Sign-up', defaults={'fields': ['email', 'first name']})[0]
    welcome = Content.create(workflow=workflow, channel='email', name='Welcome', subject='Welcome!',
                             body='<p>Welcome</p>')
    later = Content.create(workflow=workflow, channel='email', name='Later', subject='Still there?', body='<p>Hi</p>')
    sms = Content.create(workflow=workflow, channel='sms', name='SMS', subject='', body='Hello by SMS')
    build_nodes(workflow, [
        NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'new'}, {'next': 'signup'}),
        NodeSpec('signup', 'form_submitted', {'form': form.id}, {'next': 'check'}),
        NodeSpec('check', 'opened_email', {}, {'yes': 'welcome', 'no': 'sms'}),
        NodeSpec('welcome', 'send_email', {'content': welcome.id, 'subject': 'Welcome!'}, {'next': 'wait'}),
        NodeSpec('wait', 'wait', {'duration_hours': 24}, {'next': 'later'}),
        NodeSpec('later', 'send_email', {'content': later.id}),
        NodeSpec('sms', 'send_sms', {'content': sms.id}),
    ])
    refresh_derived(workflow)
    return reload(workflow)


def join(actor: Actor, email: str, name: str, role: str) -> str:
    """``email`` invited into the actor's account as ``role``, and the invitation accepted by that person from a
    session of theirs, ended afterwards; returns the invitation's code (a new person's temporary password)."""
    code = invite(actor, email, name, role)
    person = Person.get(Person.email == email.strip().lower())
    browser = new_browser_key()
    session_id = claim(open_session(person.id, browser), browser)
    invitation = Invitation.get((Invitation.person == person) & (Invitation.account == actor.account_id))
    accept_invitation(session_id, invitation.id)
    end_session(session_id)
    return code


def other_account() -> Actor:
    """The admin of a second account."""
    return create_account_with_admin('Other account', 'other@example.com', 'Other admin')


def member(actor: Actor, role: str, email: str = 'viewer@example.com') -> Actor:
    """Another person with ``role`` in the actor's account."""
    person = Person.create(email=email, display_name=role.title())
    account = Account.get_by_id(actor.account_id)
    Membership.create(person=person, account=account, role=role)
    return actor_for(person, account)


def owned_rows(workflow_id: int) -> dict[str, int]:
    """How many nodes, connections and contents a workflow owns."""
    return {model.__name__: model.select().where(model.workflow == workflow_id).count()
            for model in (Node, Connection, Content)}


def touch(workflow: Workflow, **columns: Any) -> None:
    """Set columns directly (dates, derived columns) to build list fixtures quickly."""
    Workflow.update(**columns).where(Workflow.id == workflow.id).execute()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def add_node(draft: Draft, kind: str) -> str:
    """A node added to a working copy as the canvas adds one (alone); its key."""
    edit = add_edit(draft, kind)
    apply_edit(draft, edit)
    return next(iter(edit.added))


def connect(draft: Draft, source: str, output: str, target: str) -> None:
    apply_edit(draft, connect_edit(draft, source, output, target))


def remove_node(draft: Draft, key: str) -> None:
    apply_edit(draft, remove_edit(draft, [key], []))
