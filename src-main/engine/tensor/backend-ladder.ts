// Walks the backend ladder with injected rung loaders, so the policy (order, forcing, reasons)
// is testable without the native packages that decide it on real machines.
import { BACKEND_LADDER, type BackendName, type ResolvedPreference } from './backend-preference.ts';

/** What a rung hands back when it works: the module to use as `tf` and a device description. */
export interface RungResult<Tf> {
  tf: Tf;
  device: string;
}

/** A rung resolves when its backend is active, or throws an error whose message is the one-line reason. */
export type Rung<Tf> = () => Promise<RungResult<Tf>>;

export interface LadderResult<Tf> extends RungResult<Tf> {
  name: BackendName;
  skipped: { backend: BackendName; reason: string }[];
}

export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(
    message: string,
    readonly skipped: { backend: BackendName; reason: string }[],
  ) {
    super(message);
  }
}

const PACKAGE_OF: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs (pure JS)',
};

export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}

export async function climbLadder<Tf>(
  wanted: ResolvedPreference,
  rungs: Record<BackendName, Rung<Tf>>,
): Promise<LadderResult<Tf>> {
  const skipped: { backend: BackendName; reason: string }[] = [];
  if (wanted.preference !== 'auto') {
    const name = wanted.preference;
    for (const higher of BACKEND_LADDER.slice(0, BACKEND_LADDER.indexOf(name))) {
      skipped.push({ backend: higher, reason: `not tried: ${wanted.source}` });
    }
    try {
      return { name, ...(await rungs[name]()), skipped };
    } catch (error) {
      throw new BackendUnavailableError(
        `${wanted.source} asks for the "${name}" backend (${PACKAGE_OF[name]}), but it is unavailable: ` +
          `${reasonOf(error)}. Choose another backend (auto, ${BACKEND_LADDER.filter((b) => b !== name).join(', ')}) ` +
          `or install what it needs (see \`faultline doctor\`).`,
        [...skipped, { backend: name, reason: reasonOf(error) }],
      );
    }
  }
  for (const name of BACKEND_LADDER) {
    try {
      return { name, ...(await rungs[name]()), skipped };
    } catch (error) {
      skipped.push({ backend: name, reason: reasonOf(error) });
    }
  }
  throw new BackendUnavailableError(
    `No TensorFlow.js backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}.`,
    skipped,
  );
}
