"""Every shipped template imports through the importer with zero errors and can be started as it is."""

import pytest

from model.access.gate import Actor
from model.common.errors import NotFound
from model.storage.schema import Folder, Workflow
from model.workflows.lifecycle import apply_action
from model.workflows.templates import groups, templates, use_template

SLUGS = [template.slug for template in templates()]


def test_the_directory_has_at_least_four_groups_and_eight_templates() -> None:
    assert len(groups()) >= 4
    assert len(templates()) >= 8
    assert all(t.objective and t.description and t.channels and t.setup_minutes > 0 for t in templates())


@pytest.mark.parametrize('slug', SLUGS)
def test_each_template_starts_unchanged(actor: Actor, slug: str) -> None:
    folder = Folder.create(account=actor.account_id, name='Campaigns')
    workflow = use_template(actor, slug, folder.id)
    template = next(t for t in templates() if t.slug == slug)
    assert (workflow.name, workflow.origin, workflow.state, workflow.folder_id) == (
        template.name, 'template', 'draft', folder.id)
    assert (workflow.error_count, workflow.alert_count) == (0, 0)
    started = apply_action(actor, workflow.id, 'start', Workflow.get_by_id(workflow.id).version)
    assert started.state == 'active'


def test_an_unknown_template_is_not_found(actor: Actor) -> None:
    with pytest.raises(NotFound):
        use_template(actor, '../../etc/passwd')
