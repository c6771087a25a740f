// Derivations for the spurious (DFR) result view, kept out of the component so the numbers the
// KPI cards, the bars and the tables show come from one place and can be tested directly.
import type { GroupAccuracyResult, SpuriousResult, SpuriousSetResult } from '../../../src-shared/results/spurious.ts';
import type { IntervalGroup } from '../../lib/charts/types.ts';
import type { Row } from '../../lib/charts/table.ts';
import { groupName, percent, range } from '../../lib/format.ts';

export function isSpuriousResult(r: unknown): r is SpuriousResult {
  return !!r && typeof r === 'object' && (r as { analysis?: unknown }).analysis === 'spurious' && Array.isArray((r as { sets?: unknown }).sets);
}

export interface GroupPair {
  key: string;
  name: string;
  n: number;
  small: boolean;
  baseline: GroupAccuracyResult | undefined;
  dfr: GroupAccuracyResult | undefined;
}

/** Groups of one set, baseline and DFR side by side, sorted by baseline accuracy (worst first):
 *  the groups the original model fails lead, and the DFR bar beside each shows the repair. */
export function groupPairs(set: SpuriousSetResult): GroupPair[] {
  const base = new Map(set.baseline.groups.map((g) => [g.key, g]));
  const dfr = new Map(set.dfr.groups.map((g) => [g.key, g]));
  const keys = [...new Set([...base.keys(), ...dfr.keys()])];
  return keys
    .map((key) => {
      const b = base.get(key);
      const d = dfr.get(key);
      return { key, name: groupName(key), n: d?.n ?? b?.n ?? 0, small: !!(d?.small ?? b?.small), baseline: b, dfr: d };
    })
    .sort((a, b) => (a.baseline?.accuracy ?? a.dfr?.accuracy ?? 1) - (b.baseline?.accuracy ?? b.dfr?.accuracy ?? 1) || (a.dfr?.accuracy ?? 1) - (b.dfr?.accuracy ?? 1));
}

export function intervalGroups(pairs: GroupPair[]): IntervalGroup[] {
  return pairs.map((p) => ({
    key: p.key,
    label: p.name,
    n: p.n,
    small: p.small,
    values: [p.baseline, p.dfr].map((g) => (g ? { value: g.accuracy, lo: g.ci[0], hi: g.ci[1] } : null)),
  }));
}

export function groupRows(pairs: GroupPair[]): Row[] {
  return pairs.map((p) => ({
    group: p.name,
    n: p.n,
    small: p.small ? 'yes' : '',
    baseline: p.baseline?.accuracy ?? null,
    baselineLo: p.baseline?.ci[0] ?? null,
    baselineHi: p.baseline?.ci[1] ?? null,
    dfr: p.dfr?.accuracy ?? null,
    dfrLo: p.dfr?.ci[0] ?? null,
    dfrHi: p.dfr?.ci[1] ?? null,
    change: p.baseline && p.dfr ? p.dfr.accuracy - p.baseline.accuracy : null,
  }));
}

export interface WorstGroupKpi {
  key: string;
  name: string;
  baseline: number;
  dfr: number;
  ci: [number, number];
  n: number;
  text: string;
}

/** The lead number: the group the baseline fails most, and where DFR takes it. */
export function worstGroupKpi(set: SpuriousSetResult): WorstGroupKpi | null {
  const key = set.baseline.worstGroupKey;
  const b = set.baseline.groups.find((g) => g.key === key);
  const d = set.dfr.groups.find((g) => g.key === key);
  if (!b || !d) return null;
  const name = groupName(key);
  return {
    key,
    name,
    baseline: b.accuracy,
    dfr: d.accuracy,
    ci: d.ci,
    n: d.n,
    text: `${name} — ${percent(b.accuracy)} → ${percent(d.accuracy)} after DFR (95% CI ${range(d.ci[0], d.ci[1])})`,
  };
}

/** The set to show first: the one with the best DFR worst-group accuracy. */
export function bestSetIndex(result: SpuriousResult): number {
  let best = 0;
  result.sets.forEach((s, i) => {
    if (s.dfr.worstGroupAccuracy > result.sets[best].dfr.worstGroupAccuracy) best = i;
  });
  return best;
}
