// Deep Feature Reweighting (METHODS.md section 1): tune the L1 strength on group-labelled data,
// then average the weights of several L1 logistic regressions fit on group-balanced subsamples.
// The steps mirror `dfr_evaluate_spurious.py` (PolinaKirichenko/deep_feature_reweighting) so our
// numbers can be checked against it (scripts/golden/make-dfr-fixtures.py).
import {
  applyScaler,
  averageModels,
  balancedSubsample,
  fitLogistic,
  fitLogisticMany,
  fitLogisticPath,
  warmFitPool,
  fitStandardScaler,
  groupAccuracies,
  predictLogistic,
  selectRows,
  worstGroupAccuracy,
} from '../../probes/index.ts';
import type { LogisticModel, Matrix, Rng, Scaler } from '../../probes/index.ts';
import { availableParallelism } from 'node:os';
import { InputError } from '../../../../src-shared/errors.ts';
import type { LoadedMatrix } from '../types.ts';
import type { DfrMethod } from './config.ts';
import type { PreparedData } from './prepare.ts';

export type FitStage = 'tuning' | 'retraining';

export interface DfrTask {
  embeddings: LoadedMatrix;
  /** Per sample: the class index to predict (the label, or an attribute for decodability). */
  target: Int32Array;
  p: PreparedData;
  method: DfrMethod;
  Cs: number[];
  retrains: number;
  rng: Rng;
  /**
   * Awaited before every fit: yields to the event loop (so a cancel message can arrive) and
   * throws CancelledError once the run's signal is aborted.
   */
  checkpoint(): Promise<void>;
  /** The run's cancel signal (stops refits running on worker threads). */
  signal?: AbortSignal;
  /** Threads for the independent refits; 1 = all in this thread. Default: the machine's cores. */
  threads?: number;
  /** Called after every fit, for progress. */
  onFit(stage: FitStage): void;
}

export interface DfrFit {
  C: number;
  /** WGA on the tuning-evaluation data for each C, in grid order. */
  tuning: { C: number; worstGroupAccuracy: number }[];
  /** The averaged model, in the space standardised by `scaler`. */
  model: LogisticModel;
  /** Fitted on the train split (the reference's final standardisation). */
  scaler: Scaler;
}

/** The reference's liblinear defaults: tol 1e-4, 100 outer iterations. */
const FINAL_MAX_ITER = 100;
/** dfr_train_subset_tune fits with max_iter=20; kept so DFR^Tr_Tr tunes like the reference. */
const TRAIN_TUNING_MAX_ITER = 20;
/** Rows standardised per block when predicting, so a large test split is never copied whole in float64. */
const PREDICT_BLOCK_ROWS = 4096;

/** Rows of a matrix: a zero-copy view when they are contiguous (the usual sorted-by-split case). */
export function rowsOf(X: LoadedMatrix | Matrix, rows: Int32Array): Matrix {
  const n = rows.length;
  if (n > 0 && rows[n - 1] - rows[0] === n - 1) {
    let contiguous = true;
    for (let k = 1; k < n && contiguous; k++) contiguous = rows[k] === rows[k - 1] + 1;
    if (contiguous) return { data: X.data.subarray(rows[0] * X.cols, (rows[n - 1] + 1) * X.cols), rows: n, cols: X.cols };
  }
  return selectRows(X, rows);
}

export function gather(values: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}

/** balancedSubsample wants group ids 0..k-1 all present; a subset may lack some groups. */
function denseIds(groups: Int32Array): Int32Array {
  const ids = [...new Set(groups)].sort((a, b) => a - b);
  const map = new Map(ids.map((g, i) => [g, i]));
  return groups.map((g) => map.get(g) ?? 0);
}

/** Sample indices (from `rows`) of one group-balanced subsample. */
function balancedRows(rows: Int32Array, p: PreparedData, rng: Rng): Int32Array {
  const pos = balancedSubsample(denseIds(gather(p.group, rows)), rng);
  return gather(rows, pos);
}

export function predictRows(model: LogisticModel, scaler: Scaler, X: LoadedMatrix, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let start = 0; start < rows.length; start += PREDICT_BLOCK_ROWS) {
    const block = rows.subarray(start, Math.min(rows.length, start + PREDICT_BLOCK_ROWS));
    out.set(predictLogistic(model, applyScaler(scaler, rowsOf(X, block))), start);
  }
  return out;
}

function fitL1(X: Matrix, y: Int32Array, C: number, maxIter: number, warmStart?: LogisticModel): LogisticModel {
  return fitLogistic(X, y, { penalty: 'l1', C, tol: 1e-4, maxIter, multiClass: 'ovr', warmStart, stopping: 'liblinear' });
}

/** The fit at C, solved after a cheap one at C / 10 whose solution it starts from. */
function fitL1Path(X: Matrix, y: Int32Array, C: number, maxIter: number): LogisticModel {
  const path = fitLogisticPath(X, y, [C / 10, C], { penalty: 'l1', tol: 1e-4, maxIter, multiClass: 'ovr', stopping: 'liblinear' });
  return path[1];
}

function requireTwoClasses(y: Int32Array, where: string): void {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return;
  throw new InputError(
    `The ${where} holds a single class, so no classifier can be fit; the smallest groups are too small for DFR. ` +
      'Add samples to the smallest groups or merge attribute values.',
  );
}

/** Pick the C with the best tuning WGA; ties go to the larger C (the reference's descending grid + argmax). */
export function pickC(curve: { C: number; worstGroupAccuracy: number }[]): number {
  let best = curve[0];
  for (const c of curve) {
    if (c.worstGroupAccuracy > best.worstGroupAccuracy || (c.worstGroupAccuracy === best.worstGroupAccuracy && c.C > best.C)) best = c;
  }
  return best.C;
}

async function scoreCurve(
  task: DfrTask,
  fitX: Matrix,
  fitY: Int32Array,
  evalX: Matrix,
  evalY: Int32Array,
  evalGroups: Int32Array,
  maxIter: number,
): Promise<{ C: number; worstGroupAccuracy: number }[]> {
  requireTwoClasses(fitY, 'group-balanced tuning set');
  // Solved from the smallest C up, each fit warm-started from the previous (sparser) solution:
  // the same optimum to the solver's tolerance, in far fewer iterations. Reported in grid order.
  const order = task.Cs.map((C, k) => ({ C, k })).sort((a, b) => a.C - b.C || a.k - b.k);
  const curve = new Array<{ C: number; worstGroupAccuracy: number }>(task.Cs.length);
  let previous: LogisticModel | undefined;
  for (const { C, k } of order) {
    await task.checkpoint();
    const model = fitL1(fitX, fitY, C, maxIter, previous);
    previous = model;
    task.onFit('tuning');
    curve[k] = { C, worstGroupAccuracy: worstGroupAccuracy(groupAccuracies(predictLogistic(model, evalX), evalY, evalGroups)) };
  }
  return curve;
}

/**
 * DFR^Val_Tr tuning: shuffle val, first half = tuning-evaluation set as is, second half
 * group-balanced = tuning-training set with its own scaler.
 */
function tuneOnValHalves(task: DfrTask): Promise<{ C: number; worstGroupAccuracy: number }[]> {
  const { p, rng, embeddings: E, target } = task;
  const order = rng.shuffle(Int32Array.from(p.rows.val));
  const nHalf = Math.floor(order.length / 2);
  const evalRows = order.slice(0, nHalf);
  const fitRows = balancedRows(order.slice(nHalf), p, rng);
  const fitRaw = rowsOf(E, fitRows);
  const scaler = fitStandardScaler(fitRaw);
  if (evalRows.length === 0) throw new InputError('The validation split needs at least two samples to be split in halves for tuning.');
  return scoreCurve(
    task,
    applyScaler(scaler, fitRaw),
    gather(target, fitRows),
    applyScaler(scaler, rowsOf(E, evalRows)),
    gather(target, evalRows),
    gather(p.group, evalRows),
    FINAL_MAX_ITER,
  );
}

/** DFR^Tr_Tr tuning: one balanced train subsample, WGA on all of val, both with the train scaler. */
function tuneOnTrainSubsample(task: DfrTask, scaler: Scaler): Promise<{ C: number; worstGroupAccuracy: number }[]> {
  const { p, rng, embeddings: E, target } = task;
  const fitRows = balancedRows(p.rows.train, p, rng);
  return scoreCurve(
    task,
    applyScaler(scaler, rowsOf(E, fitRows)),
    gather(target, fitRows),
    applyScaler(scaler, rowsOf(E, p.rows.val)),
    gather(target, p.rows.val),
    gather(p.group, p.rows.val),
    TRAIN_TUNING_MAX_ITER,
  );
}

/**
 * Fits `retrains` models on fresh balanced subsamples of `pool` and averages coef and intercept.
 * `scaled(rows)` returns the standardised rows.
 */
async function retrainAveraged(task: DfrTask, pool: Int32Array, scaled: (rows: Int32Array) => Matrix, C: number): Promise<LogisticModel> {
  const { p, rng, target } = task;
  // Subsamples are drawn up front in the reference's order, so the result does not depend on
  // where each refit runs (the solver is deterministic).
  const jobs = Array.from({ length: task.retrains }, () => {
    const rows = balancedRows(pool, p, rng);
    const y = gather(target, rows);
    requireTwoClasses(y, 'group-balanced retraining set');
    return { rows, y };
  });
  await task.checkpoint();
  // Same optimum to the solver's tolerance (it measures precision against w = 0, however it
  // starts), reached faster: the first refit comes up a short path from C / 10, where few
  // weights are active; later refits start from the first one's solution, as the subsamples
  // overlap heavily. Each refit still depends only on its own subsample and the first.
  const first = fitL1Path(scaled(jobs[0].rows), jobs[0].y, C, FINAL_MAX_ITER);
  task.onFit('retraining');
  // The other refits are independent: spread over the cores (worker threads warmed in advance).
  // Their standardised subsamples are built a few at a time, so memory stays bounded on large
  // pools (dfr-train on a big train split).
  const options = { penalty: 'l1' as const, C, tol: 1e-4, maxIter: FINAL_MAX_ITER, multiClass: 'ovr' as const, warmStart: first, stopping: 'liblinear' as const };
  const models = [first];
  const perChunk = 8 * Math.max(1, task.threads ?? availableParallelism());
  const chunk = Math.ceil((jobs.length - 1) / Math.max(1, Math.ceil((jobs.length - 1) / perChunk)));
  for (let k = 1; k < jobs.length; k += chunk) {
    await task.checkpoint();
    const batch = jobs.slice(k, k + chunk).map((j) => ({ X: scaled(j.rows), y: j.y, options }));
    models.push(...(await fitLogisticMany(batch, { threads: task.threads, signal: task.signal })));
    for (let b = 0; b < batch.length; b++) task.onFit('retraining');
  }
  // Averaging weights (not probabilities) is the reference's final model.
  return averageModels(models);
}

/** Standardises the (small) val pool once; a train pool can be large, so only each subsample is. */
function scaledPool(E: LoadedMatrix, pool: Int32Array, scaler: Scaler, wholePool: boolean): (rows: Int32Array) => Matrix {
  if (!wholePool) return (rows) => applyScaler(scaler, rowsOf(E, rows));
  const X = applyScaler(scaler, rowsOf(E, pool));
  const local = new Map<number, number>();
  pool.forEach((row, k) => local.set(row, k));
  return (rows) => selectRows(X, rows.map((row) => local.get(row) ?? 0));
}

export async function runDfr(task: DfrTask): Promise<DfrFit> {
  const { p, embeddings: E } = task;
  // Workers start while tuning runs, so the refits do not wait for them.
  if ((task.threads ?? 2) > 1 && task.retrains > 2) warmFitPool(task.threads);
  await task.checkpoint();
  const scaler = fitStandardScaler(rowsOf(E, p.rows.train));
  const onVal = task.method === 'dfr-val';
  const tuning = await (onVal ? tuneOnValHalves(task) : tuneOnTrainSubsample(task, scaler));
  const C = pickC(tuning);
  const pool = onVal ? p.rows.val : p.rows.train;
  const model = await retrainAveraged(task, pool, scaledPool(E, pool, scaler, onVal), C);
  return { C, tuning, model, scaler };
}

