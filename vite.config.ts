import { defineConfig } from 'vite';

// The renderer (React UI) is built by Vite into dist/renderer and loaded by the Electron shell
// from the app bundle (file://), so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
  },
  server: { port: 5173, strictPort: true },
});
