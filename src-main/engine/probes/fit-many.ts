// Many independent logistic fits (one-vs-rest classes, DFR's repeated balanced refits, coreset
// probes) spread over worker threads. Results are identical to fitLogistic in-thread: the
// solvers are deterministic. Where workers cannot start (e.g. a bundle that did not emit
// fit-worker), or die, the remaining jobs run in this thread.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CancelledError, InputError, type InputErrorLocation } from '../../../src-shared/errors.ts';
import { fitLogistic } from './logistic.ts';
import type { LogisticModel, LogisticOptions, Matrix } from './types.ts';

export interface FitJob {
  X: Matrix;
  y: Int32Array;
  options: LogisticOptions;
}

export interface FitManyOptions {
  /** Worker threads to use; default: the machine's available parallelism. 1 = fit in this thread. */
  threads?: number;
  signal?: AbortSignal;
}

/** Message protocol with fit-worker.ts. */
export interface FitRequest extends FitJob {
  id: number;
}
export type FitReply =
  | { id: number; model: LogisticModel; error?: undefined }
  | { id: number; error: { name: string; message: string; details: unknown }; model?: undefined };

interface WorkerSpec {
  /** A module URL, or (eval) the source of a CommonJS bootstrap. */
  entry: URL | string;
  eval: boolean;
}

/**
 * Running from TypeScript sources (tests, tsx), the worker registers tsx's loader itself and then
 * imports fit-worker.ts (`--import tsx` in a worker's execArgv does not reach its module loader
 * on Node 20). A bundle must emit fit-worker.js beside this module.
 */
function defaultWorkerSpec(): WorkerSpec {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // The ESM build of tsx's API (createRequire resolves the CommonJS one).
    const api = createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    const target = new URL('./fit-worker.ts', here).href;
    const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
    return { entry: code, eval: true };
  }
  return { entry: new URL('./fit-worker.js', here), eval: false };
}

export { defaultWorkerSpec };

function recreateError(e: { name: string; message: string; details: unknown }): Error {
  if (e.name === 'InputError') return new InputError(e.message, e.details as InputErrorLocation);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export async function fitLogisticMany(jobs: FitJob[], opts: FitManyOptions = {}): Promise<LogisticModel[]> {
  return runFitPool(jobs, opts, defaultWorkerSpec);
}

// Idle workers are kept (unref'd, so they never hold the process open) and reused by the next
// call: starting a worker costs tens of milliseconds from a bundle and about a second from
// TypeScript sources, as much as a few fits.
const idle = new Map<string, Worker[]>();
// Our own listeners per worker, removed one by one (removeAllListeners would also drop the
// listeners Node's Worker uses to keep its message port referenced).
type Listener = (...args: unknown[]) => void;
const ownListeners = new WeakMap<Worker, [string, Listener][]>();

function listen<A extends unknown[]>(w: Worker, event: string, fn: (...args: A) => void): void {
  const list = ownListeners.get(w) ?? [];
  ownListeners.set(w, list);
  list.push([event, fn as Listener]);
  w.on(event, fn as Listener);
}

function unlisten(w: Worker): void {
  for (const [event, fn] of ownListeners.get(w) ?? []) w.off(event, fn);
  ownListeners.delete(w);
}

function keyOf(spec: WorkerSpec): string {
  return (spec.eval ? 'eval:' : 'url:') + String(spec.entry);
}

function acquire(spec: WorkerSpec): Worker | null {
  const w = idle.get(keyOf(spec))?.pop();
  if (w) {
    unlisten(w);
    w.ref();
    return w;
  }
  try {
    return new Worker(spec.entry, { eval: spec.eval });
  } catch {
    return null;
  }
}

function release(spec: WorkerSpec, w: Worker): void {
  unlisten(w);
  w.unref();
  const key = keyOf(spec);
  const list = idle.get(key) ?? [];
  idle.set(key, list);
  list.push(w);
  const forget = (): void => {
    const at = list.indexOf(w);
    if (at >= 0) list.splice(at, 1);
  };
  listen(w, 'error', forget);
  listen(w, 'exit', forget);
}

/**
 * Starts `threads` workers in the background and parks them in the idle pool, so a later
 * fitLogisticMany does not wait for their start-up (about a second from TypeScript sources).
 */
export function warmFitPool(threads = availableParallelism()): void {
  if (threads < 2) return;
  const spec = defaultWorkerSpec();
  const have = idle.get(keyOf(spec))?.length ?? 0;
  for (let k = have; k < threads; k++) {
    const w = acquire(spec);
    if (!w) return;
    release(spec, w);
  }
}

/** Terminates the idle workers kept for reuse (e.g. at the end of a test file or a job). */
export async function closeFitPool(): Promise<void> {
  const all = [...idle.values()].flat();
  idle.clear();
  await Promise.all(all.map((w) => w.terminate()));
}

/**
 * The pool behind fitLogisticMany; `spec` is injectable so tests can exercise the fallback, and
 * `counts` reports where the jobs ran.
 */
export async function runFitPool(
  jobs: FitJob[],
  opts: FitManyOptions,
  specOf: () => WorkerSpec,
  counts: { inWorkers: number; inThread: number } = { inWorkers: 0, inThread: 0 },
): Promise<LogisticModel[]> {
  const { signal } = opts;
  if (signal?.aborted) throw new CancelledError();
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), jobs.length));
  const results: (LogisticModel | undefined)[] = new Array(jobs.length);
  const inThread = (id: number): void => {
    if (signal?.aborted) throw new CancelledError();
    results[id] = fitLogistic(jobs[id].X, jobs[id].y, jobs[id].options);
    counts.inThread++;
  };
  if (threads === 1) {
    for (let id = 0; id < jobs.length; id++) inThread(id);
    return results as LogisticModel[];
  }

  const spec = specOf();
  const retry: number[] = []; // jobs whose worker died under them
  let next = 0;
  const take = (): number => (retry.length > 0 ? (retry.pop() as number) : next < jobs.length ? next++ : -1);

  await new Promise<void>((resolve, reject) => {
    const busy = new Set<Worker>();
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      // Workers still busy (after an error or a cancel) are stopped, not returned to the pool.
      for (const w of busy) void w.terminate();
      busy.clear();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => finish(new CancelledError());
    signal?.addEventListener('abort', onAbort);

    // When no worker is left, whatever remains runs here.
    const drainInThread = (): void => {
      if (settled || busy.size > 0) return;
      try {
        for (let id = take(); id >= 0; id = take()) inThread(id);
        finish();
      } catch (e) {
        finish(e as Error);
      }
    };

    const start = (): void => {
      const w = acquire(spec);
      if (!w) return;
      busy.add(w);
      let current = -1;
      const feed = (): void => {
        current = take();
        if (current < 0) {
          busy.delete(w);
          release(spec, w);
          if (busy.size === 0 && results.every((r) => r !== undefined)) finish();
          return;
        }
        const { X, y, options } = jobs[current];
        w.postMessage({ id: current, X, y, options } satisfies FitRequest);
      };
      const lost = (): void => {
        if (!busy.delete(w)) return;
        void w.terminate();
        if (current >= 0 && results[current] === undefined) retry.push(current);
        current = -1;
        drainInThread();
      };
      listen(w, 'message', (reply: FitReply) => {
        if (settled) return;
        if (reply.error) {
          finish(recreateError(reply.error));
          return;
        }
        results[reply.id] = reply.model;
        counts.inWorkers++;
        feed();
      });
      listen(w, 'error', lost);
      listen(w, 'exit', lost);
      feed();
    };
    for (let t = 0; t < threads; t++) start();
    drainInThread();
  });
  return results as LogisticModel[];
}
