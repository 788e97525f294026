"""The template directory on the creation page."""

from nicegui.testing import User

from model.storage.schema import Folder, Workflow
from model.workflows.templates import templates


async def test_the_directory_shows_groups_and_cards_with_what_a_person_needs(user: User) -> None:
    await user.open('/workflows/new')
    for template in templates():
        await user.should_see(template.name)
        await user.should_see(template.objective)
    await user.should_see('Acquisition with forms')
    await user.should_see('≈ 10 min setup')
    assert len(user.find(marker='template-group').elements) >= 4


async def test_use_template_creates_a_draft_in_the_current_folder_and_opens_it(user: User) -> None:
    weekly = Folder.get(Folder.name == 'Weekly')
    await user.open(f'/workflows/new?folder={weekly.id}')
    user.find(marker='use-review-request').click()
    await user.should_see('"Review request" created from a template')
    created = Workflow.get((Workflow.name == 'Review request') & (Workflow.origin == 'template'))
    assert (created.state, created.folder_id, created.error_count) == ('draft', weekly.id, 0)
    await user.should_see(marker='editor-start')
