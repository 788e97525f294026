"""`Export`: build the `.cn` file off the event loop, hand it to the browser, and report per workflow."""

from collections.abc import Sequence

from nicegui import run, ui

from model.access import Actor
from model.exchange import ExportResult, export_workflows


async def export(actor: Actor, workflow_ids: Sequence[int]) -> None:
    result: ExportResult | None = await run.io_bound(export_workflows, actor, list(workflow_ids))
    if result is None:
        return
    if result.data is not None:
        ui.download.content(result.data, result.filename, 'application/json')
    ui.notify(export_report(result), type='positive' if not result.skipped else 'warning', multi_line=True)


def export_report(result: ExportResult) -> str:
    """E.g. '3 exported, 1 skipped: "X" contains a custom integration node'."""
    parts = [f'{len(result.exported)} exported' if len(result.exported) != 1
             else f'"{result.exported[0]}" exported']
    if result.skipped:
        reasons = '; '.join(f'"{name}" {reason}' for name, reason in result.skipped)
        parts.append(f'{len(result.skipped)} skipped: {reasons}')
    return ', '.join(parts)
