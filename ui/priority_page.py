"""`Establish priority` (docs/product.md §9): reorder the active and paused workflows by dragging or with buttons."""

from nicegui import ui

from model.access.gate import Action, allowed
from model.storage.schema import Workflow
from model.workflows.lifecycle import label
from model.workflows.priority import execution_order, order_token, save_order
from ui.calls import call
from ui.flash import navigate_with_notice
from ui.format import STATE_COLORS, plural, state_label
from ui.frame import page_frame
from ui.live import Update, follow_changes
from ui.session import current_actor

EXPLANATION = ('Workflows run from top to bottom. When two of them would act on the same contact for the same '
               'event — for example both would send an email on the same cart abandonment — the lower one '
               'prevails, because it runs last. Put the workflows that must win at the bottom.')


@ui.page('/priority')
def priority_page() -> None:
    PriorityEditor().build()


class PriorityEditor:
    """The order being edited stays local until `Save and return`; changes elsewhere are announced, not merged."""

    def __init__(self) -> None:
        self.actor = current_actor()
        self.may_change = allowed(self.actor, Action.CHANGE)
        loaded = execution_order(self.actor)
        self.token = order_token(loaded)
        self.stored_token = self.token  # the order the database holds, as last announced
        self.order: list[Workflow] = loaded
        self.dragged: int | None = None

    def build(self) -> None:
        ui.add_css('.priority-row.drop-hover { outline: 2px dashed var(--q-primary); }')
        with page_frame('Establish priority'):
            ui.label('Workflow priority').classes('text-h5')
            ui.label(EXPLANATION).classes('text-grey-8 max-w-3xl')
            self.outside_change_banner()
            with ui.column().classes('w-full max-w-3xl gap-1').mark('priority-list'):
                self.rows()
            with ui.row().classes('gap-2'):
                ui.button('Cancel', on_click=lambda: ui.navigate.to('/')).props('flat').mark('priority-cancel')
                if self.may_change:
                    ui.button('Save and return', icon='save', on_click=self.save).mark('priority-save')
        follow_changes(self.actor.account_id, self.notice_outside_change)

    async def notice_outside_change(self, update: Update) -> None:
        self.stored_token = await Update.read(('execution order', self.actor.account_id), self.current_token)
        self.outside_change_banner.refresh()

    def current_token(self) -> str:
        return order_token(execution_order(self.actor))

    @ui.refreshable_method
    def outside_change_banner(self) -> None:
        if self.stored_token == self.token:
            return
        with ui.row().classes('w-full max-w-3xl items-center bg-orange-1 text-orange-10 q-pa-sm rounded') \
                .mark('priority-changed'):
            ui.icon('warning')
            ui.label('Someone changed the execution order (or started, finalized a workflow) since you opened '
                     'this page.')
            ui.space()
            ui.button('Reload', on_click=lambda: ui.navigate.to('/priority')).props('flat dense')

    @ui.refreshable_method
    def rows(self) -> None:
        if not self.order:
            ui.label('No workflow is active or paused: start one to give it a place here.').classes('text-grey-7')
        last = len(self.order) - 1
        for index, workflow in enumerate(self.order):
            row = ui.row().classes('priority-row w-full items-center no-wrap gap-2 bg-white q-pa-sm rounded-borders') \
                .style('border: 1px solid #e0e0e0').mark(f'priority-{workflow.id}')
            if self.may_change:
                row.props('draggable=true')
            row.on('dragstart', lambda i=index: self.start_drag(i))
            row.on('dragover', js_handler='(e) => { e.preventDefault(); e.currentTarget.classList.add("drop-hover"); }')
            row.on('dragleave', js_handler='(e) => e.currentTarget.classList.remove("drop-hover")')
            row.on('drop', lambda i=index: self.drop_on(i))
            with row:
                ui.icon('drag_indicator').classes('text-grey-6 cursor-move')
                ui.label(f'{index + 1}.').classes('w-8 text-right text-weight-medium')
                ui.label(label(workflow)).classes('grow ellipsis').mark('priority-name')
                ui.badge(state_label(workflow.state), color=STATE_COLORS[workflow.state])
                up = ui.button(icon='arrow_upward', on_click=lambda i=index: self.move(i, i - 1)) \
                    .props('flat dense round').mark(f'up-{workflow.id}')
                up.props['aria-label'] = f'Move {label(workflow)} up'
                down = ui.button(icon='arrow_downward', on_click=lambda i=index: self.move(i, i + 1)) \
                    .props('flat dense round').mark(f'down-{workflow.id}')
                down.props['aria-label'] = f'Move {label(workflow)} down'
                up.set_enabled(index > 0 and self.may_change)
                down.set_enabled(index < last and self.may_change)

    def start_drag(self, index: int) -> None:
        self.dragged = index

    def drop_on(self, index: int) -> None:
        if self.dragged is not None and self.dragged != index:
            self.move(self.dragged, index)
        self.dragged = None

    def move(self, source: int, target: int) -> None:
        workflow = self.order.pop(source)
        self.order.insert(target, workflow)
        self.rows.refresh()

    async def save(self) -> None:
        outcome = await call(save_order, self.actor, [w.id for w in self.order], self.token)
        if outcome.ok:
            navigate_with_notice('/?sort=priority', f'Execution order saved ({plural(outcome.value or 0, "workflow")} '
                                 'moved)')
