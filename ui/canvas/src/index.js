import css from './styles.css?inline';
import Canvas from './Canvas.vue';

// The styles travel inside the bundle (one file to serve) and are added to the page once.
if (!document.getElementById('wa-canvas-styles')) {
  document.head.append(Object.assign(document.createElement('style'), { id: 'wa-canvas-styles', textContent: css }));
}

export default Canvas;
