// Our probes against scikit-learn's answers on the golden fixtures
// (scripts/golden/make-probe-fixtures.py): objective, predictions, sparsity, scaler, metrics.
import { describe, expect, it } from 'vitest';
import {
  applyScaler,
  balancedAccuracy,
  countNonZero,
  fitLogistic,
  fitLogisticPath,
  fitStandardScaler,
  logisticObjective,
  predictLogistic,
  type LogisticModel,
} from '../../../src-main/engine/probes/index.ts';
import { loadF64, loadI32, loadMatrix, manifest, type FixtureCase } from './sklearn-fixtures.ts';

function optionsOf(c: FixtureCase) {
  return {
    penalty: c.penalty,
    multiClass: c.multiClass,
    sampleWeight: c.sampleWeight ? loadF64(c.sampleWeight) : undefined,
    fitIntercept: c.fitIntercept,
    interceptScaling: c.interceptScaling,
  } as const;
}

/** Share of points (train and test together) where our prediction equals sklearn's. */
function agreement(pairs: [Int32Array, number[]][]): number {
  let same = 0;
  let total = 0;
  for (const [pred, ref] of pairs) {
    for (let i = 0; i < pred.length; i++) if (pred[i] === ref[i]) same++;
    total += pred.length;
  }
  return same / total;
}

function sklearnModel(c: FixtureCase, k: number, cols: number): LogisticModel {
  const r = c.results[k];
  return { classes: c.classes, coef: Float64Array.from(r.coef), intercept: Float64Array.from(r.intercept), cols, nIter: r.nIter };
}

describe('fixtures', () => {
  it('were made by scikit-learn and cover the required cases', () => {
    const names = manifest.cases.map((c) => c.name);
    expect(manifest.sklearn).toMatch(/^\d+\.\d+/);
    // DFR grid, d > n, 3+ classes (ovr L1, multinomial L2), sample weights, standardised inputs.
    expect(manifest.cases.find((c) => c.name === 'bin_l1')?.results.map((r) => r.C)).toEqual(
      expect.arrayContaining([1, 0.7, 0.3, 0.1, 0.07, 0.03, 0.01]),
    );
    expect(names).toEqual(
      expect.arrayContaining(['wide_l1', 'multi_l1', 'multi_l2_multinomial', 'bin_l1_weighted', 'bin_l2_weighted', 'std_l1']),
    );
    const wide = loadMatrix('wide_X');
    expect(wide.cols).toBeGreaterThan(wide.rows);
  });
});

describe.each(manifest.cases.map((c) => [c.name, c] as const))('sklearn fidelity: %s', (_name, c) => {
  const X = loadMatrix(c.X);
  const y = loadI32(c.y);
  const Xtest = loadMatrix(c.Xtest);
  const opts = optionsOf(c);
  const Cs = c.results.map((r) => r.C);
  const models = fitLogisticPath(X, y, Cs, opts);

  it('evaluates sklearn’s own solution to the objective sklearn reports', () => {
    c.results.forEach((r, k) => {
      const obj = logisticObjective(sklearnModel(c, k, X.cols), X, y, { ...opts, C: r.C });
      expect(Math.abs(obj - r.objective) / r.objective).toBeLessThan(1e-9);
    });
  });

  it.each(c.results.map((r, k) => [r.C, k] as const))('C=%s: objective no worse than sklearn by 1e-4', (C, k) => {
    const ours = logisticObjective(models[k], X, y, { ...opts, C });
    const ref = c.results[k].objective;
    expect((ours - ref) / Math.abs(ref)).toBeLessThanOrEqual(1e-4);
  });

  it.each(c.results.map((r, k) => [r.C, k] as const))('C=%s: predictions agree on >= 99.5% of train + test points', (_C, k) => {
    expect(models[k].classes).toEqual(c.classes);
    const share = agreement([
      [predictLogistic(models[k], X), c.results[k].predTrain],
      [predictLogistic(models[k], Xtest), c.results[k].predTest],
    ]);
    expect(share).toBeGreaterThanOrEqual(0.995);
  });

  it.each(c.results.map((r, k) => [r.C, k] as const))('C=%s: non-zero count within 5% (or 1)', (_C, k) => {
    const ours = countNonZero(models[k]);
    const ref = c.results[k].nonZero;
    expect(Math.abs(ours - ref)).toBeLessThanOrEqual(Math.max(1, 0.05 * ref));
  });

  it('single fits agree with the warm-started path', () => {
    const k = c.results.length - 1;
    const single = fitLogistic(X, y, { ...opts, C: Cs[k] });
    const a = logisticObjective(single, X, y, { ...opts, C: Cs[k] });
    const b = logisticObjective(models[k], X, y, { ...opts, C: Cs[k] });
    expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-4);
  });
});

describe('standard scaler vs sklearn StandardScaler', () => {
  const c = manifest.cases.find((x) => x.scaler) as FixtureCase;
  const raw = loadMatrix(c.scaler!.raw);
  const s = fitStandardScaler(raw);

  it('matches mean_ and scale_ (constant column gets scale 1)', () => {
    const ref = c.scaler!;
    for (let j = 0; j < raw.cols; j++) {
      expect(s.mean[j]).toBeCloseTo(ref.mean[j], 10);
      expect(Math.abs(s.scale[j] - ref.scale[j]) / ref.scale[j]).toBeLessThan(1e-12);
    }
    expect(ref.scale).toContain(1);
    expect(s.scale[ref.scale.indexOf(1)]).toBe(1);
  });

  it('transforms train and test exactly like sklearn', () => {
    for (const [rawName, refName] of [
      [c.scaler!.raw, 'std_Xs'],
      [c.scaler!.raw + '_test', 'std_Xs_test'],
    ]) {
      const out = applyScaler(s, loadMatrix(rawName));
      const ref = loadF64(refName);
      let worst = 0;
      for (let q = 0; q < ref.length; q++) worst = Math.max(worst, Math.abs(out.data[q] - ref[q]));
      expect(worst).toBeLessThan(1e-11);
    }
  });
});

describe('balanced accuracy vs sklearn', () => {
  it('matches balanced_accuracy_score, including a predicted class absent from y_true', () => {
    const b = manifest.balancedAccuracy;
    expect(balancedAccuracy(loadI32(b.yPred), loadI32(b.yTrue))).toBeCloseTo(b.value, 12);
  });
});
