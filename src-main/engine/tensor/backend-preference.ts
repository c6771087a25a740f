// Which rung of the backend ladder the user asked for, and who asked (for error messages).
import type { Settings } from '../../../src-shared/api.ts';

export type BackendPreference = Settings['backend'];
export type BackendName = Exclude<BackendPreference, 'auto'>;

/** Highest rung first: the ladder tries them in this order under 'auto'. */
export const BACKEND_LADDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', ...BACKEND_LADDER];

export const BACKEND_ENV = 'FAULTLINE_BACKEND';

export interface ResolvedPreference {
  preference: BackendPreference;
  /** e.g. 'FAULTLINE_BACKEND=cpu' or 'configureBackend({ preference: "cpu" })'. */
  source: string;
}

export function isBackendPreference(value: string): value is BackendPreference {
  return (BACKEND_PREFERENCES as readonly string[]).includes(value);
}

/**
 * An explicit non-auto configureBackend() wins (the worker passes the user's setting); otherwise
 * the environment variable, so `FAULTLINE_BACKEND=cpu faultline ...` works for any command.
 */
export function resolvePreference(explicit: BackendPreference | null, env: NodeJS.ProcessEnv = process.env): ResolvedPreference {
  if (explicit && explicit !== 'auto') {
    return { preference: explicit, source: `configureBackend({ preference: "${explicit}" })` };
  }
  const raw = env[BACKEND_ENV]?.trim().toLowerCase();
  if (raw) {
    if (!isBackendPreference(raw)) {
      throw new Error(
        `${BACKEND_ENV}="${env[BACKEND_ENV]}" is not a backend Faultline knows. ` +
          `Use one of: ${BACKEND_PREFERENCES.join(', ')}.`,
      );
    }
    return { preference: raw, source: `${BACKEND_ENV}=${raw}` };
  }
  return { preference: 'auto', source: explicit ? 'configureBackend({ preference: "auto" })' : 'default' };
}
