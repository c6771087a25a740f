// Shared jsdom setup for component tests (vitest.config.ts has no setup file for the renderer
// project, so each test imports this first): cleanup between tests and the browser APIs jsdom
// lacks but Svelte's dimension bindings use.
import '@testing-library/svelte/vitest';
import { configure } from '@testing-library/svelte';

// The machine is shared and slow at times: give waitFor room (a ceiling, not a timing assertion).
configure({ asyncUtilTimeout: 8000 });

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
const g = globalThis as Record<string, unknown>;
g.ResizeObserver ??= NoopResizeObserver;
if (typeof URL.createObjectURL !== 'function') URL.createObjectURL = () => 'blob:test';
if (typeof URL.revokeObjectURL !== 'function') URL.revokeObjectURL = () => undefined;
