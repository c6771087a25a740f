// Per-feature standardisation with sklearn StandardScaler semantics (population std, ddof 0).
import { InputError } from '../../../src-shared/errors.ts';
import type { Matrix } from './types.ts';

export interface Scaler {
  mean: Float64Array;
  scale: Float64Array;
}

const EPS = 2.220446049250313e-16;

export function fitStandardScaler(X: Matrix): Scaler {
  const { rows: n, cols: d, data } = X;
  if (data.length !== n * d) {
    throw new InputError(`The feature matrix holds ${data.length} values but its shape ${n} x ${d} needs ${n * d}.`);
  }
  if (n === 0) throw new InputError('Cannot fit a standard scaler on zero rows; the selected split is empty.');
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const b = i * d;
    for (let j = 0; j < d; j++) mean[j] += data[b + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  // Corrected two-pass variance (as numpy/sklearn): the second sum removes the rounding left in the mean.
  const sq = new Float64Array(d);
  const lin = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const b = i * d;
    for (let j = 0; j < d; j++) {
      const t = data[b + j] - mean[j];
      sq[j] += t * t;
      lin[j] += t;
    }
  }
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (!Number.isFinite(mean[j]) || !Number.isFinite(sq[j])) {
      throw new InputError(`Feature column ${j + 1} contains non-finite values; remove or impute them before standardising.`, {
        column: String(j + 1),
      });
    }
    const v = Math.max(0, (sq[j] - (lin[j] * lin[j]) / n) / n);
    // sklearn's _is_constant_feature: variance indistinguishable from rounding noise counts as constant.
    const bound = n * EPS * v + (n * mean[j] * EPS) ** 2;
    const s = Math.sqrt(v);
    scale[j] = v <= bound || s < 10 * EPS ? 1 : s;
  }
  return { mean, scale };
}

export function applyScaler(s: Scaler, X: Matrix): Matrix {
  const { rows: n, cols: d, data } = X;
  if (s.mean.length !== d || s.scale.length !== d) {
    throw new InputError(`The scaler was fitted on ${s.mean.length} features but this matrix has ${d}; use embeddings from the same model.`);
  }
  if (data.length !== n * d) {
    throw new InputError(`The feature matrix holds ${data.length} values but its shape ${n} x ${d} needs ${n * d}.`);
  }
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const b = i * d;
    // Divide (not multiply by the reciprocal) so values match sklearn's (x - mean) / scale bit for bit.
    for (let j = 0; j < d; j++) out[b + j] = (data[b + j] - s.mean[j]) / s.scale[j];
  }
  return { data: out, rows: n, cols: d };
}
