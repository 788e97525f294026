"""The editor's side panel: the selected node's outputs and settings, each with the widget its type needs.

Settings go into the working copy (``Draft``) and call ``changed``; they are stored by Save. Connections and
removing the node are canvas changes, stored at once (``reconnect``, ``remove``). Widgets the workflow's state
does not allow to change are shown disabled (the server refuses them anyway).
"""

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from model.workflows.catalogue import CATALOGUE, WAIT_UNITS, Setting, in_unit, number_problem, output_names, to_hours
from model.workflows.editing import Draft, choose_reference, new_content, node_title
from model.workflows.offers import Offers
from ui.canvas_cards import output_label


class NodePanel:
    def __init__(self, draft: Draft, offers: Offers, pickers: dict[str, dict[int, str]],
                 changed: Callable[[], None], structure_changed: Callable[[str | None], None],
                 reconnect: Callable[[str, str, str | None], Awaitable[None]],
                 remove: Callable[[list[str]], Awaitable[None]]) -> None:
        self.draft = draft
        self.offers = offers
        self.pickers = pickers
        self.changed = changed
        self.structure_changed = structure_changed
        self.reconnect = reconnect
        self.remove = remove

    def show(self, key: str | None) -> None:
        if key is None or key not in self.draft.nodes:
            ui.label('Select a node on the canvas to see its settings.').classes('text-grey-7')
            return
        node = self.draft.nodes[key]
        kind = CATALOGUE[node.kind]
        structure = self.offers.structure_editable
        with ui.row().classes('w-full items-center'):
            ui.label(node_title(self.draft, key)).classes('text-h6').mark('panel-title', f'panel-{key}')
            ui.label(kind.group).classes('text-caption text-grey-7')
            ui.space()
            if structure and node.kind != 'start':
                ui.button(icon='delete', on_click=lambda: self.remove([key])).props(
                    'flat round color=negative aria-label="Remove node"').mark('remove-node')
        free = self.offers.editable_settings(node.kind)
        for setting in kind.settings:
            self._setting(key, setting, setting.name in free)
        self._outputs(key, structure)

    def _outputs(self, key: str, enabled: bool) -> None:
        node = self.draft.nodes[key]
        outputs = output_names(node.kind, node.config)
        if not outputs:
            return
        ui.label('Connect to…').classes('text-subtitle2 q-mt-md')
        targets = {k: node_title(self.draft, k) for k, n in self.draft.nodes.items() if k != key and n.kind != 'start'}
        current = {e.output: e.target for e in self.draft.edges if e.source == key}
        for output in outputs:
            label = {'next': 'Next step', 'yes': 'If yes', 'no': 'If no'}.get(
                output, f'Branch {output_label(node.config, output)}')
            select = ui.select(targets, label=label, value=current.get(output), clearable=True,
                               on_change=lambda e, o=output: self._connect(key, o, e.value)) \
                .classes('w-full').props('dense outlined').mark(f'output-{output}')
            select.set_enabled(enabled)

    def _setting(self, key: str, setting: Setting, enabled: bool) -> None:
        config = self.draft.nodes[key].config
        value = config.get(setting.name)

        def store(new: Any) -> None:
            if new == config.get(setting.name) or (new in (None, '', []) and setting.name not in config):
                return  # nothing changed (widgets report their value when drawn)
            if new in (None, '', []):
                config.pop(setting.name, None)
            else:
                config[setting.name] = new
                choose_reference(config, setting.type)
            self.changed()

        mark = f'setting-{setting.name}'
        label = setting.label + ('' if setting.required or setting.required_if else ' (optional)')
        if setting.type == 'content':
            self._content(key, setting, enabled)
            return
        if setting.is_duration:
            self._duration(setting, value, store, enabled)
            return
        if setting.type == 'choice':
            widget: Any = ui.select(list(setting.options), label=label, value=value,
                                           on_change=lambda e: store(e.value))
        elif setting.type in ('segment', 'custom_field', 'form'):
            options = self.draft.forms if setting.type == 'form' else self.pickers[setting.type]
            widget = ui.select(options, label=label, value=value if value in options else None, clearable=True,
                               on_change=lambda e: store(e.value))
        elif setting.type == 'number':
            widget = ui.number(label, value=value, min=0, max=setting.maximum, on_change=lambda e: store(e.value))
        elif setting.type == 'percentages':
            widget = ui.input(label, value=', '.join(map(str, value or [])),
                              placeholder='e.g. 50, 50 (2 to 5 numbers adding up to 100)',
                              on_change=lambda e: store(_percentages(e.value)))
        else:
            widget = ui.input(label, value=value or '', on_change=lambda e: store((e.value or '').strip()))
        widget.classes('w-full').props('dense outlined').mark(mark)
        widget.set_enabled(enabled)
        if setting.type == 'percentages':
            widget.on('blur', lambda: self.structure_changed(key))  # branch outputs follow the count

    def _duration(self, setting: Setting, hours: float | None, store: Callable[[Any], None], enabled: bool) -> None:
        """An amount and its unit (minutes, hours, days); the working copy keeps hours, as stored."""
        amount, unit = in_unit(hours) if hours is not None else (None, 'hours')
        with ui.row().classes('w-full items-start no-wrap gap-2'):
            number = ui.number(setting.label, value=amount, min=0, validation=lambda v: None if v is None else
                               number_problem(setting, to_hours(v, units.value))) \
                .classes('grow').props('dense outlined').mark(f'setting-{setting.name}')
            units = ui.select({unit: unit for unit in reversed(WAIT_UNITS)}, value=unit) \
                .classes('w-32').props('dense outlined').mark(f'setting-{setting.name}-unit')

        def changed() -> None:
            store(None if number.value is None else to_hours(number.value, units.value))
            number.validate()

        number.on_value_change(changed)
        units.on_value_change(changed)
        for widget in (number, units):
            widget.set_enabled(enabled)

    def _content(self, key: str, setting: Setting, enabled: bool) -> None:
        """Pick or create the node's content, then edit its subject and body (still editable after start)."""
        channel = setting.options[0]
        config = self.draft.nodes[key].config
        options = {i: c.name for i, c in self.draft.contents.items() if c.channel == channel}
        ui.label('Content').classes('text-subtitle2 q-mt-sm')
        with ui.row().classes('w-full items-center no-wrap'):
            picker = ui.select(options, label='Content', value=config.get('content'), clearable=True,
                               on_change=lambda e: self._use_content(key, e.value)) \
                .classes('grow').props('dense outlined').mark('setting-content')
            picker.set_enabled(enabled and self.offers.structure_editable)
            if self.offers.structure_editable:
                ui.button('New', icon='add', on_click=lambda: self._use_content(
                    key, new_content(self.draft, channel, node_title(self.draft, key)))) \
                    .props('flat dense').mark('new-content')
        content = self.draft.contents.get(config.get('content'))  # type: ignore[arg-type]
        if content is None:
            return
        text_enabled = self.offers.texts_editable
        name = ui.input('Content name', value=content.name, on_change=lambda e: self._edit(content, 'name', e.value)) \
            .classes('w-full').props('dense outlined').mark('content-name')
        name.set_enabled(self.offers.structure_editable)
        if channel != 'sms':
            subject = ui.input('Subject', value=content.subject,
                               on_change=lambda e: self._edit(content, 'subject', e.value)) \
                .classes('w-full').props('dense outlined').mark('content-subject')
            subject.set_enabled(text_enabled)
        body = ui.textarea('Body', value=content.body, on_change=lambda e: self._edit(content, 'body', e.value)) \
            .classes('w-full').props('dense outlined autogrow').mark('content-body')
        body.set_enabled(text_enabled)

    def _edit(self, content: Any, part: str, value: str | None) -> None:
        setattr(content, part, value or '')
        self.changed()

    def _use_content(self, key: str, content_id: int | None) -> None:
        if content_id is None:
            self.draft.nodes[key].config.pop('content', None)
        else:
            self.draft.nodes[key].config['content'] = content_id
        self.structure_changed(key)

    async def _connect(self, key: str, output: str, target: str | None) -> None:
        current = next((e.target for e in self.draft.edges if e.source == key and e.output == output), None)
        if target == current:
            return  # a select reporting its own value (it does so when drawn)
        await self.reconnect(key, output, target)


def _percentages(text: str | None) -> list[int] | None:
    try:
        values = [int(part) for part in (text or '').replace(';', ',').split(',') if part.strip()]
    except ValueError:
        return None
    return values or None
