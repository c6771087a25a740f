// The objective a fitted model minimises, evaluated on given data: lets tests and benchmarks
// compare solutions from different solvers (ours, sklearn) on equal terms.
import { InputError } from '../../../src-shared/errors.ts';
import { decisionFunction } from './logistic.ts';
import type { LogisticModel, LogisticOptions, Matrix } from './types.ts';

function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

type ObjectiveOptions = Pick<LogisticOptions, 'penalty' | 'C' | 'multiClass' | 'sampleWeight' | 'fitIntercept' | 'interceptScaling'>;

/**
 * L1 (liblinear): sum over one-vs-rest models of ||w||_1 + |b| / interceptScaling + C sum_i s_i log(1 + exp(-y_i z_i)).
 * L2 ovr: sum over models of 0.5 ||w||^2 + C sum_i s_i log(1 + exp(-y_i z_i)).
 * L2 multinomial: 0.5 ||W||_F^2 + C sum_i s_i (logsumexp(z_i) - z_i,y_i); a two-class softmax
 * stored as its class-1 row w stands for rows (-w, w).
 */
export function logisticObjective(model: LogisticModel, X: Matrix, y: Int32Array, opts: ObjectiveOptions): number {
  if (y.length !== X.rows) throw new InputError(`There are ${y.length} labels for ${X.rows} rows.`);
  const n = X.rows;
  const d = model.cols;
  const nM = model.intercept.length;
  const s = opts.sampleWeight;
  const dec = decisionFunction(model, X);
  const fitIntercept = opts.fitIntercept ?? true;
  const classIdx = new Map(model.classes.map((c, k) => [c, k] as const));
  const yIdx = Int32Array.from(y, (v) => {
    const k = classIdx.get(v);
    if (k === undefined) throw new InputError(`Label ${v} is not one of the model's classes (${model.classes.join(', ')}).`);
    return k;
  });
  const weight = (i: number): number => (s ? s[i] : 1);

  if (opts.penalty === 'l2' && opts.multiClass === 'multinomial') {
    let reg = 0;
    for (let q = 0; q < model.coef.length; q++) reg += model.coef[q] * model.coef[q];
    let loss = 0;
    if (nM === 1) {
      reg *= 2;
      for (let i = 0; i < n; i++) loss += weight(i) * softplus(-(yIdx[i] === 1 ? 1 : -1) * 2 * dec[i]);
    } else {
      for (let i = 0; i < n; i++) {
        let zmax = -Infinity;
        for (let m = 0; m < nM; m++) zmax = Math.max(zmax, dec[i * nM + m]);
        let sum = 0;
        for (let m = 0; m < nM; m++) sum += Math.exp(dec[i * nM + m] - zmax);
        loss += weight(i) * (Math.log(sum) + zmax - dec[i * nM + yIdx[i]]);
      }
    }
    return 0.5 * reg + opts.C * loss;
  }

  let total = 0;
  for (let m = 0; m < nM; m++) {
    const positive = nM === 1 ? 1 : m;
    let reg = 0;
    for (let j = 0; j < d; j++) {
      const w = model.coef[m * d + j];
      reg += opts.penalty === 'l1' ? Math.abs(w) : 0.5 * w * w;
    }
    if (opts.penalty === 'l1' && fitIntercept) reg += Math.abs(model.intercept[m]) / (opts.interceptScaling ?? 1);
    let loss = 0;
    for (let i = 0; i < n; i++) loss += weight(i) * softplus(-(yIdx[i] === positive ? 1 : -1) * dec[i * nM + m]);
    total += reg + opts.C * loss;
  }
  return total;
}
