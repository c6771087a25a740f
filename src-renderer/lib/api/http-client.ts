// Browser-mode transport: POST per call, one EventSource for pushed events. The server hands the
// page a one-time URL with ?token=...; we keep it for the tab's lifetime (sessionStorage survives
// reloads) and remove it from the address bar so it is not bookmarked or shared by accident.
import { ApiError, HTTP, type ApiEventName, type ApiEvents, type ApiInput, type ApiMethod, type ApiOutput } from '../../../src-shared/api.ts';
import type { ApiClient } from './client.ts';
import { unwrapEnvelope, type CallEnvelope } from './ipc-client.ts';

const TOKEN_KEY = 'faultline.token';

export interface HttpClientOptions {
  token?: string;
  /** Base URL of the server; '' means same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
}

/** Reads the token from the URL (then hides it) or from sessionStorage. */
export function takeToken(win: Window = window): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get(HTTP.tokenQuery);
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete(HTTP.tokenQuery);
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return win.sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function createHttpClient(opts: HttpClientOptions = {}): ApiClient {
  const token = opts.token ?? takeToken();
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const makeSource = opts.createEventSource ?? ((url: string) => new EventSource(url));

  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function ensureSource(event: string): EventSource {
    source ??= makeSource(`${base}${HTTP.eventsPath}?${HTTP.tokenQuery}=${encodeURIComponent(token)}`);
    if (!listeners.has(event)) {
      const set = new Set<(payload: unknown) => void>();
      listeners.set(event, set);
      source.addEventListener(event, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return; // a malformed event must not break the other listeners
        }
        for (const cb of set) cb(payload);
      });
    }
    return source;
  }

  return {
    mode: 'browser',
    async call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiOutput<M>> {
      let res: Response;
      try {
        res = await doFetch(`${base}${HTTP.callPath(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [HTTP.tokenHeader]: token },
          body: JSON.stringify(input === undefined ? null : input),
        });
      } catch (e) {
        throw new ApiError('NetworkError', `Cannot reach the Faultline server (${(e as Error).message}). Is \`faultline serve\` still running?`);
      }
      let envelope: CallEnvelope;
      try {
        envelope = (await res.json()) as CallEnvelope;
      } catch {
        throw new ApiError('HttpError', `The server answered ${res.status} ${res.statusText} without a readable body.`);
      }
      if (!envelope || typeof envelope !== 'object' || !('ok' in envelope)) {
        throw new ApiError('HttpError', `The server answered ${res.status} with an unexpected body.`);
      }
      return unwrapEnvelope<ApiOutput<M>>(envelope);
    },
    on<E extends ApiEventName>(event: E, cb: (payload: ApiEvents[E]) => void): () => void {
      ensureSource(event);
      const set = listeners.get(event)!;
      const wrapped = (p: unknown) => cb(p as ApiEvents[E]);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
