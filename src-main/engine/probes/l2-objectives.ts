// L2-regularised logistic objectives in sklearn lbfgs form, scaled by C so that the loss term
// matches liblinear's convention used across this library:
//   F(w, b) = 0.5 ||w||^2 + C sum_i s_i loss_i     (intercepts not penalised)
// sklearn minimises F / C; the minimiser is the same.
import type { ObjectiveFn } from './lbfgs.ts';
import { axpyColumn, dotColumn } from './kernels.ts';

function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** sum_j A[aOff + j] * B[bOff + j] for j < d (4 accumulators, as the L1 kernels). */
function dotRows(A: Float64Array, aOff: number, B: Float64Array, bOff: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += A[aOff + j] * B[bOff + j];
    s1 += A[aOff + j + 1] * B[bOff + j + 1];
    s2 += A[aOff + j + 2] * B[bOff + j + 2];
    s3 += A[aOff + j + 3] * B[bOff + j + 3];
  }
  for (; j < d; j++) s0 += A[aOff + j] * B[bOff + j];
  return s0 + s1 + s2 + s3;
}

/** B[bOff + j] += z * A[aOff + j] for j < d. */
function axpyRows(z: number, A: Float64Array, aOff: number, B: Float64Array, bOff: number, d: number): void {
  for (let j = 0; j < d; j++) B[bOff + j] += z * A[aOff + j];
}

/** Binary: params = [w (d), b?]; y in {-1, +1}; X row-major n x d. */
export function binaryL2Objective(
  X: Float64Array,
  n: number,
  d: number,
  y: Int8Array,
  s: Float64Array,
  C: number,
  fitIntercept: boolean,
): ObjectiveFn {
  const r = new Float64Array(n);
  return (params, grad) => {
    const b = fitIntercept ? params[d] : 0;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const z = b + dotColumn(X, i * d, d, params);
      const m = y[i] * z;
      loss += s[i] * softplus(-m);
      // d/dz log(1 + exp(-y z)) = -y * sigmoid(-y z)
      const sig = m > 0 ? Math.exp(-m) / (1 + Math.exp(-m)) : 1 / (1 + Math.exp(m));
      r[i] = -C * s[i] * y[i] * sig;
    }
    let reg = 0;
    for (let j = 0; j < d; j++) {
      reg += params[j] * params[j];
      grad[j] = params[j];
    }
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const ri = r[i];
      if (ri === 0) continue;
      gb += ri;
      axpyColumn(ri, X, i * d, d, grad);
    }
    if (fitIntercept) grad[d] = gb;
    return 0.5 * reg + C * loss;
  };
}

/** Multinomial (softmax): params = [W (K x d row-major), b (K)?]; yIdx in 0..K-1. */
export function multinomialL2Objective(
  X: Float64Array,
  n: number,
  d: number,
  K: number,
  yIdx: Int32Array,
  s: Float64Array,
  C: number,
  fitIntercept: boolean,
): ObjectiveFn {
  const z = new Float64Array(K);
  const R = new Float64Array(n * K);
  return (params, grad) => {
    const bOff = K * d;
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      let zmax = -Infinity;
      for (let k = 0; k < K; k++) {
        const v = (fitIntercept ? params[bOff + k] : 0) + dotRows(X, off, params, k * d, d);
        z[k] = v;
        if (v > zmax) zmax = v;
      }
      const yi = yIdx[i];
      const zy = z[yi];
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = Math.exp(z[k] - zmax);
        z[k] = e;
        sum += e;
      }
      // loss_i = logsumexp(z) - z_y, shifted by max(z) against overflow.
      loss += s[i] * (Math.log(sum) + zmax - zy);
      const cs = C * s[i];
      for (let k = 0; k < K; k++) R[i * K + k] = cs * (z[k] / sum - (k === yi ? 1 : 0));
    }
    let reg = 0;
    for (let q = 0; q < bOff; q++) {
      reg += params[q] * params[q];
      grad[q] = params[q];
    }
    if (fitIntercept) for (let k = 0; k < K; k++) grad[bOff + k] = 0;
    for (let i = 0; i < n; i++) {
      const off = i * d;
      for (let k = 0; k < K; k++) {
        const rik = R[i * K + k];
        if (rik === 0) continue;
        if (fitIntercept) grad[bOff + k] += rik;
        axpyRows(rik, X, off, grad, k * d, d);
      }
    }
    return 0.5 * reg + C * loss;
  };
}
