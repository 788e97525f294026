"""The template directory on the creation page: groups of cards with a preview of each graph."""

from nicegui import ui

from model.access.gate import Actor
from model.workflows.templates import Template, groups, use_template
from ui.calls import call
from ui.flash import navigate_with_notice


def template_directory(actor: Actor, folder_id: int | None) -> None:
    ui.add_css('.template-preview svg { max-height: 230px; width: auto; margin: 0 auto; display: block; }')
    ui.label('Template directory').classes('text-h6 q-mt-md')
    ui.label('Ready-made workflows that start as they are; adapt their contents in the editor.') \
        .classes('text-grey-7').mark('template-directory')
    for group, members in groups().items():
        ui.label(group).classes('text-subtitle1 text-weight-medium q-mt-sm').mark('template-group')
        with ui.row().classes('w-full gap-4 items-stretch'):
            for template in members:
                _card(actor, template, folder_id)


def _card(actor: Actor, template: Template, folder_id: int | None) -> None:
    async def use() -> None:
        workflow = (await call(use_template, actor, template.slug, folder_id)).value
        if workflow is not None:
            navigate_with_notice(f'/workflows/{workflow.id}', f'"{workflow.name}" created from a template')

    with ui.card().classes('w-80').props('flat bordered').mark(f'template-{template.slug}'):
        ui.label(template.name).classes('text-subtitle1 text-weight-medium')
        ui.label(template.objective).classes('text-primary text-caption')
        with ui.row().classes('gap-1 items-center'):
            for channel in template.channels:
                ui.badge(channel, color='blue-grey-6').props('outline')
            ui.label(f'≈ {template.setup_minutes} min setup').classes('text-caption text-grey-7 q-ml-sm')
        ui.label(template.description).classes('text-body2 text-grey-8')
        ui.mermaid(_preview(template)).classes('template-preview w-full')
        ui.space()
        ui.button('Use template', on_click=use).props('outline').mark(f'use-{template.slug}')


def _preview(template: Template) -> str:
    """A small top-down drawing of the template's graph (labels come from the catalogue, not from users)."""
    ids = {key: f'n{index}' for index, (key, _) in enumerate(template.steps)}
    lines = ['graph TD']
    lines += [f'  {ids[key]}["{label}"]' for key, label in template.steps]
    lines += [f'  {ids[source]} -->{"" if output == "next" else f"|{output}|"} {ids[target]}'
              for source, output, target in template.links]
    return '\n'.join(lines)
