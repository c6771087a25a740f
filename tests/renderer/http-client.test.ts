import { describe, expect, it, vi } from 'vitest';
import { ApiError, HTTP } from '../../src-shared/api.ts';
import { createHttpClient, takeToken } from '../../src-renderer/lib/api/http-client.ts';
import { createIpcClient, type FaultlineBridge } from '../../src-renderer/lib/api/ipc-client.ts';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('HTTP client', () => {
  it('POSTs JSON to the method path with the token header and returns the value', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => jsonResponse({ ok: true, value: { runId: 7 } }));
    const client = createHttpClient({ token: 'sekrit', fetch: fetch as unknown as typeof globalThis.fetch, createEventSource: () => { throw new Error('unused'); } });
    const out = await client.call('runs:get', { runId: 7 });
    expect(out).toEqual({ runId: 7 });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('/api/call/runs%3Aget');
    expect(url).toBe(HTTP.callPath('runs:get'));
    expect(init?.method).toBe('POST');
    const headers = init?.headers as Record<string, string>;
    expect(headers[HTTP.tokenHeader]).toBe('sekrit');
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(init?.body as string)).toEqual({ runId: 7 });
  });

  it('sends null for methods without input', async () => {
    const fetch = vi.fn(async () => jsonResponse({ ok: true, value: [] }));
    const client = createHttpClient({ token: 't', fetch: fetch as unknown as typeof globalThis.fetch });
    await client.call('datasets:list');
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body).toBe('null');
  });

  it('re-creates ApiError with name, message and details', async () => {
    const error = { name: 'InputError', message: "Column 'y' is missing.", details: { file: '/d/metadata.csv', row: 1, column: 'y' } };
    const fetch = vi.fn(async () => jsonResponse({ ok: false, error }, 400));
    const client = createHttpClient({ token: 't', fetch: fetch as unknown as typeof globalThis.fetch });
    const err = await client.call('datasets:preview', { metadataPath: '/d/metadata.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ name: 'InputError', message: "Column 'y' is missing.", details: { file: '/d/metadata.csv', row: 1, column: 'y' } });
  });

  it('turns network failures and unreadable bodies into ApiErrors', async () => {
    const down = createHttpClient({ token: 't', fetch: (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof globalThis.fetch });
    await expect(down.call('app:info')).rejects.toMatchObject({ name: 'NetworkError' });
    const html = createHttpClient({ token: 't', fetch: (async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof globalThis.fetch });
    await expect(html.call('app:info')).rejects.toMatchObject({ name: 'HttpError' });
  });

  it('opens one EventSource with the token and dispatches named events as parsed JSON', () => {
    const listeners = new Map<string, (e: MessageEvent) => void>();
    const urls: string[] = [];
    const createEventSource = (url: string) => {
      urls.push(url);
      return { addEventListener: (name: string, cb: (e: MessageEvent) => void) => listeners.set(name, cb) } as unknown as EventSource;
    };
    const client = createHttpClient({ token: 'a b', fetch: vi.fn() as unknown as typeof globalThis.fetch, createEventSource });
    const got: unknown[] = [];
    const off = client.on('job:progress', (p) => got.push(p));
    client.on('run:updated', () => undefined);
    expect(urls).toEqual([`${HTTP.eventsPath}?token=a%20b`]);
    listeners.get('job:progress')!(new MessageEvent('job:progress', { data: JSON.stringify({ runId: 1, stage: 'fit', done: 1, total: 2, etaSeconds: null }) }));
    listeners.get('job:progress')!(new MessageEvent('job:progress', { data: 'not json' }));
    expect(got).toEqual([{ runId: 1, stage: 'fit', done: 1, total: 2, etaSeconds: null }]);
    off();
    listeners.get('job:progress')!(new MessageEvent('job:progress', { data: '{}' }));
    expect(got).toHaveLength(1);
  });

  it('takes the token from the URL, keeps it in sessionStorage and removes it from the address bar', () => {
    sessionStorage.clear();
    history.replaceState(null, '', '/index.html?token=abc123&x=1#/runs');
    expect(takeToken()).toBe('abc123');
    expect(location.search).toBe('?x=1');
    expect(location.hash).toBe('#/runs');
    expect(sessionStorage.getItem('faultline.token')).toBe('abc123');
    // After a reload the URL has no token; the session still does.
    expect(takeToken()).toBe('abc123');
  });
});

describe('IPC client', () => {
  it('unwraps envelopes, re-creates errors and passes plain data to the bridge', async () => {
    const calls: [string, unknown][] = [];
    const bridge: FaultlineBridge = {
      call: async (method, input) => {
        calls.push([method, input]);
        return method === 'runs:cancel' ? { ok: false, error: { name: 'NotFound', message: 'Run 9 does not exist.' } } : { ok: true, value: 42 };
      },
      on: () => () => undefined,
      pickFile: async () => '/x.csv',
    };
    const client = createIpcClient(bridge);
    expect(client.mode).toBe('electron');
    expect(await client.call('runs:get', { runId: 1 })).toBe(42);
    expect(calls[0]).toEqual(['runs:get', { runId: 1 }]);
    await expect(client.call('runs:cancel', { runId: 9 })).rejects.toMatchObject({ name: 'NotFound', message: 'Run 9 does not exist.' });
    expect(await client.pickFile!({ title: 't' })).toBe('/x.csv');
  });
});
