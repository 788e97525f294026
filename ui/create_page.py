"""The creation page: `Create blank workflow`, `Import workflow` and the template directory (docs/product.md §4)."""

from fastapi import Request
from nicegui import context, events, ui

from model.access.gate import Action, Actor, allowed
from model.workflows.cn_format import MAX_BYTES
from model.workflows.exchange import import_workflows
from model.workflows.lifecycle import create_blank
from ui.calls import call, tell
from ui.dialogs import dialog_buttons, transient_dialog
from ui.flash import navigate_with_notice
from ui.frame import page_frame
from ui.session import current_actor
from ui.template_directory import template_directory


@ui.page('/workflows/new')
def creation_page(request: Request) -> None:
    folder_param = request.query_params.get('folder', '')
    folder_id = int(folder_param) if folder_param.isdigit() else None
    actor = current_actor()
    with page_frame('Create new workflow'):
        ui.label('Create new workflow').classes('text-h5')
        if not allowed(actor, Action.CHANGE):
            ui.label(f'Your role in this account ({actor.role}) lets you look, not create.').classes('text-grey-7') \
                .mark('viewer-note')
            return
        with ui.row().classes('w-full gap-4 items-stretch'):
            with ui.card().classes('w-72').props('flat bordered').mark('blank-card'):
                ui.icon('note_add', size='lg').classes('text-primary')
                ui.label('Blank workflow').classes('text-h6')
                ui.label('Start from a Start node and build the steps yourself.').classes('text-grey-7')
                ui.button('Create blank workflow', on_click=lambda: name_dialog(actor, folder_id)) \
                    .mark('create-blank')
            import_area(actor, folder_id)
        template_directory(actor, folder_id)


def import_area(actor: Actor, folder_id: int | None) -> None:
    """`Import workflow`: choose a .cn file or drop it on the area; drafts land in the current folder."""

    async def imported(event: events.UploadEventArguments) -> None:
        data = await event.file.read()
        client = context.client

        def not_imported(message: str) -> None:
            tell(client, f'"{event.file.name}" was not imported: {message}', 'negative', multi_line=True, timeout=0,
                 close_button=True)
            upload.reset()

        result = (await call(import_workflows, actor, data, folder_id, refused=not_imported)).value
        if result is None:
            return
        created = result.workflows
        if len(created) == 1:
            navigate_with_notice(f'/workflows/{created[0].id}', f'"{created[0].name}" imported as a draft')
        else:
            names = ', '.join(f'"{w.name}"' for w in created)
            folder = f'?folder={folder_id}' if folder_id else ''
            navigate_with_notice(f'/{folder}', f'{len(created)} workflows imported as drafts: {names}')

    with ui.card().classes('w-96').props('flat bordered').mark('import-card'):
        ui.icon('upload_file', size='lg').classes('text-primary')
        ui.label('Import workflow').classes('text-h6')
        ui.label('Choose a .cn file exported from this or another account, or drop it here.').classes('text-grey-7')
        upload = ui.upload(label='Import workflow', auto_upload=True, max_file_size=MAX_BYTES + 1024 * 1024,
                           on_upload=imported,
                           on_rejected=lambda: ui.notify('The file is over 5 MB; .cn files are limited to 5 MB',
                                                         type='negative')) \
            .props('accept=".cn,application/json" flat bordered').classes('w-full').mark('import-upload')


def name_dialog(actor: Actor, folder_id: int | None) -> None:
    """Ask for the new workflow's name; an empty name gives "Untitled workflow"."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[22rem]').mark('name-dialog'):
        ui.label('Create blank workflow').classes('text-h6')
        name = ui.input('Name', placeholder='Untitled workflow').props('autofocus maxlength=120 counter') \
            .classes('w-full').mark('new-name')

        async def create() -> None:
            workflow = (await call(create_blank, actor, name.value, folder_id)).value
            if workflow is None:
                return
            navigate_with_notice(f'/workflows/{workflow.id}', f'"{workflow.name}" created')
            dialog.close()

        name.on('keydown.enter', create)
        dialog_buttons(dialog, 'Create', create, 'confirm-create')
    dialog.open()
