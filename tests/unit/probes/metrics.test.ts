import { describe, expect, it } from 'vitest';
import {
  balancedAccuracy,
  bootstrapInterval,
  groupAccuracies,
  wilsonInterval,
  worstGroupAccuracy,
} from '../../../src-main/engine/probes/index.ts';
import { InputError } from '../../../src-shared/errors.ts';

describe('wilsonInterval', () => {
  it('matches textbook values', () => {
    // 0/10: upper = z^2 / (n + z^2); 5/10: 0.5 +- 0.2634; 10/10 mirrors 0/10.
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.27753, 5);
    const [lo5, hi5] = wilsonInterval(5, 10);
    expect(lo5).toBeCloseTo(0.23659, 5);
    expect(hi5).toBeCloseTo(0.76341, 5);
    const [lo10, hi10] = wilsonInterval(10, 10);
    expect(lo10).toBeCloseTo(0.72247, 5);
    expect(hi10).toBe(1);
    // 81 of 263 (a common worked example): [0.2553, 0.3662].
    const [a, b] = wilsonInterval(81, 263);
    expect(a).toBeCloseTo(0.2553, 4);
    expect(b).toBeCloseTo(0.3662, 4);
  });

  it('narrows with n, honours z, and is vacuous for n = 0', () => {
    const w = (c: number, n: number, z?: number) => {
      const [lo, hi] = wilsonInterval(c, n, z);
      return hi - lo;
    };
    expect(w(50, 100)).toBeGreaterThan(w(500, 1000));
    expect(w(50, 100, 2.576)).toBeGreaterThan(w(50, 100));
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    expect(() => wilsonInterval(5, 3)).toThrow(InputError);
  });
});

describe('group metrics', () => {
  const y = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  const pred = Int32Array.from([0, 0, 1, 0, 1, 1, 0, 0, 1, 1]);
  const groups = Int32Array.from([3, 3, 3, 3, 0, 0, 0, 5, 5, 5]);

  it('computes per-group accuracy with Wilson intervals, only for present groups, by id', () => {
    const acc = groupAccuracies(pred, y, groups);
    expect(acc.map((a) => a.group)).toEqual([0, 3, 5]);
    expect(acc.map((a) => [a.n, a.correct])).toEqual([
      [3, 2],
      [4, 3],
      [3, 2],
    ]);
    expect(acc[1].accuracy).toBe(0.75);
    expect(acc[1].ci).toEqual(wilsonInterval(3, 4));
    expect(worstGroupAccuracy(acc)).toBeCloseTo(2 / 3, 12);
    expect(() => worstGroupAccuracy([])).toThrow(InputError);
    expect(() => groupAccuracies(pred, y, groups.subarray(1))).toThrow(/lengths differ/);
  });

  it('balanced accuracy is the mean recall over the classes in y', () => {
    // recall(0) = 3/4, recall(1) = 4/6.
    expect(balancedAccuracy(pred, y)).toBeCloseTo((3 / 4 + 4 / 6) / 2, 12);
    // A predicted class that never occurs in y does not add a class.
    const p2 = Int32Array.from(pred, (v, i) => (i === 0 ? 9 : v));
    expect(balancedAccuracy(p2, y)).toBeCloseTo((2 / 4 + 4 / 6) / 2, 12);
  });
});

describe('bootstrapInterval', () => {
  const n = 400;
  const x = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : 0));
  const mean = (idx: Int32Array): number => {
    let s = 0;
    for (let k = 0; k < idx.length; k++) s += x[idx[k]];
    return s / idx.length;
  };

  it('gives the normal-theory width for a proportion and is reproducible', () => {
    const [lo, hi] = bootstrapInterval(n, mean, { seed: 1, reps: 2000 });
    // sd of the mean = 0.025: 95% interval ~ 0.5 +- 0.049.
    expect(lo).toBeGreaterThan(0.44);
    expect(lo).toBeLessThan(0.46);
    expect(hi).toBeGreaterThan(0.54);
    expect(hi).toBeLessThan(0.56);
    expect(bootstrapInterval(n, mean, { seed: 1, reps: 2000 })).toEqual([lo, hi]);
    expect(bootstrapInterval(n, mean, { seed: 2, reps: 2000 })).not.toEqual([lo, hi]);
    const [lo90, hi90] = bootstrapInterval(n, mean, { seed: 1, reps: 2000, level: 0.9 });
    expect(hi90 - lo90).toBeLessThan(hi - lo);
  });

  it('skips non-finite replicates and validates its options', () => {
    let calls = 0;
    const [lo, hi] = bootstrapInterval(n, (idx) => (++calls % 2 === 0 ? NaN : mean(idx)), { seed: 3, reps: 200 });
    expect(calls).toBe(200);
    expect(lo).toBeLessThan(0.5);
    expect(hi).toBeGreaterThan(0.5);
    expect(bootstrapInterval(n, () => NaN, { seed: 3, reps: 10 })).toEqual([NaN, NaN]);
    expect(() => bootstrapInterval(0, mean, { seed: 1 })).toThrow(InputError);
    expect(() => bootstrapInterval(n, mean, { seed: 1, level: 1 })).toThrow(InputError);
  });
});
