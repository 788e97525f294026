"""A progress dialog for bulk actions over many workflows: a live count, `Stop`, and the final report.

The work runs in a worker thread (:func:`ui.calls.call`), batch by batch, so other pages stay responsive.
Meanwhile a live update may redraw the button that started it: after the work the dialog touches only its
own elements (it lives in the page's layout) and notifies through the client, never through the
clicked button's slot, so it always ends with its report and its notification.
"""

from collections.abc import Callable, Sequence

from nicegui import context, ui

from model.bulk import BulkRun, run_in_batches
from ui.calls import call, tell
from ui.dialogs import transient_dialog
from ui.format import plural

REPORT_NAMES = 50


async def with_progress(title: str, done_word: str, ids: Sequence[int], step: Callable[[list[int]], list[str]]) -> int:
    """Run ``step`` over ``ids`` in batches behind a progress dialog; returns how many were handled."""
    progress = BulkRun(total=len(ids))
    client = context.client
    dialog = ProgressDialog(title, progress)
    try:
        await call(run_in_batches, progress, ids, step)
    finally:  # whatever happened, the dialog ends with its count, its report and `Close`
        summary = dialog.finish(done_word)
        tell(client, summary, 'warning' if progress.stopped_early else 'positive')
    return len(progress.names)


class ProgressDialog:
    def __init__(self, title: str, progress: BulkRun) -> None:
        self.progress = progress
        with transient_dialog().props('persistent') as dialog, \
                ui.card().classes('min-w-[26rem]').mark('bulk-progress'):
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

    def finish(self, done_word: str) -> str:
        """Stop counting, show the summary and the names handled; returns the summary."""
        self.timer.cancel()
        self.show()
        progress = self.progress
        summary = f'{plural(len(progress.names), "workflow")} {done_word}'
        if progress.stopped_early:
            summary += f'; stopped after {progress.done:,} of {progress.total:,}, the others are untouched'
        self.count.set_text(summary)
        with self.report:
            for name in progress.names[:REPORT_NAMES]:
                ui.label(f'✓ {name}').classes('text-caption')
            if len(progress.names) > REPORT_NAMES:
                ui.label(f'… and {len(progress.names) - REPORT_NAMES:,} more').classes('text-caption text-grey-7')
        self.stop.set_visibility(False)
        self.close.set_visibility(True)
        return summary
