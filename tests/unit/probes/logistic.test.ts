// Behaviour of the logistic probes beyond the sklearn fixtures: optimality conditions, exact
// zeros, warm starts, weights, model utilities and the errors users can hit.
import { describe, expect, it } from 'vitest';
import {
  averageModels,
  countNonZero,
  createRng,
  decisionFunction,
  fitLogistic,
  fitLogisticPath,
  logisticObjective,
  predictLogistic,
  selectLabels,
  selectRows,
  type LogisticModel,
  type Matrix,
} from '../../../src-main/engine/probes/index.ts';
import { InputError } from '../../../src-shared/errors.ts';

/** Correlated Gaussian features (few latent factors, like embeddings) and noisy linear labels. */
function makeProblem(n: number, d: number, seed: number, nClasses = 2): { X: Matrix; y: Int32Array } {
  const rng = createRng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const k = 5;
  const A = Float64Array.from({ length: k * d }, normal);
  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < k; q++) z[q] = normal();
    for (let j = 0; j < d; j++) {
      let v = 0.8 * normal();
      for (let q = 0; q < k; q++) v += (z[q] * A[q * d + j]) / Math.sqrt(k);
      X[i * d + j] = v;
    }
    const score = z[0] - 0.7 * z[1] + 0.6 * normal();
    y[i] = nClasses === 2 ? (score > 0 ? 1 : 0) : Math.min(nClasses - 1, Math.max(0, Math.floor(score + nClasses / 2)));
  }
  return { X: { data: X, rows: n, cols: d }, y };
}

/** Gradient of sum_i C s_i log(1 + exp(-y_i (w.x_i + b))) for the binary model, bias feature last. */
function lossGradient(model: LogisticModel, X: Matrix, y: Int32Array, C: number, scaling: number, s?: Float64Array): Float64Array {
  const d = X.cols;
  const dec = decisionFunction(model, X);
  const g = new Float64Array(d + 1);
  for (let i = 0; i < X.rows; i++) {
    const yi = y[i] === model.classes[1] ? 1 : -1;
    const r = (-C * (s ? s[i] : 1) * yi) / (1 + Math.exp(yi * dec[i]));
    for (let j = 0; j < d; j++) g[j] += r * X.data[i * d + j];
    g[d] += r * scaling;
  }
  return g;
}

describe('L1 logistic (liblinear semantics)', () => {
  const { X, y } = makeProblem(300, 40, 1);

  it('satisfies the L1 optimality conditions, intercept penalised, with exact zeros', () => {
    for (const C of [0.02, 0.2, 2]) {
      const m = fitLogistic(X, y, { penalty: 'l1', C });
      const g = lossGradient(m, X, y, C, 1);
      const w = [...m.coef, m.intercept[0]];
      let zeros = 0;
      w.forEach((wj, j) => {
        if (wj === 0) {
          zeros++;
          expect(Math.abs(g[j])).toBeLessThanOrEqual(1 + 1e-3);
        } else {
          // Non-zero weights: gradient of the loss = -sign(w) (subgradient of |w| cancels it).
          expect(g[j]).toBeCloseTo(-Math.sign(wj), 2);
        }
      });
      if (C === 0.02) expect(zeros).toBeGreaterThan(30);
    }
  });

  it('gets sparser as C shrinks, down to all zeros', () => {
    const Cs = [1, 0.3, 0.1, 0.03, 0.01, 0.0001];
    const models = fitLogisticPath(X, y, Cs, { penalty: 'l1' });
    const nnz = models.map(countNonZero);
    for (let k = 1; k < nnz.length; k++) expect(nnz[k]).toBeLessThanOrEqual(nnz[k - 1] + 2);
    expect(nnz[0]).toBeGreaterThan(20);
    expect(nnz[nnz.length - 1]).toBe(0);
    expect(models[models.length - 1].intercept[0]).toBe(0);
  });

  it('returns path models in the order of Cs, matching independent fits', () => {
    const Cs = [0.1, 1, 0.03];
    const path = fitLogisticPath(X, y, Cs, { penalty: 'l1' });
    Cs.forEach((C, k) => {
      const single = fitLogistic(X, y, { penalty: 'l1', C });
      const a = logisticObjective(path[k], X, y, { penalty: 'l1', C });
      const b = logisticObjective(single, X, y, { penalty: 'l1', C });
      expect(Math.abs(a - b) / b).toBeLessThan(1e-4);
    });
  });

  it('treats the intercept as a feature of value interceptScaling (penalised)', () => {
    // With a large interceptScaling the bias weight costs little, so |b| grows towards the unpenalised value.
    const small = fitLogistic(X, y, { penalty: 'l1', C: 0.01, interceptScaling: 1 });
    const big = fitLogistic(X, y, { penalty: 'l1', C: 0.01, interceptScaling: 100 });
    const g = lossGradient(big, X, y, 0.01, 100);
    if (big.intercept[0] !== 0) expect(g[X.cols]).toBeCloseTo(-Math.sign(big.intercept[0]), 2);
    expect(Math.abs(big.intercept[0])).toBeGreaterThanOrEqual(Math.abs(small.intercept[0]));
    const none = fitLogistic(X, y, { penalty: 'l1', C: 0.3, fitIntercept: false });
    expect(none.intercept[0]).toBe(0);
  });

  it('sample weights scale the loss: integer weights equal repeated rows, zero weights equal removed rows', () => {
    const rng = createRng(7);
    const n = X.rows;
    const wts = Float64Array.from({ length: n }, () => rng.int(3)); // 0, 1 or 2
    const rows: number[] = [];
    for (let i = 0; i < n; i++) for (let r = 0; r < wts[i]; r++) rows.push(i);
    const idx = Int32Array.from(rows);
    const Xr = selectRows(X, idx);
    const yr = selectLabels(y, idx);
    for (const penalty of ['l1', 'l2'] as const) {
      const a = fitLogistic(X, y, { penalty, C: 0.3, sampleWeight: wts });
      const b = fitLogistic(Xr, yr, { penalty, C: 0.3 });
      const oa = logisticObjective(a, Xr, yr, { penalty, C: 0.3 });
      const ob = logisticObjective(b, Xr, yr, { penalty, C: 0.3 });
      expect(Math.abs(oa - ob) / ob).toBeLessThan(1e-4);
    }
  });

  it('warm starts from a given model and converges to the same optimum', () => {
    const first = fitLogistic(X, y, { penalty: 'l1', C: 0.05 });
    const warm = fitLogistic(X, y, { penalty: 'l1', C: 0.5, warmStart: first });
    const cold = fitLogistic(X, y, { penalty: 'l1', C: 0.5 });
    const a = logisticObjective(warm, X, y, { penalty: 'l1', C: 0.5 });
    const b = logisticObjective(cold, X, y, { penalty: 'l1', C: 0.5 });
    expect(Math.abs(a - b) / b).toBeLessThan(1e-4);
  });

  it('handles a warm start whose optimum is all zeros', () => {
    const dense = fitLogistic(X, y, { penalty: 'l1', C: 1 });
    const m = fitLogistic(X, y, { penalty: 'l1', C: 1e-5, warmStart: dense });
    expect(countNonZero(m)).toBe(0);
    expect(m.intercept[0]).toBe(0);
  });

  it('accepts Float32 input with the same result as Float64', () => {
    const X32: Matrix = { data: Float32Array.from(X.data), rows: X.rows, cols: X.cols };
    const X64: Matrix = { data: Float64Array.from(X32.data), rows: X.rows, cols: X.cols };
    const a = fitLogistic(X32, y, { penalty: 'l1', C: 0.2 });
    const b = fitLogistic(X64, y, { penalty: 'l1', C: 0.2 });
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
  });

  it('is deterministic', () => {
    const a = fitLogistic(X, y, { penalty: 'l1', C: 0.4 });
    const b = fitLogistic(X, y, { penalty: 'l1', C: 0.4 });
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
  });

  it('keeps arbitrary (negative, unsorted) class values and predicts them', () => {
    const yy = Int32Array.from(y, (v) => (v === 1 ? -3 : 7));
    const m = fitLogistic(X, yy, { penalty: 'l1', C: 0.5 });
    expect(m.classes).toEqual([-3, 7]);
    const pred = predictLogistic(m, X);
    const dec = decisionFunction(m, X);
    pred.forEach((p, i) => expect(p).toBe(dec[i] > 0 ? 7 : -3));
    let correct = 0;
    pred.forEach((p, i) => (correct += p === yy[i] ? 1 : 0));
    expect(correct / pred.length).toBeGreaterThan(0.8);
  });
});

describe('multiclass', () => {
  const { X, y } = makeProblem(300, 20, 2, 3);

  it('fits one-vs-rest L1 with one row per class and predicts by argmax', () => {
    const m = fitLogistic(X, y, { penalty: 'l1', C: 0.5 });
    expect(m.classes).toEqual([0, 1, 2]);
    expect(m.coef.length).toBe(3 * X.cols);
    expect(m.intercept.length).toBe(3);
    const dec = decisionFunction(m, X);
    const pred = predictLogistic(m, X);
    for (let i = 0; i < X.rows; i++) {
      const row = [dec[3 * i], dec[3 * i + 1], dec[3 * i + 2]];
      expect(pred[i]).toBe(row.indexOf(Math.max(...row)));
    }
    // Each row solves its own binary problem: compare with a binary fit of class 1 vs rest.
    const y1 = Int32Array.from(y, (v) => (v === 1 ? 1 : 0));
    const b = fitLogistic(X, y1, { penalty: 'l1', C: 0.5 });
    for (let j = 0; j < X.cols; j++) expect(m.coef[X.cols + j]).toBeCloseTo(b.coef[j], 3);
  });

  it('fits multinomial L2 whose class weights sum to zero (softmax symmetry)', () => {
    const m = fitLogistic(X, y, { penalty: 'l2', C: 1, multiClass: 'multinomial' });
    for (let j = 0; j < X.cols; j++) expect(m.coef[j] + m.coef[X.cols + j] + m.coef[2 * X.cols + j]).toBeCloseTo(0, 5);
    const ovr = fitLogistic(X, y, { penalty: 'l2', C: 1 });
    const objM = logisticObjective(m, X, y, { penalty: 'l2', C: 1, multiClass: 'multinomial' });
    const objOvrAsM = logisticObjective(ovr, X, y, { penalty: 'l2', C: 1, multiClass: 'multinomial' });
    expect(objM).toBeLessThan(objOvrAsM);
  });
});

describe('L2 logistic (lbfgs semantics)', () => {
  const { X, y } = makeProblem(200, 15, 3);

  it('reaches a stationary point: gradient of 0.5|w|^2 + C loss vanishes, intercept unpenalised', () => {
    const C = 0.5;
    const m = fitLogistic(X, y, { penalty: 'l2', C });
    const g = lossGradient(m, X, y, C, 1);
    for (let j = 0; j < X.cols; j++) expect(Math.abs(g[j] + m.coef[j])).toBeLessThan(1e-3);
    expect(Math.abs(g[X.cols])).toBeLessThan(1e-3);
  });

  it('warm-started path equals independent fits', () => {
    const Cs = [10, 0.01, 1];
    const path = fitLogisticPath(X, y, Cs, { penalty: 'l2' });
    Cs.forEach((C, k) => {
      const single = fitLogistic(X, y, { penalty: 'l2', C });
      expect(logisticObjective(path[k], X, y, { penalty: 'l2', C })).toBeCloseTo(logisticObjective(single, X, y, { penalty: 'l2', C }), 6);
    });
  });
});

describe('model utilities', () => {
  const { X, y } = makeProblem(120, 10, 4);

  it('averageModels takes the mean of weights and intercepts', () => {
    const a = fitLogistic(X, y, { penalty: 'l1', C: 0.1 });
    const b = fitLogistic(X, y, { penalty: 'l1', C: 1 });
    const avg = averageModels([a, b]);
    for (let j = 0; j < X.cols; j++) expect(avg.coef[j]).toBeCloseTo((a.coef[j] + b.coef[j]) / 2, 14);
    expect(avg.intercept[0]).toBeCloseTo((a.intercept[0] + b.intercept[0]) / 2, 14);
    const dec = decisionFunction(avg, X);
    const da = decisionFunction(a, X);
    const db = decisionFunction(b, X);
    for (let i = 0; i < X.rows; i++) expect(dec[i]).toBeCloseTo((da[i] + db[i]) / 2, 10);
  });

  it('countNonZero counts coefficients, not intercepts', () => {
    const m: LogisticModel = { classes: [0, 1], coef: Float64Array.from([0, 1, 0, -2]), intercept: Float64Array.from([3]), cols: 4, nIter: 1 };
    expect(countNonZero(m)).toBe(2);
  });
});

describe('input errors', () => {
  const { X, y } = makeProblem(50, 5, 5);
  const bad = (f: () => unknown, pattern: RegExp): void => {
    expect(f).toThrow(InputError);
    expect(f).toThrow(pattern);
  };

  it('rejects unusable inputs with actionable messages', () => {
    bad(() => fitLogistic(X, new Int32Array(50).fill(1), { penalty: 'l1', C: 1 }), /single class/);
    bad(() => fitLogistic(X, y.subarray(0, 49), { penalty: 'l1', C: 1 }), /49 labels for 50/);
    bad(() => fitLogistic(X, y, { penalty: 'l1', C: 0 }), /C must be a positive/);
    bad(() => fitLogistic(X, y, { penalty: 'l1', C: 1, multiClass: 'multinomial' }), /only available with penalty 'l2'/);
    bad(() => fitLogistic(X, y, { penalty: 'l2', C: 1, sampleWeight: new Float64Array(50).fill(-1) }), /non-negative/);
    bad(() => fitLogistic(X, y, { penalty: 'l2', C: 1, sampleWeight: new Float64Array(50) }), /All sample weights are zero/);
    bad(() => fitLogisticPath(X, y, [], { penalty: 'l1' }), /C grid is empty/);
    const nan = Float64Array.from(X.data);
    nan[2 * 5 + 3] = NaN;
    bad(() => fitLogistic({ data: nan, rows: 50, cols: 5 }, y, { penalty: 'l1', C: 1 }), /row 3, column 4/);
    bad(() => fitLogistic({ data: X.data, rows: 51, cols: 5 }, y, { penalty: 'l1', C: 1 }), /needs 255/);
    const m = fitLogistic(X, y, { penalty: 'l1', C: 1 });
    bad(() => decisionFunction(m, { data: new Float64Array(12), rows: 3, cols: 4 }), /trained on 5 features/);
    bad(() => fitLogistic(X, Int32Array.from(y, (v) => v + 5), { penalty: 'l1', C: 1, warmStart: m }), /warm-start model/);
    bad(() => averageModels([]), /empty/);
    bad(() => averageModels([m, { ...m, cols: 4 }]), /different classes or feature sets/);
  });
});
