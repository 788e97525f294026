"""The template directory (docs/product.md §4): `.cn` files under data/templates/, described by
data/templates/index.json and created through the same importer as `Import workflow`."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from model.access.gate import Action, Actor, require
from model.common.errors import NotFound
from model.storage.schema import Workflow
from model.workflows.catalogue import CATALOGUE
from model.workflows.exchange import import_workflows, read_file

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / 'data' / 'templates'
CHANNELS = {'send_email': 'Email', 'send_sms': 'SMS', 'send_web_content': 'Web content'}


@dataclass(frozen=True)
class Template:
    slug: str
    group: str
    name: str
    objective: str
    description: str
    channels: tuple[str, ...]
    setup_minutes: int
    steps: tuple[tuple[str, str], ...]  # (node key, label)
    links: tuple[tuple[str, str, str], ...]  # (source key, output, target key)


@cache
def templates() -> tuple[Template, ...]:
    """Every template, in directory order; each file is checked by the importer's own rules."""
    found = []
    for entry in json.loads((TEMPLATE_DIR / 'index.json').read_text()):
        (workflow,) = read_file((TEMPLATE_DIR / entry['file']).read_bytes()).workflows
        kinds = [node.kind for node in workflow.nodes]
        found.append(Template(
            slug=entry['file'].removesuffix('.cn'), group=entry['group'], name=workflow.name,
            objective=entry['objective'], description=workflow.description,
            channels=tuple(label for kind, label in CHANNELS.items() if kind in kinds),
            setup_minutes=entry['setup_minutes'],
            steps=tuple((node.key, CATALOGUE[node.kind].label) for node in workflow.nodes),
            links=tuple((c.source, c.output, c.target) for c in workflow.connections)))
    return tuple(found)


def groups() -> dict[str, list[Template]]:
    grouped: dict[str, list[Template]] = {}
    for template in templates():
        grouped.setdefault(template.group, []).append(template)
    return grouped


def use_template(actor: Actor, slug: str, folder_id: int | None = None) -> Workflow:
    """A new draft named after the template, in the folder being viewed."""
    require(actor, Action.CHANGE)
    if slug not in {t.slug for t in templates()}:
        raise NotFound('This template does not exist')
    (workflow,) = import_workflows(actor, (TEMPLATE_DIR / f'{slug}.cn').read_bytes(), folder_id,
                                   origin='template').workflows
    return workflow
