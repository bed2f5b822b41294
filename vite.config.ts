import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer (React UI) is built by Vite into dist/renderer and loaded by the Electron shell
// from the app bundle (file://), so asset paths are relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    // the conversation view carries recharts and the Markdown stack; it loads when first opened
    chunkSizeWarningLimit: 800,
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    // One bundle loaded from disk by Electron: its size is not a download cost.
  },
  server: { port: 5173, strictPort: true },
});
