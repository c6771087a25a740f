// Chooses, once per process, which engine serves the dense kernels: onnxruntime-node (fastest on
// CPU and the only one that can use CUDA without tfjs-node-gpu) -> tfjs on the ladder's backend ->
// plain JS. FAULTLINE_KERNELS or configureKernels() force one; an engine that fails at run time is
// demoted and the next one takes over, with the reason kept for `faultline doctor`.
import type * as tfTypes from '@tensorflow/tfjs';
import { reasonOf } from './backend-ladder.ts';
import type { DenseEngine, KernelEngineName } from './engines/dense-engine.ts';
import { createJsEngine } from './engines/js-engine.ts';
import { createOrtEngine } from './engines/ort-engine.ts';
import { createTfjsEngine } from './engines/tfjs-engine.ts';
import { loadOrt } from './ort-loader.ts';

export type { KernelEngineName } from './engines/dense-engine.ts';
export type KernelPreference = 'auto' | KernelEngineName;

type Tf = typeof tfTypes;

export const KERNELS_ENV = 'FAULTLINE_KERNELS';
const ORDER: readonly KernelEngineName[] = ['onnxruntime', 'tfjs', 'js'];

interface Selection {
  engine: DenseEngine;
  skipped: { engine: KernelEngineName; reason: string }[];
}

let explicit: KernelPreference | null = null;
let selection: Selection | null = null;
let selecting: Promise<Selection> | null = null;
const demoted = new Map<KernelEngineName, string>();

function preference(): { wanted: KernelPreference; source: string } {
  if (explicit && explicit !== 'auto') return { wanted: explicit, source: `configureKernels({ engine: "${explicit}" })` };
  const raw = process.env[KERNELS_ENV]?.trim().toLowerCase();
  if (raw) {
    if (raw !== 'auto' && !(ORDER as readonly string[]).includes(raw)) {
      throw new Error(`${KERNELS_ENV}="${process.env[KERNELS_ENV]}" is not a kernel engine. Use one of: auto, ${ORDER.join(', ')}.`);
    }
    return { wanted: raw as KernelPreference, source: `${KERNELS_ENV}=${raw}` };
  }
  return { wanted: 'auto', source: 'default' };
}

/**
 * Forces (or, with 'auto', releases) the kernel engine. Unlike the tfjs backend this may change
 * at any time: engines hold no tensors, and the next kernel call simply uses the new one.
 */
export function configureKernels(options: { engine: KernelPreference }): void {
  if (options.engine !== 'auto' && !ORDER.includes(options.engine)) {
    throw new Error(`Unknown kernel engine "${String(options.engine)}". Use one of: auto, ${ORDER.join(', ')}.`);
  }
  explicit = options.engine;
  selection = null;
  selecting = null;
  demoted.clear();
}

// ORT sessions are worth keeping across re-selection (tests and the benchmark switch engines).
let ortEngine: DenseEngine | null = null;

async function create(name: KernelEngineName, loadTf: () => Promise<Tf>): Promise<DenseEngine> {
  if (name === 'onnxruntime') {
    if (ortEngine) return ortEngine;
    const status = await loadOrt();
    if (!status.ok) throw new Error(status.reason);
    ortEngine = createOrtEngine(status);
    return ortEngine;
  }
  if (name === 'tfjs') return createTfjsEngine(await loadTf());
  return createJsEngine();
}

async function select(loadTf: () => Promise<Tf>): Promise<Selection> {
  const { wanted, source } = preference();
  const skipped: Selection['skipped'] = [];
  for (const name of wanted === 'auto' ? ORDER : [wanted]) {
    const earlier = demoted.get(name);
    if (earlier) {
      skipped.push({ engine: name, reason: earlier });
      continue;
    }
    try {
      return { engine: await create(name, loadTf), skipped };
    } catch (error) {
      skipped.push({ engine: name, reason: reasonOf(error) });
    }
  }
  const last = skipped[skipped.length - 1];
  throw new Error(
    wanted === 'auto'
      ? `No dense-kernel engine could start: ${skipped.map((s) => `${s.engine}: ${s.reason}`).join('; ')}.`
      : `${source} asks for the "${wanted}" kernel engine, but it is unavailable: ${last?.reason}. ` +
          `Set ${KERNELS_ENV}=auto to let Faultline fall back.`,
  );
}

/** The engine to run the next kernel on; `loadTf` is only called if onnxruntime is unusable. */
export function resolveKernelEngine(loadTf: () => Promise<Tf>): Promise<DenseEngine> {
  if (selection) return Promise.resolve(selection.engine);
  selecting ??= select(loadTf).then(
    (s) => {
      selection = s;
      return s;
    },
    (error: unknown) => {
      selecting = null;
      throw error;
    },
  );
  return selecting.then((s) => s.engine);
}

/** True while a selection is running (backend.ts must not wait on one that waits on it). */
export function kernelSelectionPending(): boolean {
  return selecting !== null && selection === null;
}

/**
 * Marks an engine as failed after a run-time error. Returns false when the engine was forced,
 * in which case the caller should surface the error instead of retrying elsewhere.
 */
export function demoteKernelEngine(engine: DenseEngine, error: unknown): boolean {
  if (preference().wanted !== 'auto' || engine.name === 'js') return false;
  demoted.set(engine.name, `failed at run time: ${reasonOf(error)}`);
  if (engine.name === 'onnxruntime') ortEngine = null;
  selection = null;
  selecting = null;
  return true;
}

/** Which engine serves kernels now, or null before the first kernel call or getTf(). */
export function kernelEngine(): KernelEngineName | null {
  return selection?.engine.name ?? null;
}

/** For BackendInfo.kernels: the engine, its configuration, and why faster ones were passed over. */
export function kernelEngineDescription(): string | null {
  if (!selection) return null;
  const { engine, skipped } = selection;
  const passed = skipped.map((s) => `${s.engine} skipped: ${s.reason}`);
  return passed.length ? `${engine.description} (${passed.join('; ')})` : engine.description;
}
