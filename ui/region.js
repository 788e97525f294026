// A part of a page that the browser draws again on its own (see ui/region.py); it adds no box of its own.
export default {
  template: '<div style="display: contents"><slot></slot></div>',
};
