import { describe, expect, it } from 'vitest';
import { cramersV, crossTab } from '../../src-main/engine/stats/contingency.ts';

describe('contingency statistics', () => {
  it('crossTab counts pairs with natural ordering', () => {
    const t = crossTab(['1', '0', '1', '10', '2'], ['a', 'b', 'a', 'b', 'a']);
    expect(t.rowValues).toEqual(['0', '1', '2', '10']);
    expect(t.counts).toEqual([[0, 1], [2, 0], [1, 0], [0, 1]]);
  });

  it("Cramer's V is sqrt(chi2 / (n (k - 1))) without correction", () => {
    // chi2 = 18.73 for this table (computed independently in Python), n = 65, k = 1
    expect(cramersV([[10, 20], [30, 5]])).toBeCloseTo(0.5367450401216932, 10);
    // perfectly associated and independent tables
    expect(cramersV([[50, 0], [0, 50]])).toBeCloseTo(1, 12);
    expect(cramersV([[25, 25], [25, 25]])).toBeCloseTo(0, 12);
    expect(cramersV([[5, 5]])).toBe(0);
  });
});
