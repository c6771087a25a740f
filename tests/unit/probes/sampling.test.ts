import { describe, expect, it } from 'vitest';
import { balancedSubsample, createRng, selectLabels, selectRows } from '../../../src-main/engine/probes/index.ts';
import { InputError } from '../../../src-shared/errors.ts';

describe('createRng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    // Seeds differing only above 2^32 still differ.
    expect(createRng(2 ** 32 + 1).next()).not.toBe(createRng(1).next());
  });

  it('draws uniformly: next() in [0,1), int(n) covers 0..n-1 evenly', () => {
    const rng = createRng(7);
    const counts = new Array(10).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 50_000; i++) {
      const u = rng.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      counts[rng.int(10)]++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Chi-square with 9 dof: 99.9% quantile is 27.9.
    const chi = counts.reduce((s, c) => s + (c - 5000) ** 2 / 5000, 0);
    expect(chi).toBeLessThan(27.9);
    expect(() => rng.int(0)).toThrow(InputError);
  });

  it('shuffles arrays and Int32Arrays into permutations', () => {
    const rng = createRng(3);
    const a = rng.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const t = rng.shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(t).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // Every position is equally likely to receive element 0 (Fisher-Yates is unbiased).
    const pos = new Array(4).fill(0);
    for (let r = 0; r < 8000; r++) pos[rng.shuffle([0, 1, 2, 3]).indexOf(0)]++;
    for (const p of pos) expect(Math.abs(p - 2000)).toBeLessThan(200);
  });
});

describe('balancedSubsample', () => {
  // Waterbirds-like imbalance: groups 0..3 with 50, 5, 8, 30 members, interleaved.
  const sizes = [50, 5, 8, 30];
  const groups = Int32Array.from(sizes.flatMap((s, g) => new Array(s).fill(g))).map((_, i, arr) => arr[(i * 37) % arr.length]);

  it('keeps min_g |g| of every group, sorted, deterministic per seed', () => {
    const idx = balancedSubsample(groups, createRng(11));
    expect(idx.length).toBe(4 * 5);
    const per = [0, 0, 0, 0];
    idx.forEach((i) => per[groups[i]]++);
    expect(per).toEqual([5, 5, 5, 5]);
    expect(Array.from(idx)).toEqual(Array.from(idx).sort((a, b) => a - b));
    expect(new Set(idx).size).toBe(idx.length);
    expect(balancedSubsample(groups, createRng(11))).toEqual(idx);
    expect(balancedSubsample(groups, createRng(12))).not.toEqual(idx);
  });

  it('draws every member of a large group with equal chance', () => {
    const rng = createRng(5);
    const hits = new Map<number, number>();
    for (let r = 0; r < 2000; r++) for (const i of balancedSubsample(groups, rng)) if (groups[i] === 0) hits.set(i, (hits.get(i) ?? 0) + 1);
    // Each of the 50 members of group 0 is kept with probability 5/50: 200 of 2000 draws.
    expect(hits.size).toBe(50);
    for (const h of hits.values()) expect(Math.abs(h - 200)).toBeLessThan(60);
  });

  it('rejects empty input, negative ids and ids with no members', () => {
    expect(() => balancedSubsample(new Int32Array(0), createRng(1))).toThrow(InputError);
    expect(() => balancedSubsample(Int32Array.from([0, -1]), createRng(1))).toThrow(/negative group id/);
    expect(() => balancedSubsample(Int32Array.from([0, 0, 2, 3]), createRng(1))).toThrow(/Group 1 has no samples/);
  });
});

describe('selectRows / selectLabels', () => {
  it('copies the chosen rows in order, keeping the element type', () => {
    const X = { data: Float32Array.from([1, 2, 3, 4, 5, 6]), rows: 3, cols: 2 };
    const s = selectRows(X, Int32Array.from([2, 0, 2]));
    expect(s.data).toBeInstanceOf(Float32Array);
    expect(Array.from(s.data)).toEqual([5, 6, 1, 2, 5, 6]);
    expect(Array.from(selectLabels(Int32Array.from([7, 8, 9]), Int32Array.from([1, 1])))).toEqual([8, 8]);
    expect(() => selectRows(X, Int32Array.from([3]))).toThrow(InputError);
  });
});
