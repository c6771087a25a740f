// The dataset overview: group table (split x label x attribute), label-attribute association per
// split, region counts and warnings. Computed from the samples table on request.
import type { AssociationRow, DatasetDetail, DatasetOverview, GroupCell, RegionCount, SampleRow, Split } from '../../src-shared/api.ts';
import { SPLITS } from '../../src-shared/api.ts';
import { cramersV, crossTab, natural } from '../engine/stats/contingency.ts';

export function buildOverview(dataset: DatasetDetail, samples: SampleRow[], attribute: string | undefined, minGroupSize: number): DatasetOverview {
  const attr = attribute ?? dataset.attributes.find((a) => a !== dataset.regionAttribute) ?? dataset.attributes[0] ?? null;
  const cellCounts = new Map<string, GroupCell>();
  const attributeValues = new Set<string>();
  for (const s of samples) {
    const value = attr ? (s.attributes[attr] ?? '') : '';
    attributeValues.add(value);
    const key = `${s.split}\u0000${s.label}\u0000${value}`;
    const cell = cellCounts.get(key);
    if (cell) cell.count++;
    else cellCounts.set(key, { split: s.split, label: s.label, attributes: attr ? { [attr]: value } : {}, count: 1 });
  }
  const cells = [...cellCounts.values()].sort(
    (a, b) => SPLITS.indexOf(a.split) - SPLITS.indexOf(b.split) || natural(a.label, b.label) || natural(Object.values(a.attributes)[0] ?? '', Object.values(b.attributes)[0] ?? ''),
  );

  const association: AssociationRow[] = [];
  for (const split of SPLITS) {
    const inSplit = samples.filter((s) => s.split === split);
    if (inSplit.length === 0) continue;
    for (const a of dataset.attributes) {
      const tab = crossTab(inSplit.map((s) => s.label), inSplit.map((s) => s.attributes[a] ?? ''));
      association.push({
        split,
        attribute: a,
        cramersV: cramersV(tab.counts),
        majorityShare: tab.rowValues.map((label, i) => {
          const row = tab.counts[i]!;
          const n = row.reduce((x, y) => x + y, 0);
          const best = row.indexOf(Math.max(...row));
          return { label, value: tab.colValues[best]!, share: n > 0 ? row[best]! / n : 0, n };
        }),
      });
    }
  }

  const regions: RegionCount[] = [];
  if (dataset.regionAttribute) {
    const counts = new Map<string, number>();
    for (const s of samples) {
      const key = `${s.attributes[dataset.regionAttribute] ?? ''}\u0000${s.split}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [key, count] of counts) {
      const [region, split] = key.split('\u0000') as [string, Split];
      regions.push({ region, split, count });
    }
    regions.sort((a, b) => natural(a.region, b.region) || SPLITS.indexOf(a.split) - SPLITS.indexOf(b.split));
  }

  const warnings: string[] = [];
  const labels = [...new Set(samples.map((s) => s.label))].sort(natural);
  for (const split of SPLITS) {
    if (!samples.some((s) => s.split === split)) continue;
    for (const label of labels) {
      for (const value of [...attributeValues].sort(natural)) {
        const n = cellCounts.get(`${split}\u0000${label}\u0000${value}`)?.count ?? 0;
        if (n < minGroupSize) {
          const where = attr ? `${label} · ${attr}=${value}` : label;
          warnings.push(n === 0 ? `No ${split} samples in group ${where}.` : `Small group in ${split}: ${where} has n = ${n} (< ${minGroupSize}).`);
        }
      }
    }
  }
  if (!samples.some((s) => s.split === 'val')) warnings.push('No validation split: DFR on validation data (dfr-val) is not possible; use dfr-train.');
  const rejected = dataset.importReport.rejected.length;
  if (rejected > 0) warnings.push(`${rejected} row(s) were rejected at import (see the import report).`);

  return {
    dataset,
    groupTable: { datasetId: dataset.id, attribute: attr, labels, attributeValues: [...attributeValues].sort(natural), cells },
    association,
    regions,
    warnings,
  };
}
