"""The workflow editor page. For now it shows the workflow, its nodes and incidents, and the state actions."""

from nicegui import ui

from model.catalogue import CATALOGUE
from model.errors import NotFound
from model.graph import load_graph
from model.incidents import find_incidents
from model.states import ACTION_LABELS, actions_from
from model.workflows import get_workflow
from ui import actions
from ui.actions import WorkflowRef
from ui.exporting import export
from ui.format import STATE_COLORS, TYPE_COLORS, plural, state_label, type_label
from ui.frame import page_frame
from ui.live import follow_changes
from ui.session import current_actor


@ui.page('/workflows/{workflow_id}')
def editor_page(workflow_id: int) -> None:
    actor = current_actor()
    with page_frame('Editor'):
        @ui.refreshable
        def content() -> None:
            try:
                workflow = get_workflow(actor, workflow_id)
            except NotFound as error:
                ui.label(error.message).classes('text-h6 text-grey-7').mark('not-found')
                return
            ref = WorkflowRef(workflow.id, workflow.name, workflow.version)
            with ui.row().classes('w-full items-center gap-2'):
                ui.label(workflow.name).classes('text-h5').mark('workflow-name')
                ui.badge(state_label(workflow.state), color=STATE_COLORS[workflow.state]).mark('state-badge')
                ui.badge(type_label(workflow.workflow_type), color=TYPE_COLORS[workflow.workflow_type]) \
                    .props('outline')
                ui.space()
                for action in actions_from(workflow.state):
                    async def run(a: str = action) -> None:
                        await actions.transition(actor, ref, a)
                        content.refresh()

                    button = ui.button(ACTION_LABELS[action], on_click=run).mark(f'editor-{action}')
                    if action == 'start' and workflow.error_count:
                        button.disable()
                        button.tooltip('Fix the errors first')
                ui.button('Export', icon='file_download', on_click=lambda: export(actor, [workflow_id])) \
                    .props('outline').mark('editor-export')
            graph = load_graph(workflow.id)
            incidents = find_incidents(graph)
            ui.label(plural(len(incidents), 'incident')).classes('text-subtitle1').mark('incident-total')
            for node in graph.nodes:
                with ui.card().props('flat bordered').classes('w-full').mark(f'node-{node.key}'):
                    ui.label(CATALOGUE[node.kind].label).classes('text-weight-medium')
                    for incident in (i for i in incidents if i.node_key == node.key):
                        color = 'text-negative' if incident.severity == 'error' else 'text-orange-9'
                        ui.label(incident.message).classes(color)

        content()
        follow_changes(actor.account_id, content.refresh)
