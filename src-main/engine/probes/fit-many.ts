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
  url: URL;
  execArgv: string[];
}

/** When running from TypeScript sources (tests, tsx), workers need the tsx loader too. */
function defaultWorkerSpec(): WorkerSpec {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { url: new URL('./fit-worker.ts', here), execArgv: ['--import', tsx] };
  }
  return { url: new URL('./fit-worker.js', here), execArgv: [] };
}

function recreateError(e: { name: string; message: string; details: unknown }): Error {
  if (e.name === 'InputError') return new InputError(e.message, e.details as InputErrorLocation);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export async function fitLogisticMany(jobs: FitJob[], opts: FitManyOptions = {}): Promise<LogisticModel[]> {
  return runFitPool(jobs, opts, defaultWorkerSpec);
}

/** The pool behind fitLogisticMany; `spec` is injectable so tests can exercise the fallback. */
export async function runFitPool(jobs: FitJob[], opts: FitManyOptions, spec: () => WorkerSpec): Promise<LogisticModel[]> {
  const { signal } = opts;
  if (signal?.aborted) throw new CancelledError();
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), jobs.length));
  const results: (LogisticModel | undefined)[] = new Array(jobs.length);
  const inThread = (id: number): void => {
    if (signal?.aborted) throw new CancelledError();
    results[id] = fitLogistic(jobs[id].X, jobs[id].y, jobs[id].options);
  };
  if (threads === 1) {
    for (let id = 0; id < jobs.length; id++) inThread(id);
    return results as LogisticModel[];
  }

  const retry: number[] = []; // jobs whose worker died under them
  let next = 0;
  const take = (): number => (retry.length > 0 ? (retry.pop() as number) : next < jobs.length ? next++ : -1);

  await new Promise<void>((resolve, reject) => {
    const workers = new Set<Worker>();
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      workers.clear();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => finish(new CancelledError());
    signal?.addEventListener('abort', onAbort);

    // When no worker is left, whatever remains runs here.
    const drainInThread = (): void => {
      if (settled || workers.size > 0) return;
      try {
        for (let id = take(); id >= 0; id = take()) inThread(id);
        finish();
      } catch (e) {
        finish(e as Error);
      }
    };

    const start = (): void => {
      let w: Worker;
      const { url, execArgv } = spec();
      try {
        w = new Worker(url, { execArgv });
      } catch {
        return;
      }
      workers.add(w);
      let current = -1;
      const feed = (): void => {
        current = take();
        if (current < 0) {
          workers.delete(w);
          void w.terminate();
          if (workers.size === 0 && results.every((r) => r !== undefined)) finish();
          return;
        }
        const { X, y, options } = jobs[current];
        w.postMessage({ id: current, X, y, options } satisfies FitRequest);
      };
      const lost = (): void => {
        if (!workers.delete(w)) return;
        if (current >= 0 && results[current] === undefined) retry.push(current);
        current = -1;
        drainInThread();
      };
      w.on('message', (reply: FitReply) => {
        if (settled) return;
        if (reply.error) {
          finish(recreateError(reply.error));
          return;
        }
        results[reply.id] = reply.model;
        feed();
      });
      w.on('error', lost);
      w.on('exit', lost);
      feed();
    };
    for (let t = 0; t < threads; t++) start();
    drainInThread();
  });
  return results as LogisticModel[];
}
