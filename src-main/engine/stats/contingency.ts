// Contingency-table statistics for label x attribute association (how strong a shortcut is).

/** Counts of (row value, column value) pairs. */
export function crossTab(rows: string[], cols: string[]): { rowValues: string[]; colValues: string[]; counts: number[][] } {
  const rowValues = [...new Set(rows)].sort(natural);
  const colValues = [...new Set(cols)].sort(natural);
  const ri = new Map(rowValues.map((v, i) => [v, i]));
  const ci = new Map(colValues.map((v, i) => [v, i]));
  const counts = rowValues.map(() => colValues.map(() => 0));
  for (let k = 0; k < rows.length; k++) counts[ri.get(rows[k]!)!]![ci.get(cols[k]!)!]!++;
  return { rowValues, colValues, counts };
}

/**
 * Cramer's V without bias correction: sqrt(chi2 / (n * (min(r, c) - 1))). 0 when either variable
 * has a single value (no association can be measured).
 */
export function cramersV(counts: number[][]): number {
  const r = counts.length;
  const c = counts[0]?.length ?? 0;
  if (r < 2 || c < 2) return 0;
  const rowSums = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = counts[0]!.map((_, j) => counts.reduce((a, row) => a + row[j]!, 0));
  const n = rowSums.reduce((a, b) => a + b, 0);
  if (n === 0) return 0;
  let chi2 = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const expected = (rowSums[i]! * colSums[j]!) / n;
      if (expected > 0) chi2 += (counts[i]![j]! - expected) ** 2 / expected;
    }
  }
  const liveRows = rowSums.filter((s) => s > 0).length;
  const liveCols = colSums.filter((s) => s > 0).length;
  const k = Math.min(liveRows, liveCols) - 1;
  return k > 0 ? Math.sqrt(chi2 / (n * k)) : 0;
}

/** Sorts "2" before "10" and text alphabetically. */
export function natural(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}
