"""A progress dialog for bulk actions over many workflows: a live count, `Stop`, and the final report
per workflow (what was done, what was skipped and why).

The work runs in a worker thread (:func:`ui.calls.call`), batch by batch, so other pages stay responsive.
Meanwhile a live update may redraw the button that started it: after the work the dialog touches only its
own elements (it lives in the page's layout), and the caller notifies through the client (with `Undo`,
ui/undo_bar.py), never through the clicked button's slot.
"""

from collections.abc import Callable, Sequence

from nicegui import ui

from model.workflows.bulk import BulkResult, BulkRun, run_in_batches
from ui.calls import call
from ui.dialogs import transient_dialog
from ui.format import plural
from ui.session import current_actor

REPORT_LINES = 50


async def with_progress(title: str, done_word: str, ids: Sequence[int],
                        step: Callable[[list[int]], BulkResult]) -> BulkRun:
    """Run ``step`` over ``ids`` in batches behind a progress dialog; returns the run with its report."""
    progress = BulkRun(total=len(ids), account_id=current_actor().account_id)
    dialog = ProgressDialog(title, progress)
    try:
        await call(run_in_batches, progress, ids, step)
    finally:  # whatever happened, the dialog ends with its count, its report and `Close`
        dialog.finish(done_word)
    return progress


def summary(progress: BulkRun, done_word: str) -> str:
    """E.g. '72 workflows duplicated; 2 skipped; stopped after 50 of 72, the others are untouched'."""
    text = f'{plural(len(progress.names), "workflow")} {done_word}'
    if progress.skipped:
        text += f'; {len(progress.skipped):,} skipped'
    if progress.stopped_early:
        text += f'; stopped after {progress.done:,} of {progress.total:,}, the others are untouched'
    return text


class ProgressDialog:
    def __init__(self, title: str, progress: BulkRun) -> None:
        self.progress = progress
        with transient_dialog().props('persistent') as dialog, \
                ui.card().classes('min-w-[26rem]').mark('bulk-progress'):
            self.dialog = dialog
            ui.label(title).classes('text-h6')
            self.bar = ui.linear_progress(value=0, show_value=False).classes('w-full')
            self.count = ui.label(f'0 of {progress.total:,}').mark('bulk-count')
            self.report = ui.column().classes('w-full gap-0 max-h-60 overflow-auto')
            with ui.row().classes('w-full justify-end'):
                self.stop = ui.button('Stop', on_click=progress.stop.set).props('flat').mark('bulk-stop')
                self.close = ui.button('Close', on_click=dialog.close).mark('bulk-close')
                self.close.set_visibility(False)
            self.timer = ui.timer(0.2, self.show)
        dialog.open()

    def show(self) -> None:
        self.bar.set_value(self.progress.done / max(self.progress.total, 1))
        self.count.set_text(f'{self.progress.done:,} of {self.progress.total:,}')

    def finish(self, done_word: str) -> None:
        """Stop counting, show the summary, the names handled and those skipped with the reason."""
        if self.dialog.is_deleted:  # the tab was closed meanwhile
            return
        self.timer.cancel()
        self.show()
        progress = self.progress
        self.count.set_text(summary(progress, done_word))
        with self.report:
            for name in progress.names[:REPORT_LINES]:
                ui.label(f'✓ {name}').classes('text-caption')
            if len(progress.names) > REPORT_LINES:
                ui.label(f'… and {len(progress.names) - REPORT_LINES:,} more').classes('text-caption text-grey-7')
            for name, why in progress.skipped[:REPORT_LINES]:
                ui.label(f'✗ {name}: {why}').classes('text-caption text-orange-9').mark('bulk-skipped')
            if len(progress.skipped) > REPORT_LINES:
                ui.label(f'… and {len(progress.skipped) - REPORT_LINES:,} more skipped') \
                    .classes('text-caption text-grey-7')
        self.stop.set_visibility(False)
        self.close.set_visibility(True)
