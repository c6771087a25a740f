// Accuracy figures with the uncertainty METHODS §0 asks for: Wilson intervals for proportions,
// percentile bootstrap for everything else.
import { InputError } from '../../../src-shared/errors.ts';
import { createRng } from './rng.ts';

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** Wilson score interval for `correct` successes out of `n`. n = 0 gives the vacuous [0, 1]. */
export function wilsonInterval(correct: number, n: number, z: number = Z95): [number, number] {
  if (!Number.isFinite(n) || !Number.isFinite(correct) || n < 0 || correct < 0 || correct > n) {
    throw new InputError(`A Wilson interval needs 0 <= correct <= n, got correct=${correct}, n=${n}.`);
  }
  if (n === 0) return [0, 1];
  const p = correct / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // Clamp rounding spill at the ends (p = 0 or 1 must give exactly 0 or 1).
  return [correct === 0 ? 0 : Math.max(0, centre - half), correct === n ? 1 : Math.min(1, centre + half)];
}

export interface GroupAccuracy {
  group: number;
  n: number;
  correct: number;
  accuracy: number;
  ci: [number, number];
}

function checkSameLength(a: { length: number }, b: { length: number }, what: string): void {
  if (a.length !== b.length) throw new InputError(`${what}: lengths differ (${a.length} vs ${b.length}); they must be aligned sample by sample.`);
}

/** Accuracy per group id, only for groups with samples, ascending by group id. */
export function groupAccuracies(pred: Int32Array, y: Int32Array, groups: Int32Array): GroupAccuracy[] {
  checkSameLength(pred, y, 'Predictions and labels');
  checkSameLength(y, groups, 'Labels and groups');
  const n = new Map<number, number>();
  const ok = new Map<number, number>();
  for (let i = 0; i < y.length; i++) {
    const g = groups[i];
    n.set(g, (n.get(g) ?? 0) + 1);
    if (pred[i] === y[i]) ok.set(g, (ok.get(g) ?? 0) + 1);
  }
  return [...n.keys()]
    .sort((a, b) => a - b)
    .map((group) => {
      const cnt = n.get(group) ?? 0;
      const correct = ok.get(group) ?? 0;
      return { group, n: cnt, correct, accuracy: correct / cnt, ci: wilsonInterval(correct, cnt) };
    });
}

export function worstGroupAccuracy(acc: GroupAccuracy[]): number {
  if (acc.length === 0) throw new InputError('Worst-group accuracy needs at least one group with samples.');
  let m = Infinity;
  for (const a of acc) if (a.n > 0 && a.accuracy < m) m = a.accuracy;
  return m;
}

/** Mean recall over the classes present in `y` (sklearn balanced_accuracy_score, adjusted=False). */
export function balancedAccuracy(pred: Int32Array, y: Int32Array): number {
  checkSameLength(pred, y, 'Predictions and labels');
  if (y.length === 0) throw new InputError('Balanced accuracy needs at least one sample.');
  const n = new Map<number, number>();
  const ok = new Map<number, number>();
  for (let i = 0; i < y.length; i++) {
    n.set(y[i], (n.get(y[i]) ?? 0) + 1);
    if (pred[i] === y[i]) ok.set(y[i], (ok.get(y[i]) ?? 0) + 1);
  }
  let s = 0;
  for (const [c, cnt] of n) s += (ok.get(c) ?? 0) / cnt;
  return s / n.size;
}

/** numpy's default ('linear') quantile of sorted values. */
function quantileSorted(v: Float64Array, q: number): number {
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

/**
 * Percentile bootstrap: resample n indices with replacement `reps` times (default 1000) and take
 * the (1-level)/2 and (1+level)/2 quantiles (default level 0.95) of the statistic. Replicates
 * where the statistic is not finite (e.g. a group absent from the resample) are left out;
 * if none is finite the interval is [NaN, NaN]. The index array passed to `statistic` is reused
 * between replicates: read it, don't keep it.
 */
export function bootstrapInterval(
  n: number,
  statistic: (idx: Int32Array) => number,
  opts: { reps?: number; seed: number; level?: number },
): [number, number] {
  const reps = opts.reps ?? 1000;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`A bootstrap needs at least one sample, got n=${n}.`);
  if (!Number.isInteger(reps) || reps < 1) throw new InputError(`Bootstrap repetitions must be a positive integer, got ${reps}.`);
  if (!(level > 0 && level < 1)) throw new InputError(`Bootstrap level must lie strictly between 0 and 1, got ${level}.`);
  const rng = createRng(opts.seed);
  const values = new Float64Array(reps);
  let m = 0;
  const idx = new Int32Array(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    const v = statistic(idx);
    if (Number.isFinite(v)) values[m++] = v;
  }
  if (m === 0) return [NaN, NaN];
  const sorted = values.subarray(0, m).sort();
  return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, (1 + level) / 2)];
}
