"""Workflow actions as a person triggers them: run the service, then say how it went.

Shared by the list and the editor so both offer the same things with the same words.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from nicegui import context, ui

from model.access import Actor
from model.bulk import BATCH_SIZE
from model.schema import Workflow
from model.states import DONE_LABELS
from model.workflows import apply_action, delete_many, duplicate_many, label
from ui.bulk_progress import with_progress
from ui.calls import call, tell
from ui.dialogs import transient_dialog
from ui.format import plural

Done = Callable[[], Awaitable[None] | None]


@dataclass(frozen=True)
class WorkflowRef:
    """What a page showed of a workflow when the person clicked: enough to detect a stale view."""

    id: int
    name: str  # as messages name it: a copy with its badge
    version: int

    @classmethod
    def of(cls, workflow: Workflow) -> 'WorkflowRef':
        return cls(workflow.id, label(workflow), workflow.version)


async def transition(actor: Actor, ref: WorkflowRef, action: str) -> bool:
    outcome = await call(apply_action, actor, ref.id, action, ref.version, done=f'"{ref.name}" {DONE_LABELS[action]}')
    return outcome.ok


async def duplicate(actor: Actor, workflow_ids: Sequence[int]) -> int:
    if len(workflow_ids) > BATCH_SIZE:
        return await with_progress(f'Duplicating {len(workflow_ids):,} workflows', 'duplicated', workflow_ids,
                                   lambda batch: [label(copy) for copy in duplicate_many(actor, batch)])
    client = context.client
    copies = (await call(duplicate_many, actor, workflow_ids)).value
    if copies:
        tell(client, f'{plural(len(copies), "workflow")} duplicated', 'positive')
    elif copies is not None:
        tell(client, 'Nothing was duplicated: the selected workflows no longer exist', 'warning')
    return len(copies or [])


def confirm_delete(actor: Actor, refs: Sequence[WorkflowRef], on_done: Done, *, check_versions: bool) -> None:
    """The "Delete workflow" dialog of SPEC §4, naming what will be deleted."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[24rem]').mark('delete-dialog'):
        ui.label('Delete workflow').classes('text-h6')
        ui.label(f'{plural(len(refs), "workflow")} will be deleted for good, with their nodes, contents, '
                 'forms and statistics:')
        with ui.column().classes('gap-0 q-pl-md max-h-60 overflow-auto'):
            for ref in refs[:10]:
                ui.label(f'• {ref.name}').classes('text-weight-medium')
            if len(refs) > 10:
                ui.label(f'… and {len(refs) - 10} more').classes('text-grey-7')
        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat')

            async def delete() -> None:
                if len(refs) > BATCH_SIZE:
                    await with_progress(f'Deleting {len(refs):,} workflows', 'deleted', [ref.id for ref in refs],
                                        lambda batch: delete_many(actor, batch))
                    await _finish(on_done)
                    dialog.close()  # last: closing deletes the dialog, and with it this handler's context
                    return
                versions = {ref.id: ref.version for ref in refs} if check_versions else None
                client = context.client
                names = (await call(delete_many, actor, [ref.id for ref in refs], versions)).value
                if names is not None:
                    tell(client, _deleted_message(names), 'positive' if names else 'warning')
                await _finish(on_done)
                dialog.close()

            ui.button('Delete workflow', on_click=delete, color='negative').mark('confirm-delete')
    dialog.open()


async def _finish(on_done: Done) -> None:
    result = on_done()
    if result is not None:
        await result


def _deleted_message(names: list[str]) -> str:
    if not names:
        return 'Nothing was deleted: the workflows no longer exist'
    if len(names) == 1:
        return f'"{names[0]}" deleted'
    return f'{plural(len(names), "workflow")} deleted'
