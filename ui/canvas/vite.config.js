// Builds src/index.js into one ES module, dist/canvas.js, which NiceGUI serves as the canvas component.
// 'vue' stays external: the import map of every NiceGUI page resolves it to NiceGUI's own Vue.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    minify: 'esbuild',
    lib: { entry: 'src/index.js', formats: ['es'], fileName: () => 'canvas.js' },
    rollupOptions: { external: ['vue'], output: { inlineDynamicImports: true } },
  },
});
