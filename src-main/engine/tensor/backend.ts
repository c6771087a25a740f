// The tfjs backend ladder, chosen once per process: tfjs-node-gpu (when a CUDA device is visible)
// -> tfjs-node -> wasm (SIMD) -> cpu. `getTf()` and `backendInfo()` are the entry points every
// engine module uses; `configureBackend()` (or FAULTLINE_BACKEND) forces one rung.
import type * as tfTypes from '@tensorflow/tfjs';
import type { BackendInfo } from '../../../src-shared/api.ts';
import { BackendUnavailableError, climbLadder, type LadderResult } from './backend-ladder.ts';
import { isBackendPreference, resolvePreference, type BackendPreference } from './backend-preference.ts';
import { realRungs, type Tf } from './backend-rungs.ts';
import { kernelEngineDescription, kernelSelectionPending, resolveKernelEngine } from './kernel-engine.ts';

export { BackendUnavailableError } from './backend-ladder.ts';
export { BACKEND_ENV, BACKEND_LADDER, type BackendName, type BackendPreference } from './backend-preference.ts';

let explicit: BackendPreference | null = null;
let choosing: Promise<typeof tfTypes> | null = null;
let chosen: LadderResult<Tf> | null = null;

/**
 * Forces a backend (or 'auto') for this process. It must run before the first getTf(): tfjs
 * cannot move live tensors between backends, so a later different choice is an error. After a
 * forced backend failed to start, the preference may be changed and getTf() tried again.
 */
export function configureBackend(options: { preference: BackendPreference }): void {
  const { preference } = options;
  if (!isBackendPreference(preference)) {
    throw new Error(`Unknown backend "${String(preference)}". Use one of: auto, tensorflow-gpu, tensorflow, wasm, cpu.`);
  }
  if (chosen || choosing) {
    // 'auto' accepts whatever was chosen; naming the chosen rung again is equally harmless.
    if (preference === 'auto' || preference === explicit || preference === chosen?.name) return;
    throw new Error(
      `The tensor backend is already ${chosen ? `"${chosen.name}"` : 'being chosen'} in this process; ` +
        `configureBackend({ preference: "${preference}" }) must run before the first getTf().`,
    );
  }
  explicit = preference;
}

export function getTf(): Promise<typeof tfTypes> {
  choosing ??= (async () => {
    try {
      const result = await climbLadder(resolvePreference(explicit), realRungs());
      chosen = result;
      // Settle the kernel engine too, so BackendInfo (stored as run provenance) names it. Skipped
      // when a kernel call is already choosing: that choice may be waiting on this very getTf().
      if (!kernelSelectionPending()) await resolveKernelEngine(async () => result.tf).catch(() => undefined);
      return result.tf;
    } catch (error) {
      choosing = null; // let a corrected configureBackend() try again
      throw error;
    }
  })();
  return choosing;
}

/** What getTf() chose, or null before it has finished (or when it failed). */
export function backendInfo(): BackendInfo | null {
  if (!chosen) return null;
  return {
    name: chosen.name,
    device: chosen.device,
    skipped: chosen.skipped.map((s) => ({ ...s })),
    kernels: kernelEngineDescription() ?? 'chosen at the first kernel call',
  };
}

export function isBackendUnavailable(error: unknown): error is BackendUnavailableError {
  return error instanceof BackendUnavailableError;
}
