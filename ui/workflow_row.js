// One row of the Workflows list as a single element (ui/workflow_row.py): everything it shows comes in one
// `row` prop, every click goes back as one event naming the workflow the row showed. NiceGUI draws a page again in the browser for each update it
// sends, element by element; rows of twenty elements made a 50-row page cost about 75 ms of script per update,
// one element per row about 20 ms. `v-memo` skips a row whose `row` prop did not change.
export default {
  props: { row: Object },
  emits: ["toggle", "act", "drag"],
  template: `
    <q-card flat bordered class="workflow-row nicegui-card nicegui-card-tight w-full q-px-md q-py-sm"
            :draggable="row.draggable ? 'true' : undefined" @dragstart="$emit('drag')">
      <div v-memo="[row]" class="nicegui-row row row-main w-full items-center no-wrap gap-3">
        <q-checkbox dense label="" :model-value="row.selected" :aria-label="'Select ' + row.name"
                    @update:model-value="(value) => $emit('toggle', { id: row.id, selected: value })" />
        <div class="nicegui-column row-text gap-0 grow min-w-0">
          <div class="nicegui-row row row-head items-center gap-2">
            <a class="nicegui-link row-name text-body1 text-weight-medium ellipsis" :href="row.href">{{ row.name }}</a>
            <q-badge v-if="row.copy" color="grey-4" text-color="grey-9">{{ row.copy }}</q-badge>
            <q-badge :color="row.state_color">{{ row.state }}</q-badge>
            <q-badge outline :color="row.type_color">{{ row.type }}</q-badge>
            <a v-if="row.errors" class="nicegui-link text-negative text-caption" :href="row.errors_href"
               title="Open the editor to fix them">{{ row.errors }}</a>
            <div v-if="row.alerts" class="text-orange-9 text-caption">{{ row.alerts }}</div>
            <div v-if="row.run_problem" class="text-orange-9 text-caption" :title="row.run_problem">
              Skipped by the simulator</div>
          </div>
          <div class="nicegui-row row items-center gap-3 text-caption text-grey-7">
            <div class="row-folder">{{ row.folder }}</div>
            <div>{{ row.updated }}</div>
            <div v-if="row.rank">{{ row.rank }}</div>
            <div v-if="row.note && row.note.warning" class="nicegui-row row items-center gap-1 text-negative
                 text-weight-medium"><q-icon name="warning" size="xs" /><div>{{ row.note.text }}</div></div>
            <div v-else-if="row.note">{{ row.note.text }}</div>
            <div v-if="row.description" class="ellipsis" style="max-width: 28rem">{{ row.description }}</div>
          </div>
        </div>
        <div class="nicegui-row row row-actions items-center no-wrap gap-1">
          <q-btn v-for="button in row.buttons" :key="button.key" :label="button.label" color="primary" dense
                 :unelevated="button.transition" :flat="!button.transition" :class="{ 'q-px-sm': button.transition }"
                 @click="$emit('act', { id: row.id, key: button.key })" />
          <q-btn label="More" icon="expand_more" color="primary" flat dense>
            <q-menu>
              <q-list dense style="min-width: 10rem">
                <q-item v-for="item in row.menu" :key="item.key" clickable v-close-popup
                        @click="$emit('act', { id: row.id, key: item.key })">
                  <q-item-section>{{ item.label }}</q-item-section>
                </q-item>
              </q-list>
            </q-menu>
          </q-btn>
        </div>
      </div>
    </q-card>
  `,
};
