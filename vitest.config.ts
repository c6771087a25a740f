import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Node tests (engine, store, jobs, server, e2e) and jsdom tests (Svelte components) in one run.
export default defineConfig({
  plugins: [svelte()],
  resolve: { conditions: ['browser'] },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        resolve: { conditions: [] },
        test: { name: 'node', environment: 'node', include: ['tests/unit/**/*.test.ts', 'src-main/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'renderer', environment: 'jsdom', include: ['tests/renderer/**/*.test.ts', 'src-renderer/**/*.test.ts'] },
      },
      {
        extends: true,
        resolve: { conditions: [] },
        test: { name: 'e2e', environment: 'node', include: ['tests/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 180_000 },
      },
    ],
  },
});
