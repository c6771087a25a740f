// Electron transport: the preload bridge answers with an envelope instead of throwing, because
// Electron flattens thrown errors to a message string and we want name + details to survive.
import { ApiError, type ApiEventName, type ApiEvents, type ApiInput, type ApiMethod, type ApiOutput, type SerializedError } from '../../../src-shared/api.ts';
import type { ApiClient, PickFileOptions } from './client.ts';

export type CallEnvelope = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** What the preload exposes as window.faultline. */
export interface FaultlineBridge {
  call(method: string, input: unknown): Promise<CallEnvelope>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  pickFile(opts: PickFileOptions): Promise<string | null>;
}

export function unwrapEnvelope<T>(envelope: CallEnvelope): T {
  if (envelope.ok) return envelope.value as T;
  throw ApiError.from(envelope.error);
}

export function createIpcClient(bridge: FaultlineBridge): ApiClient {
  return {
    mode: 'electron',
    async call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiOutput<M>> {
      // Svelte $state proxies cannot cross structured clone; a JSON round trip gives plain data.
      const plain = input === undefined ? null : JSON.parse(JSON.stringify(input));
      return unwrapEnvelope<ApiOutput<M>>(await bridge.call(method, plain));
    },
    on<E extends ApiEventName>(event: E, cb: (payload: ApiEvents[E]) => void): () => void {
      return bridge.on(event, (payload) => cb(payload as ApiEvents[E]));
    },
    pickFile: (opts) => bridge.pickFile(opts),
  };
}
