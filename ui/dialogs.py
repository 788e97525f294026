"""Dialogs that live outside any refreshable part of the page and remove themselves when closed.

A dialog opened from a row or the folder tree would otherwise sit inside a part that live updates
redraw, and vanish while the person is typing in it. Since closing deletes the dialog, a button
does its work (and its notification) first and closes the dialog last.
"""

from nicegui import context, ui


def transient_dialog() -> ui.dialog:
    with context.client.layout:
        dialog = ui.dialog()
    dialog.on_value_change(lambda event: None if event.value else dialog.delete())
    return dialog
