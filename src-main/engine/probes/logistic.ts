// Logistic-regression probes with scikit-learn semantics:
//  - penalty 'l1' = LogisticRegression(penalty='l1', solver='liblinear'): one-vs-rest, the
//    intercept is a constant feature (value interceptScaling) whose weight is L1-penalised;
//  - penalty 'l2' = LogisticRegression(solver='lbfgs'): intercept not penalised, 'ovr' or
//    'multinomial' (softmax).
// Paths over several C share the data preparation and warm-start from small C to large C.
import { InputError } from '../../../src-shared/errors.ts';
import { checkMatrix, toColumnMajor } from './matrix.ts';
import { prepareL1Problem, solveL1Logistic, TIGHTEN, type L1PathState } from './l1-newglmnet.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { binaryL2Objective, multinomialL2Objective } from './l2-objectives.ts';
import type { LogisticModel, LogisticOptions, Matrix } from './types.ts';

type PathOptions = Omit<LogisticOptions, 'C' | 'warmStart'>;

const DEFAULT_TOL = 1e-4;
const DEFAULT_MAX_ITER_L1 = 100;
const DEFAULT_MAX_ITER_L2 = 1000;

export function fitLogistic(X: Matrix, y: Int32Array, opts: LogisticOptions): LogisticModel {
  const { warmStart, C, ...rest } = opts;
  return fitPath(X, y, [C], rest, warmStart)[0];
}

/** One model per entry of Cs, in the order given; internally solved from small to large C with warm starts. */
export function fitLogisticPath(X: Matrix, y: Int32Array, Cs: number[], opts: PathOptions): LogisticModel[] {
  if (Cs.length === 0) throw new InputError('The C grid is empty; give at least one value of C.');
  return fitPath(X, y, Cs, opts, undefined);
}

interface Prepared {
  classes: number[];
  /** Index into classes for every kept row. */
  yIdx: Int32Array;
  /** Kept rows (positive weight). null = all rows. */
  rows: Int32Array | null;
  /** Weights of the kept rows. */
  s: Float64Array;
}

function prepare(X: Matrix, y: Int32Array, opts: PathOptions, Cs: number[]): Prepared {
  checkMatrix(X);
  if (X.rows === 0) throw new InputError('Cannot fit a logistic regression on zero samples; the selected rows are empty.');
  if (y.length !== X.rows) {
    throw new InputError(`There are ${y.length} labels for ${X.rows} feature rows; labels and features must be aligned row by row.`);
  }
  for (const C of Cs) {
    if (!(C > 0) || !Number.isFinite(C)) throw new InputError(`C must be a positive finite number, got ${C}.`);
  }
  const tol = opts.tol ?? DEFAULT_TOL;
  if (!(tol > 0)) throw new InputError(`tol must be positive, got ${tol}.`);
  if (opts.maxIter !== undefined && !(Number.isInteger(opts.maxIter) && opts.maxIter > 0)) {
    throw new InputError(`maxIter must be a positive integer, got ${opts.maxIter}.`);
  }
  if (opts.penalty !== 'l1' && opts.penalty !== 'l2') throw new InputError(`Unknown penalty '${String(opts.penalty)}'; use 'l1' or 'l2'.`);
  if (opts.multiClass === 'multinomial' && opts.penalty === 'l1') {
    throw new InputError("The multinomial (softmax) formulation is only available with penalty 'l2'; use multiClass 'ovr' for L1 probes.");
  }
  const scaling = opts.interceptScaling ?? 1;
  if (!(scaling > 0) || !Number.isFinite(scaling)) throw new InputError(`interceptScaling must be a positive finite number, got ${scaling}.`);

  let rows: Int32Array | null = null;
  let s: Float64Array;
  if (opts.sampleWeight) {
    const sw = opts.sampleWeight;
    if (sw.length !== X.rows) {
      throw new InputError(`There are ${sw.length} sample weights for ${X.rows} rows; give one weight per sample.`);
    }
    let kept = 0;
    for (let i = 0; i < sw.length; i++) {
      if (!(sw[i] >= 0) || !Number.isFinite(sw[i])) {
        throw new InputError(`Sample weight ${i + 1} is ${sw[i]}; weights must be finite and non-negative.`, { row: i + 1 });
      }
      if (sw[i] > 0) kept++;
    }
    if (kept === 0) throw new InputError('All sample weights are zero; at least one sample must carry weight.');
    // liblinear drops zero-weight samples before training (they also leave the class counts).
    if (kept < sw.length) {
      rows = new Int32Array(kept);
      for (let i = 0, k = 0; i < sw.length; i++) if (sw[i] > 0) rows[k++] = i;
    }
    s = rows ? Float64Array.from(rows, (i) => sw[i]) : Float64Array.from(sw);
  } else {
    s = new Float64Array(X.rows).fill(1);
  }

  const yKept = rows ? Int32Array.from(rows, (i) => y[i]) : y;
  const classes = [...new Set(yKept)].sort((a, b) => a - b);
  if (classes.length < 2) {
    throw new InputError(
      `The training labels contain a single class (${classes[0]}); a classifier needs at least two classes. Check the label column and the rows selected.`,
    );
  }
  const pos = new Map(classes.map((c, k) => [c, k] as const));
  const yIdx = Int32Array.from(yKept, (v) => pos.get(v) as number);
  return { classes, yIdx, rows, s };
}

function checkWarmStart(m: LogisticModel, classes: number[], cols: number, nModels: number): void {
  const same = m.classes.length === classes.length && m.classes.every((c, k) => c === classes[k]);
  if (!same || m.cols !== cols || m.coef.length !== nModels * cols || m.intercept.length !== nModels) {
    throw new InputError(
      `The warm-start model (classes ${m.classes.join(',')}, ${m.cols} features) does not match this problem ` +
        `(classes ${classes.join(',')}, ${cols} features); fit without a warm start.`,
    );
  }
}

function fitPath(X: Matrix, y: Int32Array, Cs: number[], opts: PathOptions, warm: LogisticModel | undefined): LogisticModel[] {
  const prep = prepare(X, y, opts, Cs);
  const K = prep.classes.length;
  const multinomial = opts.penalty === 'l2' && opts.multiClass === 'multinomial';
  const nModels = K === 2 ? 1 : K;
  if (warm) checkWarmStart(warm, prep.classes, X.cols, nModels);
  // Ascending C (stable), so each fit starts from the sparser / smaller solution of the previous.
  const order = Cs.map((C, k) => ({ C, k })).sort((a, b) => a.C - b.C || a.k - b.k);
  const models: LogisticModel[] = Cs.map(() => ({
    classes: prep.classes.slice(),
    coef: new Float64Array(nModels * X.cols),
    intercept: new Float64Array(nModels),
    cols: X.cols,
    nIter: 0,
  }));
  if (opts.penalty === 'l1') fitL1(X, prep, opts, order, models, warm);
  else if (multinomial) fitMultinomial(X, prep, opts, order, models, warm);
  else fitL2Ovr(X, prep, opts, order, models, warm);
  return models;
}

/** +1 for rows of class `k` (the positive class), -1 otherwise. */
function signedLabels(yIdx: Int32Array, k: number): Int8Array {
  return Int8Array.from(yIdx, (v) => (v === k ? 1 : -1));
}

function fitL1(
  X: Matrix,
  prep: Prepared,
  opts: PathOptions,
  order: { C: number; k: number }[],
  models: LogisticModel[],
  warm: LogisticModel | undefined,
): void {
  const fitIntercept = opts.fitIntercept ?? true;
  const scaling = opts.interceptScaling ?? 1;
  const d = X.cols;
  const n = prep.yIdx.length;
  const p = d + (fitIntercept ? 1 : 0);
  const cols = toColumnMajor(X, prep.rows, fitIntercept ? scaling : null);
  const K = prep.classes.length;
  const nModels = K === 2 ? 1 : K;
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER_L1;
  for (let m = 0; m < nModels; m++) {
    const positive = K === 2 ? 1 : m;
    const prob = prepareL1Problem(cols, n, p, signedLabels(prep.yIdx, positive), prep.s, opts.tol ?? DEFAULT_TOL, opts.stopping === 'liblinear' ? 1 : TIGHTEN);
    const w = new Float64Array(p);
    if (warm) {
      w.set(warm.coef.subarray(m * d, (m + 1) * d));
      if (fitIntercept) w[d] = warm.intercept[m] / scaling;
    }
    const path: L1PathState = { grad: null, C: 0 };
    for (const { C, k } of order) {
      const it = solveL1Logistic(prob, C, w, maxIter, 0, undefined, path);
      const model = models[k];
      model.coef.set(w.subarray(0, d), m * d);
      model.intercept[m] = fitIntercept ? scaling * w[d] : 0;
      model.nIter = Math.max(model.nIter, it);
    }
  }
}

/** Row-major Float64 copy of the kept rows (the L2 objectives read rows). */
function rowMajor64(X: Matrix, rows: Int32Array | null): Float64Array {
  if (!rows && X.data instanceof Float64Array) return X.data;
  const d = X.cols;
  const n = rows ? rows.length : X.rows;
  const out = new Float64Array(n * d);
  for (let k = 0; k < n; k++) {
    const r = rows ? rows[k] : k;
    for (let j = 0; j < d; j++) out[k * d + j] = X.data[r * d + j];
  }
  return out;
}

function fitL2Ovr(
  X: Matrix,
  prep: Prepared,
  opts: PathOptions,
  order: { C: number; k: number }[],
  models: LogisticModel[],
  warm: LogisticModel | undefined,
): void {
  const fitIntercept = opts.fitIntercept ?? true;
  const d = X.cols;
  const n = prep.yIdx.length;
  const data = rowMajor64(X, prep.rows);
  const K = prep.classes.length;
  const nModels = K === 2 ? 1 : K;
  const tol = opts.tol ?? DEFAULT_TOL;
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER_L2;
  for (let m = 0; m < nModels; m++) {
    const ySigned = signedLabels(prep.yIdx, K === 2 ? 1 : m);
    const params = new Float64Array(d + (fitIntercept ? 1 : 0));
    if (warm) {
      params.set(warm.coef.subarray(m * d, (m + 1) * d));
      if (fitIntercept) params[d] = warm.intercept[m];
    }
    for (const { C, k } of order) {
      const fn = binaryL2Objective(data, n, d, ySigned, prep.s, C, fitIntercept);
      // sklearn's gtol applies to F / C; ours is F, hence the factor C.
      const res = minimizeLbfgs(fn, params, { gtol: tol * C, maxIter });
      const model = models[k];
      model.coef.set(params.subarray(0, d), m * d);
      model.intercept[m] = fitIntercept ? params[d] : 0;
      model.nIter = Math.max(model.nIter, res.nIter);
    }
  }
}

function fitMultinomial(
  X: Matrix,
  prep: Prepared,
  opts: PathOptions,
  order: { C: number; k: number }[],
  models: LogisticModel[],
  warm: LogisticModel | undefined,
): void {
  const fitIntercept = opts.fitIntercept ?? true;
  const d = X.cols;
  const n = prep.yIdx.length;
  const K = prep.classes.length;
  const data = rowMajor64(X, prep.rows);
  const tol = opts.tol ?? DEFAULT_TOL;
  const maxIter = opts.maxIter ?? DEFAULT_MAX_ITER_L2;
  const params = new Float64Array(K * d + (fitIntercept ? K : 0));
  if (warm) {
    if (K === 2) {
      // sklearn keeps only the class-1 row of a two-class softmax; the class-0 row is its negative.
      for (let j = 0; j < d; j++) {
        params[j] = -warm.coef[j];
        params[d + j] = warm.coef[j];
      }
      if (fitIntercept) {
        params[2 * d] = -warm.intercept[0];
        params[2 * d + 1] = warm.intercept[0];
      }
    } else {
      params.set(warm.coef);
      if (fitIntercept) params.set(warm.intercept, K * d);
    }
  }
  for (const { C, k } of order) {
    const fn = multinomialL2Objective(data, n, d, K, prep.yIdx, prep.s, C, fitIntercept);
    const res = minimizeLbfgs(fn, params, { gtol: tol * C, maxIter });
    const model = models[k];
    if (K === 2) {
      model.coef.set(params.subarray(d, 2 * d));
      model.intercept[0] = fitIntercept ? params[K * d + 1] : 0;
    } else {
      model.coef.set(params.subarray(0, K * d));
      if (fitIntercept) model.intercept.set(params.subarray(K * d, K * d + K));
    }
    model.nIter = res.nIter;
  }
}

function nModelsOf(model: LogisticModel): number {
  return model.intercept.length;
}

/** rows x nModels, row-major. */
export function decisionFunction(model: LogisticModel, X: Matrix): Float64Array {
  if (X.cols !== model.cols) {
    throw new InputError(`The model was trained on ${model.cols} features but the matrix has ${X.cols}; use embeddings from the same model/layer.`);
  }
  if (X.data.length !== X.rows * X.cols) {
    throw new InputError(`The feature matrix holds ${X.data.length} values but its shape ${X.rows} x ${X.cols} needs ${X.rows * X.cols}.`);
  }
  const nM = nModelsOf(model);
  const d = X.cols;
  const out = new Float64Array(X.rows * nM);
  const { coef, intercept } = model;
  for (let i = 0; i < X.rows; i++) {
    const off = i * d;
    for (let m = 0; m < nM; m++) {
      const wOff = m * d;
      let z = intercept[m];
      for (let j = 0; j < d; j++) z += X.data[off + j] * coef[wOff + j];
      out[i * nM + m] = z;
    }
  }
  return out;
}

/** Class values: binary by the sign of the decision (0 goes to classes[0]); otherwise the first argmax. */
export function predictLogistic(model: LogisticModel, X: Matrix): Int32Array {
  const dec = decisionFunction(model, X);
  const nM = nModelsOf(model);
  const out = new Int32Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    if (nM === 1) {
      out[i] = model.classes[dec[i] > 0 ? 1 : 0];
      continue;
    }
    let best = 0;
    for (let m = 1; m < nM; m++) if (dec[i * nM + m] > dec[i * nM + best]) best = m;
    out[i] = model.classes[best];
  }
  return out;
}

/** Element-wise mean of coefficients and intercepts (DFR averages weights, not probabilities). */
export function averageModels(models: LogisticModel[]): LogisticModel {
  if (models.length === 0) throw new InputError('Cannot average an empty list of models.');
  const first = models[0];
  for (const m of models) {
    const same = m.classes.length === first.classes.length && m.classes.every((c, k) => c === first.classes[k]);
    if (!same || m.cols !== first.cols || m.coef.length !== first.coef.length || m.intercept.length !== first.intercept.length) {
      throw new InputError('Cannot average models fitted on different classes or feature sets; refit them on the same embeddings and labels.');
    }
  }
  const coef = new Float64Array(first.coef.length);
  const intercept = new Float64Array(first.intercept.length);
  let nIter = 0;
  for (const m of models) {
    for (let q = 0; q < coef.length; q++) coef[q] += m.coef[q];
    for (let q = 0; q < intercept.length; q++) intercept[q] += m.intercept[q];
    nIter = Math.max(nIter, m.nIter);
  }
  for (let q = 0; q < coef.length; q++) coef[q] /= models.length;
  for (let q = 0; q < intercept.length; q++) intercept[q] /= models.length;
  return { classes: first.classes.slice(), coef, intercept, cols: first.cols, nIter };
}

/** Non-zero coefficients over all model rows (intercepts not counted). */
export function countNonZero(model: LogisticModel): number {
  let c = 0;
  for (let q = 0; q < model.coef.length; q++) if (model.coef[q] !== 0) c++;
  return c;
}
