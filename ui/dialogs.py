"""Dialogs that live outside any refreshable part of the page and remove themselves when closed.

A dialog opened from a row or the folder tree would otherwise sit inside a part that live updates
redraw, and vanish while the person is typing in it. Since closing deletes the dialog, a button
does its work (and its notification) first and closes the dialog last.
"""

from collections.abc import Callable
from typing import Any

from nicegui import context, ui


def transient_dialog() -> ui.dialog:
    with context.client.layout:
        dialog = ui.dialog()
    dialog.on_value_change(lambda event: None if event.value else dialog.delete())
    return dialog


def dialog_buttons(dialog: ui.dialog, label: str, on_click: Callable[[], Any], mark: str, *,
                   color: str = 'primary') -> None:
    """The closing row of a dialog: `Cancel`, then the button that does the work."""
    with ui.row().classes('w-full justify-end'):
        ui.button('Cancel', on_click=dialog.close).props('flat')
        ui.button(label, color=color, on_click=on_click).mark(mark)
