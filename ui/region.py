"""A part of a page that the browser draws again on its own.

NiceGUI's browser side draws an element's update again from its nearest Vue component upwards: every plain
element (a row, a column, a label) between the two is drawn again, and every component among them too. Putting a
part that live updates change (the list, the counts) in a region keeps such an update to that part.
"""

from nicegui import ui


class Region(ui.element, component='region.js'):
    pass
