// Standalone renderer build for browser mode (`faultline serve` serves out/renderer):
//   npx vite build --config src-renderer/vite.config.ts
// Same output as electron-vite's renderer section, with relative asset URLs so it works from any
// mount path and from file://.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  // The repo-level svelte.config.js (the one electron-vite and vitest use), not one under src-renderer.
  plugins: [svelte({ configFile: fileURLToPath(new URL('../svelte.config.js', import.meta.url)) })],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // One JS + one CSS file keeps the CSP simple ('self' only) and the server trivial.
    chunkSizeWarningLimit: 1500,
  },
});
