// Generic run_metrics rows for the spurious analysis, so charts, comparisons and reports read
// DFR results like any other analysis's.
import type { AccuracySummary, SpuriousResult } from '../../../../src-shared/results/spurious.ts';
import type { MetricRow } from '../types.ts';

function groupRows(set: string, metric: string, s: AccuracySummary): MetricRow[] {
  return s.groups.map((g) => ({
    scopeKind: 'group',
    scopeKey: `${set}:${g.key}`,
    metric,
    value: g.accuracy,
    lo: g.ci[0],
    hi: g.ci[1],
    n: g.n,
  }));
}

function testSize(s: AccuracySummary): number {
  return s.groups.reduce((t, g) => t + g.n, 0);
}

export function metricRows(result: SpuriousResult): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const set of result.sets) {
    const name = set.embeddingSet;
    rows.push(...groupRows(name, 'dfr_accuracy', set.dfr), ...groupRows(name, 'baseline_accuracy', set.baseline));
    const overall = (metric: string, value: number, extra: Partial<MetricRow> = {}): void => {
      rows.push({ scopeKind: 'overall', scopeKey: name, metric, value, lo: null, hi: null, n: null, ...extra });
    };
    overall('dfr_wga', set.dfr.worstGroupAccuracy, { lo: set.dfr.worstGroupCi[0], hi: set.dfr.worstGroupCi[1], n: testSize(set.dfr) });
    overall('baseline_wga', set.baseline.worstGroupAccuracy, {
      lo: set.baseline.worstGroupCi[0],
      hi: set.baseline.worstGroupCi[1],
      n: testSize(set.baseline),
    });
    overall('dfr_overall', set.dfr.overallAccuracy, { n: testSize(set.dfr) });
    overall('baseline_overall', set.baseline.overallAccuracy, { n: testSize(set.baseline) });
    overall('dfr_mean', set.dfr.trainWeightedMeanAccuracy);
    overall('baseline_mean', set.baseline.trainWeightedMeanAccuracy);
    overall('in_distribution_accuracy', set.inDistributionAccuracy);
    overall('spurious_balanced_accuracy', set.spuriousDecodability.balancedAccuracy);
    overall('selected_C', set.selected.C);
    overall('nonzero_weights', set.selected.nonZeroWeights, { n: set.selected.totalWeights });
    if (set.perSeed.length > 1) {
      const s = set.seedSummary;
      overall('dfr_wga_seed_mean', s.dfrWorstGroupAccuracy.mean, { n: set.perSeed.length });
      overall('dfr_wga_seed_std', s.dfrWorstGroupAccuracy.std, { n: set.perSeed.length });
      overall('dfr_overall_seed_mean', s.dfrOverallAccuracy.mean, { n: set.perSeed.length });
      overall('dfr_overall_seed_std', s.dfrOverallAccuracy.std, { n: set.perSeed.length });
    }
    for (const t of set.tuning) {
      rows.push({ scopeKind: 'tuning', scopeKey: `${name}:C=${t.C}`, metric: 'tuning_wga', value: t.worstGroupAccuracy, lo: null, hi: null, n: null });
    }
  }
  return rows;
}
