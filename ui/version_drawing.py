"""A version's drawing: read-only on the canvas, its nodes marked by what a compare found (added, removed,
changed) in colour and in a word on the card, since colour is never the only sign."""

from nicegui import ui

from model.workflows.editing import Draft, DraftContent, DraftNode
from model.workflows.incidents import GraphEdge
from model.workflows.versions import Drawing
from ui.canvas_cards import cards
from ui.flow_canvas import VIEW, FlowCanvas

LEGEND = {'added': 'green-8', 'removed': 'red-8', 'changed': 'orange-9'}


def version_drawing(drawing: Drawing) -> None:
    stored = {node['key']: DraftNode(node['kind'], node.get('config') or {}, node.get('x', 0), node.get('y', 0))
              for node in drawing.nodes}
    contents = {c['id']: DraftContent(c['channel'], c['name'], c.get('subject') or '', c.get('body') or '')
                for c in drawing.contents}
    draft = Draft('', stored, [GraphEdge(*edge) for edge in drawing.edges], contents, {})
    nodes, edges = cards(draft, [], drawing.names)
    for node in nodes:
        node['mark'] = drawing.marks.get(node['id'])
    FlowCanvas(VIEW).classes('w-full').style('height: 420px').mark('version-drawing').show(nodes, edges)


def legend() -> None:
    with ui.row().classes('gap-2 items-center'):
        for mark, colour in LEGEND.items():
            ui.badge(mark, color=colour).props('outline').mark(f'legend-{mark}')
