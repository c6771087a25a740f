// One entry point for every transport: validates the method name and its input with zod, calls
// the service, and turns any outcome into a plain result object that can cross IPC or HTTP.
import type { Api, ApiMethod, SerializedError } from '../../src-shared/api.ts';
import { apiInputSchemas } from '../../src-shared/schemas.ts';
import { serializeError } from '../jobs/serialize-error.ts';

export type CallResult = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && Object.hasOwn(apiInputSchemas, method);
}

export function createDispatcher(api: Api): (method: unknown, input: unknown) => Promise<CallResult> {
  return async (method, input) => {
    if (!isApiMethod(method)) return { ok: false, error: { name: 'UnknownMethod', message: `Unknown Api method ${JSON.stringify(method)}.` } };
    try {
      const parsed = apiInputSchemas[method].parse(input ?? undefined);
      const fn = api[method] as (arg: unknown) => Promise<unknown>;
      const value = await fn(parsed);
      return { ok: true, value: value ?? null };
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  };
}
