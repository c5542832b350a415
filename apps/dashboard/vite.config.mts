import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard is bundled at build time into dist/dashboard, which the API serves at `/` (no CDN, no
// network at run time). `npm run build` runs this after the server's tsc build.
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  build: {
    outDir: path.resolve(here, '../../dist/dashboard'),
    emptyOutDir: true,
    sourcemap: false,
    // ECharts is most of the bundle; one chunk is fine for a dashboard loaded once per session.
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
