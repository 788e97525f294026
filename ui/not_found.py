"""The "Not found" page body, inside the frame: a wrong address or another account's workflow, never raw JSON."""

from nicegui import ui

WHAT_HAPPENED = 'There is no such page in this account: the address may be mistyped, or what it showed was deleted.'


def not_found(message: str = WHAT_HAPPENED) -> None:
    with ui.column().classes('w-full items-center q-pa-xl gap-2').mark('not-found'):
        ui.icon('search_off', size='xl').classes('text-grey-6')
        ui.label('Not found').classes('text-h4')
        ui.label(message).classes('text-grey-7 text-center')
        ui.button('Back to Workflows', icon='arrow_back', on_click=lambda: ui.navigate.to('/')) \
            .props('outline').mark('back-to-workflows')


def workflow_id_from(text: str) -> int | None:
    """The id in a /workflows/<id> address; None for anything that is not a plain positive number."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None
