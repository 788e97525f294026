"""A version's drawing, read-only, its nodes coloured by what a compare found (added, removed, changed).

The one place that draws versions: it reuses the editor's Mermaid flowchart today, and is what to point at the
editor's canvas once it replaces Mermaid.
"""

from nicegui import ui

from model.workflows.editing import Draft, DraftNode
from model.workflows.incidents import GraphEdge
from model.workflows.versions import Drawing
from ui.editor_graph import flowchart

MARKS = {  # mark → (Mermaid style, legend colour, word on the node: colour is never the only sign)
    'added': ('fill:#e8f5e9,stroke:#2e7d32,stroke-width:3px', 'green-8', 'added'),
    'removed': ('fill:#ffebee,stroke:#c62828,stroke-width:3px,stroke-dasharray:6 4', 'red-8', 'removed'),
    'changed': ('fill:#fff8e1,stroke:#ef6c00,stroke-width:3px', 'orange-9', 'changed'),
}


def version_drawing(drawing: Drawing) -> None:
    draft = Draft('', {key: DraftNode(kind) for key, kind in drawing.nodes},
                  [GraphEdge(*edge) for edge in drawing.edges], {}, {})
    notes = {key: f'{key} · {MARKS[mark][2]}' for key, mark in drawing.marks.items()}
    text, keys = flowchart(draft, [], None, notes)
    lines = [text, *(f'  classDef {mark} {style}' for mark, (style, _, _) in MARKS.items())]
    lines += [f'  class n{index} {drawing.marks[key]}' for index, key in enumerate(keys) if key in drawing.marks]
    ui.mermaid('\n'.join(lines)).classes('w-full').mark('version-drawing')


def legend() -> None:
    with ui.row().classes('gap-2 items-center'):
        for mark, (_, colour, word) in MARKS.items():
            ui.badge(word, color=colour).props('outline').mark(f'legend-{mark}')
