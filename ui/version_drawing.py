"""A version's drawing, read-only, its nodes coloured by what a compare found (added, removed, changed).

The one place that draws versions. It is a laid-out Mermaid picture (a version has no positions worth keeping
apart from the current ones); the editor and Live view use the canvas (ui/flow_canvas.py).
"""

from nicegui import ui

from model.workflows.editing import Draft, DraftNode, node_title
from model.workflows.incidents import GraphEdge
from model.workflows.versions import Drawing

MARKS = {  # mark → (Mermaid style, legend colour, word on the node: colour is never the only sign)
    'added': ('fill:#e8f5e9,stroke:#2e7d32,stroke-width:3px', 'green-8', 'added'),
    'removed': ('fill:#ffebee,stroke:#c62828,stroke-width:3px,stroke-dasharray:6 4', 'red-8', 'removed'),
    'changed': ('fill:#fff8e1,stroke:#ef6c00,stroke-width:3px', 'orange-9', 'changed'),
}


def version_drawing(drawing: Drawing) -> None:
    draft = Draft('', {key: DraftNode(kind) for key, kind in drawing.nodes},
                  [GraphEdge(*edge) for edge in drawing.edges], {}, {})
    ui.mermaid(_flowchart(draft, drawing.marks)).classes('w-full').mark('version-drawing')


def legend() -> None:
    with ui.row().classes('gap-2 items-center'):
        for mark, (_, colour, word) in MARKS.items():
            ui.badge(word, color=colour).props('outline').mark(f'legend-{mark}')


def _flowchart(draft: Draft, marks: dict[str, str]) -> str:
    """Mermaid text: catalogue labels and the compare's word only, never text a person typed."""
    ids = {key: f'n{index}' for index, key in enumerate(draft.nodes)}
    lines = ['flowchart TD', *(f'  classDef {mark} {style}' for mark, (style, _, _) in MARKS.items())]
    for key in draft.nodes:
        word = f'<br/><small>{MARKS[marks[key]][2]}</small>' if key in marks else ''
        lines.append(f'  {ids[key]}["{node_title(draft, key)}{word}"]')
    for edge in draft.edges:
        label = '' if edge.output == 'next' else f'|{edge.output}|'
        lines.append(f'  {ids[edge.source]} -->{label} {ids[edge.target]}')
    lines += [f'  class {ids[key]} {mark}' for key, mark in marks.items() if key in ids]
    return '\n'.join(lines)
