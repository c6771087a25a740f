import { describe, expect, it } from 'vitest';
import { NearestCandidates } from '../../../src-main/engine/tensor/nearest-candidates.ts';

function row(c: NearestCandidates, r: number): { values: number[]; indices: number[] } {
  const n = c.counts[r]!;
  const o = r * c.capacity;
  return { values: Array.from(c.values.subarray(o, o + n)), indices: Array.from(c.indices.subarray(o, o + n)) };
}

describe('NearestCandidates', () => {
  it('keeps the smallest values in ascending order across offers', () => {
    const c = new NearestCandidates(1, 3);
    c.offerRow(0, new Float32Array([5, 1, 4, 9]), 0, 4, -1);
    expect(row(c, 0)).toEqual({ values: [1, 4, 5], indices: [1, 2, 0] });
    c.offerRow(0, new Float32Array([2, 8]), 0, 2, -1);
    expect(row(c, 0)).toEqual({ values: [1, 2, 4], indices: [1, 0, 2] });
  });

  it('keeps ties in column order, skips the given column and NaN', () => {
    const c = new NearestCandidates(2, 2);
    c.offerRow(1, new Float32Array([0, 0, 7, 0, 0]), 2, 3, -1); // columns see [7, 0, 0]
    expect(row(c, 1)).toEqual({ values: [0, 0], indices: [1, 2] });
    c.offerRow(0, new Float32Array([NaN, 0, 3, 3]), 0, 4, 1);
    expect(row(c, 0)).toEqual({ values: [3, 3], indices: [2, 3] });
  });
});
