// Test samples that show what DFR changed, taken from the groups where each model does worst:
// the shortcut's victims DFR fixes, and the samples it breaks.
import type { AccuracySummary } from '../../../../src-shared/results/spurious.ts';
import type { AnalysisSample } from '../types.ts';
import type { PreparedData } from './prepare.ts';

export const MAX_EXAMPLES = 24;

interface Predicted {
  rows: Int32Array;
  pred: Int32Array;
}

function byRow(x: Predicted): Map<number, number> {
  return new Map(Array.from(x.rows, (r, k) => [r, x.pred[k]]));
}

/** Group ids from the lowest accuracy up (ties in group order). */
function worstFirst(summary: AccuracySummary, p: PreparedData): number[] {
  const idOf = new Map(p.groups.map((g) => [g.key, g.id]));
  return [...summary.groups].sort((a, b) => a.accuracy - b.accuracy).map((g) => idOf.get(g.key) ?? -1);
}

function collect(order: number[], rows: Int32Array, p: PreparedData, keep: (row: number) => boolean, samples: AnalysisSample[]): number[] {
  const out: number[] = [];
  for (const g of order) {
    for (const r of rows) {
      if (out.length >= MAX_EXAMPLES) return out;
      if (p.group[r] === g && keep(r)) out.push(samples[r].id);
    }
  }
  return out;
}

export function pickExamples(
  samples: AnalysisSample[],
  p: PreparedData,
  dfr: Predicted,
  baseline: Predicted,
  dfrSummary: AccuracySummary,
  baselineSummary: AccuracySummary,
): { fixedByDfr: number[]; brokenByDfr: number[] } {
  const d = byRow(dfr);
  const b = byRow(baseline);
  const rows = dfr.rows.filter((r) => b.has(r));
  const right = (m: Map<number, number>, r: number): boolean => m.get(r) === p.y[r];
  return {
    fixedByDfr: collect(worstFirst(baselineSummary, p), rows, p, (r) => right(d, r) && !right(b, r), samples),
    brokenByDfr: collect(worstFirst(dfrSummary, p), rows, p, (r) => !right(d, r) && right(b, r), samples),
  };
}
