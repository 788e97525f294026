"""The canvas element: Vue Flow with the workflow's cards, bundled in ui/canvas/dist/canvas.js
(sources in ui/canvas/src, rebuilt by scripts/build-canvas.sh).

Python owns the data: :meth:`FlowCanvas.show` sends nodes and connections, and the element reports what a
person did as events — ``select``, ``move``, ``connect``, ``add``, ``remove``, ``undo``, ``redo`` — which the
page stores (or refuses) and answers with the canvas as it is now.
"""

from nicegui import ui

EDIT, MOVE, VIEW = 'edit', 'move', 'view'  # everything; places only (structure locked); read-only


class FlowCanvas(ui.element, component='canvas/dist/canvas.js'):
    def __init__(self, mode: str) -> None:
        super().__init__()
        self._props['mode'] = mode
        self._props['nodes'] = []
        self._props['edges'] = []
        self._props['selected'] = None

    def show(self, nodes: list[dict], edges: list[dict], selected: str | None = None) -> None:
        """Draw these cards and connections (sent only when they changed)."""
        if (nodes, edges, selected) != (self._props['nodes'], self._props['edges'], self._props['selected']):
            self._props['nodes'], self._props['edges'], self._props['selected'] = nodes, edges, selected
            self.update()

    def select(self, key: str | None) -> None:
        if key != self._props['selected']:
            self._props['selected'] = key
            self.update()

    def redraw(self) -> None:
        """Send the canvas again as it is: the browser drops what the server refused (a dragged node goes back)."""
        self.update()

    def tidy(self) -> None:
        """Lay the nodes out (dagre, in the browser); the new places come back as one ``move``."""
        self.run_method('tidy')

    def fit(self) -> None:
        self.run_method('fit')
