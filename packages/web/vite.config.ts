// Vite 8 transforms TSX with oxc; @vitejs/plugin-react is not needed for the automatic runtime
// (we give up React Fast Refresh in the dev server, a full reload is fine for this app).
import { defineConfig } from 'vite';

const API_TARGET = 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  server: { proxy: { '/api': { target: API_TARGET, changeOrigin: false } } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
});
