"""The editor's drawing (a Mermaid flowchart, clickable) and its node palette."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from model.workflows.catalogue import CATALOGUE, GROUPS
from model.workflows.editing import Draft
from model.workflows.incidents import Incident

STYLES = ['  classDef error fill:#ffebee,stroke:#c62828,stroke-width:2px',
          '  classDef alert fill:#fff8e1,stroke:#ef6c00',
          '  classDef chosen stroke:#3348c8,stroke-width:4px']


def flowchart(draft: Draft, incidents: list[Incident], selected: str | None,
              notes: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Mermaid text and the node keys in the order of their Mermaid ids (n0, n1…).

    Labels are catalogue labels, node keys and ``notes`` (figures) only: nothing a person typed is
    drawn as markup.
    """
    keys = list(draft.nodes)
    ids = {key: f'n{index}' for index, key in enumerate(keys)}
    lines = ['flowchart TD', *STYLES]
    for key, node in draft.nodes.items():
        note = (notes or {}).get(key, key)
        lines.append(f'  {ids[key]}["{CATALOGUE[node.kind].label}<br/><small>{note}</small>"]')
    for edge in draft.edges:
        label = '' if edge.output == 'next' else f'|{edge.output}|'
        lines.append(f'  {ids[edge.source]} -->{label} {ids[edge.target]}')
    severity: dict[str, str] = {}
    for incident in incidents:
        if incident.node_key in ids and severity.get(incident.node_key) != 'error':
            severity[incident.node_key] = incident.severity
    lines += [f'  class {ids[key]} {level}' for key, level in severity.items()]
    if selected in ids:
        lines.append(f'  class {ids[selected]} chosen')
    return '\n'.join(lines), keys


def palette(on_add: Callable[[str], Awaitable[None]]) -> None:
    """Every kind of the catalogue, grouped as docs/product.md §7 lists them."""
    ui.label('Add a node').classes('text-subtitle2')
    for group in GROUPS[1:]:
        with ui.expansion(group, value=group == 'Triggers').classes('w-full').props('dense'):
            with ui.list().props('dense'):
                for kind in (k for k in CATALOGUE.values() if k.group == group):
                    ui.item(f'+ {kind.label}', on_click=lambda k=kind.kind: on_add(k)) \
                        .classes('text-primary').mark(f'add-{kind.kind}')
