// An AppState on the fake client, provided as context, so views that call useApp() can be
// rendered on their own.
import { AppState, APP_CONTEXT } from '../../../src-renderer/lib/stores/app.svelte.ts';
import { Router } from '../../../src-renderer/lib/stores/router.svelte.ts';
import { createFakeClient, type FakeOptions } from '../../../src-renderer/dev/fake-client.ts';

export function fakeApp(opts: FakeOptions = {}) {
  const client = createFakeClient(opts);
  const app = new AppState(client, new Router());
  return { app, client, context: new Map<unknown, unknown>([[APP_CONTEXT, app]]) };
}
