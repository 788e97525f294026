"""A progress dialog for bulk actions over many workflows: a live count, `Stop`, and the final report
per workflow (what was done, what was skipped and why).

The work runs in a worker thread (``run.io_bound``), batch by batch, so other pages stay responsive.
Everything after the run is addressed to the page's client, never to the clicked element: live
updates redraw the toolbar while the run goes on, and the button that started it is gone by then.
"""

from collections.abc import Callable, Sequence

from nicegui import context, run, ui

from model.bulk import BulkResult, BulkRun, run_in_batches
from model.errors import DomainError
from ui.calls import tell
from ui.dialogs import transient_dialog
from ui.format import plural

REPORT_LINES = 50


async def with_progress(title: str, done_word: str, ids: Sequence[int],
                        step: Callable[[list[int]], BulkResult]) -> BulkRun:
    """Run ``step`` over ``ids`` in batches behind a progress dialog; returns the run with its report."""
    client = context.client
    progress = BulkRun(total=len(ids))
    with transient_dialog().props('persistent') as dialog, ui.card().classes('min-w-[26rem]').mark('bulk-progress'):
        ui.label(title).classes('text-h6')
        bar = ui.linear_progress(value=0, show_value=False).classes('w-full')
        count = ui.label(f'0 of {len(ids):,}').mark('bulk-count')
        report = ui.column().classes('w-full gap-0 max-h-60 overflow-auto')
        with ui.row().classes('w-full justify-end'):
            stop = ui.button('Stop', on_click=progress.stop.set).props('flat').mark('bulk-stop')
            close = ui.button('Close', on_click=dialog.close).mark('bulk-close')
            close.set_visibility(False)

        def show() -> None:
            bar.set_value(progress.done / max(progress.total, 1))
            count.set_text(f'{progress.done:,} of {progress.total:,}')

        timer = ui.timer(0.2, show)
    dialog.open()
    try:
        await run.io_bound(run_in_batches, progress, ids, step)
    except DomainError as error:
        tell(client, error.message, 'warning')
    if dialog.is_deleted:  # the tab was closed meanwhile
        return progress
    timer.cancel()
    show()
    count.set_text(summary(progress, done_word))
    with report:
        for name in progress.names[:REPORT_LINES]:
            ui.label(f'✓ {name}').classes('text-caption')
        if len(progress.names) > REPORT_LINES:
            ui.label(f'… and {len(progress.names) - REPORT_LINES:,} more').classes('text-caption text-grey-7')
        for name, why in progress.skipped[:REPORT_LINES]:
            ui.label(f'✗ {name}: {why}').classes('text-caption text-orange-9').mark('bulk-skipped')
        if len(progress.skipped) > REPORT_LINES:
            ui.label(f'… and {len(progress.skipped) - REPORT_LINES:,} more skipped') \
                .classes('text-caption text-grey-7')
    stop.set_visibility(False)
    close.set_visibility(True)
    return progress


def summary(progress: BulkRun, done_word: str) -> str:
    """E.g. '72 workflows duplicated; 2 skipped; stopped after 50 of 72, the others are untouched'."""
    text = f'{plural(len(progress.names), "workflow")} {done_word}'
    if progress.skipped:
        text += f'; {len(progress.skipped):,} skipped'
    if progress.stopped_early:
        text += f'; stopped after {progress.done:,} of {progress.total:,}, the others are untouched'
    return text
