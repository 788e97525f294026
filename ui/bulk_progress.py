"""A progress dialog for bulk actions over many workflows: a live count, `Stop`, and the final report.

The work runs in a worker thread (``run.io_bound``), batch by batch, so other pages stay responsive.
"""

from collections.abc import Callable, Sequence

from nicegui import run, ui

from model.bulk import BulkRun, run_in_batches
from model.errors import DomainError
from ui.dialogs import transient_dialog
from ui.format import plural
from ui.session import current_actor

REPORT_NAMES = 50


async def with_progress(title: str, done_word: str, ids: Sequence[int], step: Callable[[list[int]], list[str]]) -> int:
    """Run ``step`` over ``ids`` in batches behind a progress dialog; returns how many were handled."""
    progress = BulkRun(total=len(ids), account_id=current_actor().account_id)
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
        ui.notify(error.message, type='warning')
    timer.cancel()
    show()
    summary = f'{plural(len(progress.names), "workflow")} {done_word}'
    if progress.stopped_early:
        summary += f'; stopped after {progress.done:,} of {progress.total:,}, the others are untouched'
    count.set_text(summary)
    with report:
        for name in progress.names[:REPORT_NAMES]:
            ui.label(f'✓ {name}').classes('text-caption')
        if len(progress.names) > REPORT_NAMES:
            ui.label(f'… and {len(progress.names) - REPORT_NAMES:,} more').classes('text-caption text-grey-7')
    stop.set_visibility(False)
    close.set_visibility(True)
    ui.notify(summary, type='positive' if not progress.stopped_early else 'warning')
    return len(progress.names)
