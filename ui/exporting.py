"""`Export`: build the `.cn` file off the event loop, hand it to the browser, and report per workflow."""

from collections.abc import Sequence

from nicegui import context, ui

from model.access import Actor
from model.exchange import ExportResult, export_workflows
from ui.calls import call, tell


async def export(actor: Actor, workflow_ids: Sequence[int]) -> None:
    client = context.client
    result = (await call(export_workflows, actor, list(workflow_ids))).value
    if result is None:
        return
    if result.data is not None and client.id in client.instances:
        with client.layout:  # the clicked button may have been redrawn meanwhile
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
