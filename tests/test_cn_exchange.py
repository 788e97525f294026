"""Export and import of `.cn` files across accounts (docs/product.md §6)."""

import json

from model.access.gate import Actor
from model.access.people import create_account_with_admin
from model.jobs.demo import seed_demo
from model.storage.schema import Content, CustomField, Folder, Form, Node, Segment, Workflow
from model.workflows.exchange import export_workflows, import_workflows
from model.workflows.graph import NodeSpec, build_nodes, refresh_derived
from model.workflows.lifecycle import new_workflow


def file_of(actor: Actor, *names: str) -> bytes:
    ids = [w.id for w in Workflow.select().where((Workflow.account == actor.account_id) & Workflow.name.in_(names))]
    result = export_workflows(actor, ids)
    assert result.data is not None
    return result.data


def comparable(data: bytes) -> list[dict]:
    return json.loads(data)['workflows']


def test_round_trip_into_another_account_gives_the_same_workflows(database) -> None:
    demo = seed_demo()
    names = ('Newsletter – VIP edition', 'Birthday greetings', 'Welcome series', 'Black Friday teaser')
    exported = file_of(demo, *names)
    other = create_account_with_admin('Elsewhere', 'else@example.com', 'Else')
    for name, kind, definition in (('VIP customers', 'contact', {'rule': 'total_spent > 1000'}),):
        Segment.create(account=other.account_id, name=name, kind=kind, definition=definition)
    CustomField.create(account=other.account_id, name='Birthday', field_type='date', options=[])
    Form.create(account=other.account_id, name='Newsletter sign-up', fields=['email', 'first name'])
    imported = import_workflows(other, exported).workflows
    assert sorted(w.name for w in imported) == sorted(names)
    assert {w.state for w in imported} == {'draft'} and {w.origin for w in imported} == {'import'}
    again = file_of(other, *names)
    assert comparable(again) == comparable(exported)
    assert Content.select().join(Workflow).where(Workflow.account == other.account_id).count() == 8
    assert Form.select().where(Form.account == other.account_id).count() == 1  # matched, not created


def test_unmatched_segments_give_errors_and_unmatched_fields_alerts(database) -> None:
    demo = seed_demo()
    exported = file_of(demo, 'Newsletter – VIP edition', 'Birthday greetings')
    other = create_account_with_admin('Elsewhere', 'else@example.com', 'Else')
    Segment.create(account=other.account_id, name='VIP customers', kind='contact', definition={'rule': 'other'})
    CustomField.create(account=other.account_id, name='Birthday', field_type='text', options=[])
    vip, birthday = sorted(import_workflows(other, exported).workflows, key=lambda w: w.name)[::-1]
    check = Node.get((Node.workflow == vip.id) & (Node.kind == 'in_segment'))
    assert check.config == {'unmatched_segment': 'VIP customers'}
    assert (Workflow.get_by_id(vip.id).error_count, Segment.select().where(Segment.account == other.account_id)
            .count()) == (1, 1)
    has_field = Node.get((Node.workflow == birthday.id) & (Node.kind == 'has_field'))
    assert has_field.config == {'removed_fields': ['Birthday']}
    assert Workflow.get_by_id(birthday.id).alert_count == 1


def test_product_filters_and_integrated_forms_are_left_out(actor: Actor) -> None:
    workflow = new_workflow(actor.account_id, 'Filters')
    build_nodes(workflow, [NodeSpec('start', 'start', {'selection': 'all contacts', 'data_source': 'new'},
                                    {'next': 'cart'}),
                           NodeSpec('cart', 'cart_abandonment', {'product_filter': 'sku-42'}, {'next': 'form'}),
                           NodeSpec('form', 'form_submitted', {'integrated_form': 'shopify-7'})])
    refresh_derived(workflow)
    (exported,) = comparable(file_of(actor, 'Filters'))
    assert [n['config'] for n in exported['nodes']] == [{'selection': 'all contacts', 'data_source': 'new'}, {}, {}]


def test_custom_integration_workflows_are_refused_and_named_while_others_export(database) -> None:
    demo = seed_demo()
    custom = new_workflow(demo.account_id, 'Webhook flow')
    build_nodes(custom, [NodeSpec('start', 'start', {}, {'next': 'hook'}),
                         NodeSpec('hook', 'custom_integration', {'event_name': 'crm.updated'})])
    ids = [custom.id, Workflow.get(Workflow.name == 'Summer sale').id]
    result = export_workflows(demo, ids)
    assert result.exported == ['Summer sale']
    assert result.skipped == [('Webhook flow', 'contains a custom integration node')]
    assert result.filename == 'summer-sale.cn'
    assert export_workflows(demo, [custom.id]).data is None


def test_file_names(database) -> None:
    demo = seed_demo()
    ids = [w.id for w in Workflow.select().where(Workflow.name.in_(['Summer sale', 'Monthly digest']))]
    assert export_workflows(demo, ids).filename == 'workflows-2-2026-11-24.cn'
    accented = Workflow.get(Workflow.name == 'Re-engagement – 90 days')
    assert export_workflows(demo, [accented.id]).filename == 're-engagement-90-days.cn'


def test_imports_land_in_the_given_folder_and_another_account_exports_nothing_of_ours(database) -> None:
    demo = seed_demo()
    other = create_account_with_admin('Elsewhere', 'else@example.com', 'Else')
    summer = Workflow.get(Workflow.name == 'Summer sale')
    assert export_workflows(other, [summer.id]).data is None
    folder = Folder.create(account=other.account_id, name='Imported')
    (created,) = import_workflows(other, file_of(demo, 'Summer sale'), folder.id).workflows
    assert created.folder_id == folder.id
