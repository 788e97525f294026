"""`Export`: build the `.cn` file off the event loop, hand it to the browser, and report per workflow.

Many workflows go batch by batch behind the progress dialog, with `Stop`: the file then holds
those exported before stopping.
"""

from collections.abc import Sequence

from nicegui import context, ui

from model.access.gate import Actor
from model.workflows.bulk import BATCH_SIZE
from model.workflows.exchange import Exporter, ExportResult
from ui.bulk_progress import with_progress
from ui.calls import call, tell


async def export(actor: Actor, workflow_ids: Sequence[int]) -> None:
    client = context.client
    ids = list(workflow_ids)
    exporter = Exporter(actor)
    with client.layout:
        if len(ids) > BATCH_SIZE:
            await with_progress(f'Exporting {len(ids):,} workflows', 'exported', ids, exporter.batch)
        elif not (await call(exporter.batch, ids)).ok:
            return
        outcome = await call(exporter.result)
        result = outcome.value
        if result is None:
            return
        if result.data is not None and client.id in client.instances:  # the tab may be closed meanwhile
            ui.download.content(result.data, result.filename, 'application/json')
        tell(client, export_report(result), 'positive' if not result.skipped else 'warning', multi_line=True)


def export_report(result: ExportResult) -> str:
    """E.g. '3 exported, 1 skipped: "X" contains a custom integration node'."""
    parts = [f'{len(result.exported)} exported' if len(result.exported) != 1
             else f'"{result.exported[0]}" exported']
    if result.skipped:
        reasons = '; '.join(f'"{name}" {reason}' for name, reason in result.skipped)
        parts.append(f'{len(result.skipped)} skipped: {reasons}')
    return ', '.join(parts)
