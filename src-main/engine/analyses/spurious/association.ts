// How strong the shortcut is in the train split: Cramér's V between the label and the attribute,
// and the share of samples carrying their label's most frequent attribute value.
import type { PreparedData } from './prepare.ts';

export interface Association {
  attribute: string;
  cramersV: number;
  majorityShare: number;
}

export function trainAssociation(p: PreparedData, attributeK = 0): Association {
  const rows = p.rows.train;
  const nLabels = p.classes.length;
  const nValues = p.attributeValues[attributeK].length;
  const table = new Float64Array(nLabels * nValues);
  for (const i of rows) table[p.y[i] * nValues + p.attributeIndex[attributeK][i]]++;
  const n = rows.length;
  const rowSum = new Float64Array(nLabels);
  const colSum = new Float64Array(nValues);
  for (let r = 0; r < nLabels; r++) {
    for (let c = 0; c < nValues; c++) {
      rowSum[r] += table[r * nValues + c];
      colSum[c] += table[r * nValues + c];
    }
  }
  let chi2 = 0;
  let majority = 0;
  for (let r = 0; r < nLabels; r++) {
    let best = 0;
    for (let c = 0; c < nValues; c++) {
      const expected = (rowSum[r] * colSum[c]) / n;
      if (expected > 0) chi2 += (table[r * nValues + c] - expected) ** 2 / expected;
      best = Math.max(best, table[r * nValues + c]);
    }
    majority += best;
  }
  // Labels or values absent from train do not count towards the table's dimensions.
  const liveRows = rowSum.filter((s) => s > 0).length;
  const liveCols = colSum.filter((s) => s > 0).length;
  const k = Math.min(liveRows, liveCols) - 1;
  const cramersV = n > 0 && k > 0 ? Math.sqrt(chi2 / (n * k)) : 0;
  return { attribute: p.attributes[attributeK], cramersV, majorityShare: n > 0 ? majority / n : 0 };
}
