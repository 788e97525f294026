"""Export from the list and the editor, import on the creation page, in the simulated browser."""

import json

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from model.storage.schema import Workflow
from tests.pages.test_workflows_page import EVERYTHING, click_in_row, tick
from tests.test_cn_bad_input import VALID


async def upload(user: User, name: str, data: bytes) -> None:
    (area,) = user.find(kind=ui.upload, marker='import-upload').elements
    await area.handle_uploads([SmallFileUpload(name, 'application/json', data)])


async def test_export_one_workflow_from_its_more_menu(user: User) -> None:
    summer = Workflow.get(Workflow.name == 'Summer sale')
    await user.open(EVERYTHING)
    await click_in_row(user, summer.id, 'Export')
    response = await user.download.next()
    assert [w['name'] for w in json.loads(response.content)['workflows']] == ['Summer sale']
    await user.should_see('"Summer sale" exported')


async def test_bulk_export_makes_one_file_and_reports_per_workflow(user: User) -> None:
    names = ('Summer sale', 'Monthly digest')
    await user.open(EVERYTHING)
    for workflow in Workflow.select().where(Workflow.name.in_(names)):
        tick(user, workflow.id)
    await user.should_see(marker='bulk-export')
    user.find(marker='bulk-export').click()
    response = await user.download.next()
    assert sorted(w['name'] for w in json.loads(response.content)['workflows']) == sorted(names)
    await user.should_see('2 exported')


async def test_export_from_the_editor(user: User) -> None:
    digest = Workflow.get(Workflow.name == 'Monthly digest')
    await user.open(f'/workflows/{digest.id}')
    user.find(marker='editor-export').click()
    response = await user.download.next()
    assert json.loads(response.content)['workflows'][0]['name'] == 'Monthly digest'


async def test_importing_one_workflow_opens_it_as_a_draft(user: User) -> None:
    await user.open('/workflows/new')
    await upload(user, 'welcome.cn', json.dumps(VALID).encode())
    await user.should_see('"Welcome" imported as a draft')
    imported = Workflow.get((Workflow.name == 'Welcome') & (Workflow.origin == 'import'))
    assert imported.state == 'draft'
    await user.should_see(marker='workflow-name')


async def test_importing_several_lists_them_and_names_them(user: User) -> None:
    document = json.loads(json.dumps(VALID))
    second = json.loads(json.dumps(document['workflows'][0]))
    second['name'] = 'Second welcome'
    document['workflows'].append(second)
    await user.open('/workflows/new')
    await upload(user, 'two.cn', json.dumps(document).encode())
    await user.should_see('2 workflows imported as drafts: "Welcome", "Second welcome"')
    await user.should_see(marker='list-total')


async def test_a_broken_file_says_what_and_where_and_creates_nothing(user: User) -> None:
    before = Workflow.select().count()
    await user.open('/workflows/new')
    await upload(user, 'broken.cn', b'{"format": "cn-workflows", "version": 9}')
    await user.should_see('"broken.cn" was not imported: This file is .cn version 9')
    assert Workflow.select().count() == before
