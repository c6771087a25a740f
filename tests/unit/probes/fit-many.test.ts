import { afterAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { closeFitPool, createRng, fitLogistic, fitLogisticMany, type FitJob, type Matrix } from '../../../src-main/engine/probes/index.ts';
import { defaultWorkerSpec, runFitPool } from '../../../src-main/engine/probes/fit-many.ts';
import { CancelledError, InputError } from '../../../src-shared/errors.ts';

function jobs(count: number): FitJob[] {
  const rng = createRng(9);
  const n = 150;
  const d = 12;
  return Array.from({ length: count }, (_, k) => {
    const X: Matrix = { data: Float64Array.from({ length: n * d }, () => rng.next() * 2 - 1), rows: n, cols: d };
    const y = Int32Array.from({ length: n }, (_, i) => (X.data[i * d] + 0.5 * X.data[i * d + 1] + 0.3 * (rng.next() - 0.5) > 0 ? 1 : 0));
    return { X, y, options: { penalty: k % 2 === 0 ? 'l1' : 'l2', C: 0.1 * (k + 1) } } as FitJob;
  });
}

describe('fitLogisticMany', () => {
  afterAll(closeFitPool);
  const js = jobs(5);
  const expected = js.map((j) => fitLogistic(j.X, j.y, j.options));

  it('returns, in job order, exactly what fitLogistic returns (worker threads)', async () => {
    const counts = { inWorkers: 0, inThread: 0 };
    const got = await runFitPool(js, { threads: 2 }, defaultWorkerSpec, counts);
    expect(counts).toEqual({ inWorkers: 5, inThread: 0 });
    // A second call reuses the idle workers.
    const again = await runFitPool(js, { threads: 2 }, defaultWorkerSpec, counts);
    expect(counts.inWorkers).toBe(10);
    expect(Array.from(again[4].coef)).toEqual(Array.from(expected[4].coef));
    got.forEach((m, k) => {
      expect(Array.from(m.coef)).toEqual(Array.from(expected[k].coef));
      expect(Array.from(m.intercept)).toEqual(Array.from(expected[k].intercept));
      expect(m.classes).toEqual(expected[k].classes);
    });
  });

  it('runs in this thread with threads = 1', async () => {
    const got = await fitLogisticMany(js.slice(0, 2), { threads: 1 });
    expect(Array.from(got[1].coef)).toEqual(Array.from(expected[1].coef));
  });

  it('falls back to this thread when workers cannot start', async () => {
    const missing = () => ({ entry: pathToFileURL('/nonexistent/fit-worker.js'), eval: false });
    const counts = { inWorkers: 0, inThread: 0 };
    const got = await runFitPool(js, { threads: 2 }, missing, counts);
    expect(counts).toEqual({ inWorkers: 0, inThread: 5 });
    got.forEach((m, k) => expect(Array.from(m.coef)).toEqual(Array.from(expected[k].coef)));
  });

  it('re-creates a job’s InputError in the caller', async () => {
    const bad = [...js.slice(0, 2), { ...js[2], y: new Int32Array(js[2].y.length) }];
    const run = fitLogisticMany(bad, { threads: 2 });
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(/single class/);
  });

  it('honours an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(fitLogisticMany(js, { threads: 2, signal: ac.signal })).rejects.toThrow(CancelledError);
  });
});
