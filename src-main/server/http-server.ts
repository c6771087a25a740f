// Browser mode: the same Api over HTTP + server-sent events, on loopback only, behind a random
// token. Static files are the built renderer (out/renderer).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { HTTP } from '../../src-shared/api.ts';
import type { AppContext } from '../service/app-context.ts';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const MAX_BODY_BYTES = 1 << 20;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export interface ServerOptions {
  ctx: AppContext;
  staticDir: string;
  port?: number;
  host?: '127.0.0.1' | '::1' | 'localhost';
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

function tokenMatches(expected: Buffer, given: string | null | undefined): boolean {
  if (!given) return false;
  const g = Buffer.from(given);
  return g.length === expected.length && timingSafeEqual(g, expected);
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { ctx } = options;
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const staticRoot = resolve(options.staticDir);
  let port = 0;

  // Only a Host of the loopback name and our port is accepted: this blocks DNS-rebinding pages
  // from talking to the server through some other hostname.
  const hostAllowed = (req: IncomingMessage): boolean => {
    const h = req.headers.host ?? '';
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
    return !!m && LOOPBACK.has(m[1]!) && Number(m[2] ?? 80) === port;
  };

  const server = createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (!hostAllowed(req)) return send(res, 403, JSON.stringify({ ok: false, error: { name: 'Forbidden', message: 'Unexpected Host header.' } }));
    // A malformed request (bad percent-encoding, a stream error) must never take the server down.
    const fail = (e: unknown) => {
      if (!res.headersSent) send(res, 400, JSON.stringify({ ok: false, error: { name: 'BadRequest', message: (e as Error).message } }));
      else res.destroy();
    };
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname.startsWith('/api/')) return void handleApi(req, res, url).catch(fail);
      return serveStatic(res, url.pathname);
    } catch (e) {
      fail(e);
    }
  });

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const given = (req.headers[HTTP.tokenHeader] as string | undefined) ?? url.searchParams.get(HTTP.tokenQuery);
    if (!tokenMatches(expected, given)) {
      return send(res, 401, JSON.stringify({ ok: false, error: { name: 'Unauthorized', message: 'Missing or wrong token: open the URL printed by `faultline serve`.' } }));
    }
    const origin = req.headers.origin;
    if (origin && !hostAllowed({ headers: { host: origin.replace(/^https?:\/\//, '') } } as IncomingMessage)) {
      return send(res, 403, JSON.stringify({ ok: false, error: { name: 'Forbidden', message: 'Cross-origin requests are not allowed.' } }));
    }
    if (url.pathname === HTTP.eventsPath && req.method === 'GET') return openEventStream(req, res);
    const prefix = '/api/call/';
    if (url.pathname.startsWith(prefix) && req.method === 'POST') {
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body.trim() === '' ? null : JSON.parse(body);
      } catch (e) {
        return send(res, 400, JSON.stringify({ ok: false, error: { name: 'BadRequest', message: `Request body is not valid JSON: ${(e as Error).message}` } }));
      }
      const result = await ctx.dispatch(decodeURIComponent(url.pathname.slice(prefix.length)), input);
      return send(res, result.ok ? 200 : result.error.name === 'UnknownMethod' ? 404 : 400, JSON.stringify(result));
    }
    send(res, 404, JSON.stringify({ ok: false, error: { name: 'NotFound', message: `No route ${req.method} ${url.pathname}.` } }));
  };

  const openEventStream = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = ctx.subscribe((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    req.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  };

  const serveStatic = (res: ServerResponse, pathname: string): void => {
    const rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(staticRoot, rel);
    if (!file.startsWith(staticRoot + sep) && file !== staticRoot) return send(res, 403, 'Forbidden', 'text/plain');
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(staticRoot, 'index.html');
    if (!existsSync(file)) {
      return send(res, 503, '<!doctype html><p>The user interface is not built yet. Run <code>npm run build</code>, then reload.</p>', 'text/html; charset=utf-8');
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['cache-control'] = 'no-store';
    } else headers['cache-control'] = 'max-age=3600';
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  };

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${hostForUrl}:${port}/?${HTTP.tokenQuery}=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
