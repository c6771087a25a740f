// The renderer's only door to the backend. Views depend on this interface, never on a transport,
// so the same views run in Electron (IPC), in a browser (HTTP + SSE) and in tests (fakes).
import type { ApiEventName, ApiEvents, ApiInput, ApiMethod, ApiOutput } from '../../../src-shared/api.ts';
import { createIpcClient, type FaultlineBridge } from './ipc-client.ts';
import { createHttpClient } from './http-client.ts';

export interface PickFileOptions {
  title: string;
  filters?: { name: string; extensions: string[] }[];
  directory?: boolean;
}

export interface ApiClient {
  call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiOutput<M>>;
  on<E extends ApiEventName>(event: E, cb: (payload: ApiEvents[E]) => void): () => void;
  /** Native file dialog; absent in browser mode, where views show path text fields instead. */
  pickFile?(opts: PickFileOptions): Promise<string | null>;
  mode: 'electron' | 'browser';
}

declare global {
  interface Window {
    faultline?: FaultlineBridge;
  }
}

export function createClient(): ApiClient {
  if (window.faultline) return createIpcClient(window.faultline);
  return createHttpClient();
}
