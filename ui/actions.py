"""Workflow actions as a person triggers them: run the service, then say how it went, with `Undo`.

Shared by the list and the editor so both offer the same things with the same words. Many
workflows (more than one batch) go through the progress dialog with `Stop`; a few go at once.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from nicegui import context, ui

from model.access.gate import Actor
from model.storage.schema import Workflow
from model.workflows.bulk import BATCH_SIZE, BulkResult
from model.workflows.lifecycle import apply_action, apply_action_batch, delete_many, duplicate_batch, label
from model.workflows.states import DONE_LABELS
from ui.bulk_progress import summary, with_progress
from ui.calls import call, tell
from ui.dialogs import transient_dialog
from ui.format import plural
from ui.undo_bar import offer_undo, outcome_kind, report

Done = Callable[[], Awaitable[None] | None]
Step = Callable[[list[int]], BulkResult]


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


async def run_bulk(actor: Actor, workflow_ids: Sequence[int], verb: str, done_word: str, step: Step,
                   on_done: Done) -> BulkResult | None:
    """Run ``step`` over the workflows, report per workflow and offer `Undo`; ``verb`` titles the progress."""
    client = context.client
    with client.layout:  # the clicked element may be redrawn away while the run goes on
        ids = list(workflow_ids)
        if len(ids) > BATCH_SIZE:
            progress = await with_progress(f'{verb} {len(ids):,} workflows', done_word, ids, step)
            result: BulkResult | None = BulkResult(progress.names, progress.skipped, progress.undo)
            message = summary(progress, done_word)
        else:
            outcome = await call(step, ids)
            result = outcome.value
            message = report(result, done_word) if result is not None else ''
        if result is not None:
            if not result.done and not result.skipped:
                tell(client, f'Nothing was {done_word}: the selected workflows no longer exist', 'warning')
            else:
                offer_undo(actor, message, result.undo, on_done, client,
                           outcome_kind(len(result.done), len(result.skipped)))
        await _finish(on_done)
    return result


async def duplicate(actor: Actor, workflow_ids: Sequence[int], on_done: Done) -> None:
    await run_bulk(actor, workflow_ids, 'Duplicating', 'duplicated', lambda batch: duplicate_batch(actor, batch),
                   on_done)


BULK_VERBS = {'pause': 'Pausing', 'resume': 'Resuming', 'finalize': 'Finalizing'}  # the selection toolbar's


async def transition_many(actor: Actor, workflow_ids: Sequence[int], action: str, on_done: Done) -> None:
    """Pause, resume or finalize a selection; the report names those skipped and why (a draft is not finalized)."""
    await run_bulk(actor, workflow_ids, BULK_VERBS[action], DONE_LABELS[action],
                   lambda batch: apply_action_batch(actor, batch, action), on_done)


def confirm_finalize(actor: Actor, workflow_ids: Sequence[int], on_done: Done) -> None:
    """Finalizing cannot be undone: ask first, saying so and what will be skipped."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[24rem]').mark('finalize-dialog'):
        ui.label('Finalize workflows').classes('text-h6')
        ui.label(f'Finalize {plural(len(workflow_ids), "selected workflow")}? This cannot be undone: a finalized '
                 'workflow stops for good and can no longer be resumed or edited. Only active workflows are '
                 'finalized; drafts and paused ones are skipped.').mark('finalize-summary')
        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat')

            async def finalize() -> None:
                client = context.client
                dialog.close()
                with client.layout:
                    await transition_many(actor, workflow_ids, 'finalize', on_done)

            ui.button('Finalize', on_click=finalize, color='negative').mark('confirm-finalize')
    dialog.open()


def confirm_delete(actor: Actor, refs: Sequence[WorkflowRef], on_done: Done, *, check_versions: bool,
                   pages: int = 1) -> None:
    """The "Delete workflow" dialog of docs/product.md §4, naming what will be deleted (and over how many pages)."""
    with transient_dialog() as dialog, ui.card().classes('min-w-[24rem]').mark('delete-dialog'):
        ui.label('Delete workflow').classes('text-h6')
        spread = f', on {pages} pages,' if pages > 1 else ''
        ui.label(_delete_summary(refs, spread)).mark('delete-summary')
        with ui.column().classes('gap-0 q-pl-md max-h-60 overflow-auto'):
            for ref in refs[:10] if len(refs) > 1 else ():
                ui.label(f'• {ref.name}').classes('text-weight-medium')
            if len(refs) > 10:
                ui.label(f'… and {len(refs) - 10} more').classes('text-grey-7')
        with ui.row().classes('w-full justify-end'):
            ui.button('Cancel', on_click=dialog.close).props('flat')

            async def delete() -> None:
                versions = {ref.id: ref.version for ref in refs} if check_versions else None
                client = context.client
                dialog.close()
                with client.layout:
                    await run_bulk(actor, [ref.id for ref in refs], 'Deleting', 'deleted',
                                   lambda batch: delete_many(actor, batch, versions), on_done)

            ui.button('Delete workflow', on_click=delete, color='negative').mark('confirm-delete')
    dialog.open()


def _delete_summary(refs: Sequence[WorkflowRef], spread: str) -> str:
    if len(refs) == 1:
        return (f'"{refs[0].name}" will be deleted. It stays in Recently deleted for 30 days, '
                'where it can be restored.')
    return (f'{plural(len(refs), "workflow")}{spread} will be deleted. They stay in Recently deleted for 30 days, '
            'where they can be restored:')


async def _finish(on_done: Done) -> None:
    result = on_done()
    if result is not None:
        await result
