// Browser-mode transport: loopback only, token required, Host checked, inputs validated,
// errors re-created, events streamed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { HTTP } from '../../../src-shared/api.ts';
import { nodeWorkerLauncher } from '../../../src-main/jobs/node-launcher.ts';
import { startServer, type RunningServer } from '../../../src-main/server/http-server.ts';
import { createAppContext, type AppContext } from '../../../src-main/service/app-context.ts';
import { tempDir, tempStorePaths } from '../../helpers/temp.ts';

let ctx: AppContext;
let server: RunningServer;

function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (init.body) req.write(init.body);
    req.end();
  });
}

const call = (method: string, input: unknown, token = server.token) =>
  raw(HTTP.callPath(method as never), { method: 'POST', headers: { [HTTP.tokenHeader]: token, 'content-type': 'application/json' }, body: JSON.stringify(input) });

beforeAll(async () => {
  const staticDir = tempDir();
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Faultline</title>');
  ctx = createAppContext({ paths: tempStorePaths(), mode: 'browser', launcher: nodeWorkerLauncher() });
  server = await startServer({ ctx, staticDir });
});

afterAll(async () => {
  await server.close();
  ctx.close();
});

describe('browser-mode HTTP server', () => {
  it('listens on loopback with a token in the printed URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('serves the UI with a strict CSP', async () => {
    const res = await raw('/', { headers: { host: `127.0.0.1:${server.port}` } });
    expect(res.status).toBe(200);
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('rejects Api calls without the right token', async () => {
    expect((await call('datasets:list', null, 'wrong')).status).toBe(401);
    const none = await raw(HTTP.callPath('datasets:list'), { method: 'POST' });
    expect(none.status).toBe(401);
  });

  it('rejects a foreign Host header (DNS rebinding) and foreign origins', async () => {
    const res = await raw(HTTP.callPath('datasets:list'), { method: 'POST', headers: { host: `evil.example:${server.port}`, [HTTP.tokenHeader]: server.token } });
    expect(res.status).toBe(403);
    const cross = await raw(HTTP.callPath('datasets:list'), { method: 'POST', headers: { origin: 'http://evil.example', [HTTP.tokenHeader]: server.token } });
    expect(cross.status).toBe(403);
  });

  it('calls the Api and validates inputs', async () => {
    const ok = await call('datasets:list', null);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: [] });
    const bad = JSON.parse((await call('runs:get', { runId: 'seven' })).body);
    expect(bad.ok).toBe(false);
    expect(bad.error.name).toBe('ValidationError');
    expect(bad.error.message).toMatch(/runId/);
    const extra = JSON.parse((await call('runs:get', { runId: 1, sql: 'drop table runs' })).body);
    expect(extra.ok).toBe(false);
    const unknown = await call('system:exec', {});
    expect(unknown.status).toBe(404);
    const missing = JSON.parse((await call('runs:get', { runId: 12345 })).body);
    expect(missing.error).toMatchObject({ name: 'NotFound' });
    const notJson = await raw(HTTP.callPath('datasets:list'), { method: 'POST', headers: { [HTTP.tokenHeader]: server.token }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('reports the compute backend (probed in a worker) in app:info', async () => {
    const info = JSON.parse((await call('app:info', null)).body).value;
    expect(info.mode).toBe('browser');
    expect(info.backend.name).toBe('wasm');
    expect(info.backend.skipped.map((s: { backend: string }) => s.backend)).toContain('tensorflow');
  });

  it('reports a bad metadata path as an input error naming the file', async () => {
    const res = JSON.parse((await call('datasets:preview', { metadataPath: '/no/such/metadata.csv' })).body);
    expect(res.ok).toBe(false);
    expect(res.error.message).toContain('/no/such/metadata.csv');
  });

  it('streams events over server-sent events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no event within 5 s')), 5000);
      const req = request({ host: '127.0.0.1', port: server.port, path: `${HTTP.eventsPath}?token=${server.token}` }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let buf = '';
        res.on('data', (c) => {
          buf += c;
          if (buf.includes(': connected')) ctx.emit('datasets:changed', { datasetId: 42 });
          if (buf.includes('event: datasets:changed')) {
            clearTimeout(timer);
            req.destroy();
            resolve(buf);
          }
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') ? undefined : reject(e)));
      req.end();
    });
    expect(received).toContain('event: datasets:changed\ndata: {"datasetId":42}');
  });

  it('answers malformed paths with 400 and keeps serving', async () => {
    expect((await raw('/%E0%A4%A', { headers: { host: `127.0.0.1:${server.port}` } })).status).toBe(400);
    expect((await raw('/../../etc/passwd', { headers: { host: `127.0.0.1:${server.port}` } })).body).toContain('<title>Faultline</title>');
    expect((await call('datasets:list', null)).status).toBe(200);
  });

  it('refuses the event stream without the token', async () => {
    expect((await raw(`${HTTP.eventsPath}?token=nope`)).status).toBe(401);
  });
});
