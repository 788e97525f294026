"""What an account without workflows shows instead of the list: the three ways to a first workflow."""

from nicegui import ui

from model.access.gate import Action, Actor, allowed
from ui.create_page import name_dialog


def first_steps(actor: Actor, folder_id: int | None) -> ui.card:
    """A panel offering `Create from a template`, `Create blank` and `Import a file` (the creation page has the
    template directory and the import area); someone who may only look reads that there is nothing yet."""
    with ui.card().props('flat bordered').classes('w-full items-center q-pa-xl gap-3').mark('first-steps') as panel:
        ui.icon('rocket_launch', size='xl').classes('text-primary')
        ui.label('No workflows yet').classes('text-h6')
        if not allowed(actor, Action.CHANGE):
            ui.label('Nobody has created a workflow in this account yet.').classes('text-grey-7')
            return panel
        ui.label('Start from a ready-made template, from an empty canvas, or from a .cn file exported elsewhere.') \
            .classes('text-grey-7 text-center')
        with ui.row().classes('gap-3 justify-center'):
            ui.button('Create from a template', icon='auto_awesome',
                      on_click=lambda: ui.navigate.to('/workflows/new')).mark('first-template')
            ui.button('Create blank', icon='note_add', on_click=lambda: name_dialog(actor, folder_id)) \
                .props('outline').mark('first-blank')
            ui.button('Import a file', icon='upload_file', on_click=lambda: ui.navigate.to('/workflows/new')) \
                .props('outline').mark('first-import')
    return panel
