// Per-group accuracies, WGA (with a percentile bootstrap interval over the evaluated samples),
// overall and train-weighted mean accuracy: the figures METHODS.md section 0 asks to report.
import { bootstrapInterval, groupAccuracies, worstGroupAccuracy } from '../../probes/index.ts';
import type { AccuracySummary, GroupAccuracyResult } from '../../../../src-shared/results/spurious.ts';
import type { PreparedData } from './prepare.ts';

export interface Evaluated {
  /** Predicted class per evaluated sample. */
  pred: Int32Array;
  /** True class per evaluated sample. */
  target: Int32Array;
  /** Group id per evaluated sample. */
  groups: Int32Array;
}

export interface SummaryOptions {
  minGroupSize: number;
  bootstrapReps: number;
  seed: number;
}

/**
 * sum_g p_train(g) acc_g over the groups present in the evaluated set, renormalised over those
 * groups so a group missing from the evaluation split does not silently lower the figure.
 */
export function trainWeightedMean(acc: { group: number; accuracy: number }[], share: Float64Array): number {
  let num = 0;
  let den = 0;
  for (const a of acc) {
    num += share[a.group] * a.accuracy;
    den += share[a.group];
  }
  return den > 0 ? num / den : NaN;
}

export function worstGroupBootstrap(e: Evaluated, nGroups: number, reps: number, seed: number): [number, number] {
  const correct = new Uint8Array(e.pred.length);
  for (let i = 0; i < correct.length; i++) correct[i] = e.pred[i] === e.target[i] ? 1 : 0;
  const n = new Int32Array(nGroups);
  const ok = new Int32Array(nGroups);
  return bootstrapInterval(
    e.pred.length,
    (idx) => {
      n.fill(0);
      ok.fill(0);
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k];
        n[e.groups[i]]++;
        ok[e.groups[i]] += correct[i];
      }
      // Groups absent from a resample are skipped, as WGA is over groups with samples.
      let m = Infinity;
      for (let g = 0; g < nGroups; g++) if (n[g] > 0) m = Math.min(m, ok[g] / n[g]);
      return m;
    },
    { reps, seed },
  );
}

export function summarize(e: Evaluated, p: PreparedData, share: Float64Array, opts: SummaryOptions): AccuracySummary {
  const acc = groupAccuracies(e.pred, e.target, e.groups);
  const groups: GroupAccuracyResult[] = acc.map((a) => {
    const info = p.groups[a.group];
    return {
      key: info.key,
      label: info.label,
      attributes: { ...info.attributes },
      n: a.n,
      correct: a.correct,
      accuracy: a.accuracy,
      ci: a.ci,
      small: a.n < opts.minGroupSize,
    };
  });
  const wga = worstGroupAccuracy(acc);
  const worst = acc.find((a) => a.accuracy === wga) ?? acc[0];
  let correct = 0;
  for (let i = 0; i < e.pred.length; i++) if (e.pred[i] === e.target[i]) correct++;
  return {
    worstGroupAccuracy: wga,
    worstGroupCi: worstGroupBootstrap(e, p.groups.length, opts.bootstrapReps, opts.seed),
    worstGroupKey: p.groups[worst.group].key,
    overallAccuracy: correct / e.pred.length,
    trainWeightedMeanAccuracy: trainWeightedMean(acc, share),
    groups,
  };
}
