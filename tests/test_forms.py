"""An account's forms: unique names, delete only while unused, and `.cn` import matching them by name."""

import json

import pytest

from model.access.gate import Actor
from model.account_data.forms import create_form, delete_form, form_users, list_forms, update_form
from model.common.errors import Forbidden, Invalid, Refused
from model.storage.schema import Content, Form, Node, Workflow
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.graph import NodeSpec, build_nodes, load_graph, refresh_derived
from model.workflows.incidents import find_incidents
from model.workflows.lifecycle import delete_many, new_workflow
from tests.factories import member, other_account, reload, rich


def test_forms_are_created_listed_and_renamed_with_unique_names(actor: Actor) -> None:
    signup = create_form(actor, '  Sign-up ', ['email', ' first name ', '', 'email'])
    assert (signup.name, signup.fields) == ('Sign-up', ['email', 'first name'])
    create_form(actor, 'Survey', ['score'])
    with pytest.raises(Invalid, match='There is already a form called "SIGN-UP" in this account'):
        create_form(actor, 'SIGN-UP', [])
    with pytest.raises(Invalid, match='already a form called "Survey"'):
        update_form(actor, signup.id, 'Survey', [])
    update_form(actor, signup.id, 'Newsletter sign-up', ['email'])
    assert [f.name for f in list_forms(actor)] == ['Newsletter sign-up', 'Survey']
    assert [f.name for f in list_forms(actor, 'SCORE')] == ['Survey']  # a field matches too
    create_form(other_account(), 'Survey', [])  # names are per account
    with pytest.raises(Forbidden):
        create_form(member(actor, 'viewer'), 'Quiz', [])


def test_a_form_in_use_cannot_be_deleted_and_the_refusal_names_its_users(actor: Actor) -> None:
    workflow = rich(actor, 'Welcome')  # listens to the account's form "Sign-up"
    form = Form.get(Form.name == 'Sign-up')
    assert [use.label for use in form_users(actor, form.id)] == ['Welcome']
    with pytest.raises(Refused, match=r'"Sign-up" is used by 1 workflow \("Welcome"\): change them first'):
        delete_form(actor, form.id)
    delete_many(actor, [workflow.id])  # in Recently deleted: it could come back, so it still counts
    with pytest.raises(Refused, match='Welcome \\(in Recently deleted\\)'):
        delete_form(actor, form.id)
    unused = create_form(actor, 'Unused', [])
    assert delete_form(actor, unused.id) == 'Unused'
    assert not Form.select().where(Form.id == unused.id).exists()


def listening(actor: Actor, name: str) -> Workflow:
    """Start → On form submitted ("Sign-up") → Send email."""
    workflow = new_workflow(actor.account_id, name, origin='blank')
    form = create_form(actor, 'Sign-up', ['email', 'first name'])
    content = Content.create(workflow=workflow, channel='email', name='Hi', subject='Hi', body='<p>Hi</p>')
    build_nodes(workflow, [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'new'},
                                    {'next': 'signup'}),
                           NodeSpec('signup', 'form_submitted', {'form': form.id}, {'next': 'email'}),
                           NodeSpec('email', 'send_email', {'content': content.id})])
    refresh_derived(workflow)
    return reload(workflow)


def test_import_matches_forms_by_name_and_creating_the_missing_one_gives_it_back(actor: Actor) -> None:
    source = listening(actor, 'Welcome')
    exported = export_workflows(actor, [source.id]).data or b''
    assert json.loads(exported)['workflows'][0]['forms'] == [{'key': 'f1', 'name': 'Sign-up',
                                                             'fields': ['email', 'first name']}]
    other = other_account()
    (imported,) = import_workflows(other, exported).workflows
    trigger = Node.get((Node.workflow == imported.id) & (Node.kind == 'form_submitted'))
    assert trigger.config == {'unmatched_form': 'Sign-up'}
    assert 'Form "Sign-up" does not exist in this account' in {i.message for i in find_incidents(
        load_graph(imported.id))}
    assert not Form.select().where(Form.account == other.account_id).exists()  # a file only finds forms
    created = create_form(other, 'sign-up', ['email'])
    assert reload(trigger.workflow_id).version == imported.version + 1
    assert Node.get_by_id(trigger.id).config == {'form': created.id}
    (again,) = import_workflows(other, exported).workflows  # now it matches at once
    assert Node.get((Node.workflow == again.id) & (Node.kind == 'form_submitted')).config == {'form': created.id}
    assert Workflow.select().where(Workflow.account == other.account_id).count() == 2

