import { describe, expect, it } from 'vitest';
import { applyScaler, fitStandardScaler } from '../../../src-main/engine/probes/index.ts';
import { minimizeLbfgs } from '../../../src-main/engine/probes/lbfgs.ts';
import { InputError } from '../../../src-shared/errors.ts';

describe('standard scaler', () => {
  it('uses the population std, maps constant columns to scale 1, and keeps Float32 input exact', () => {
    const X = { data: Float32Array.from([1, 5, 2, 5, 3, 5, 4, 5]), rows: 4, cols: 2 };
    const s = fitStandardScaler(X);
    expect(Array.from(s.mean)).toEqual([2.5, 5]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(s.scale[1]).toBe(1);
    const Z = applyScaler(s, X);
    expect(Z.data).toBeInstanceOf(Float64Array);
    expect(Array.from(Z.data).filter((_, q) => q % 2 === 1)).toEqual([0, 0, 0, 0]);
    expect(Z.data[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 14);
  });

  it('treats a column constant up to rounding as constant (sklearn rule)', () => {
    const v = 0.1 + 0.2;
    const X = { data: Float64Array.from([v, 0.3, v, 0.3]), rows: 4, cols: 1 };
    expect(fitStandardScaler(X).scale[0]).toBe(1);
  });

  it('rejects empty input and mismatched columns', () => {
    expect(() => fitStandardScaler({ data: new Float64Array(0), rows: 0, cols: 3 })).toThrow(InputError);
    const s = fitStandardScaler({ data: Float64Array.from([1, 2, 3, 4]), rows: 2, cols: 2 });
    expect(() => applyScaler(s, { data: new Float64Array(3), rows: 1, cols: 3 })).toThrow(/fitted on 2 features/);
  });
});

describe('minimizeLbfgs', () => {
  it('minimises the Rosenbrock function to its known optimum', () => {
    const x = Float64Array.from([-1.2, 1]);
    const res = minimizeLbfgs(
      (p, g) => {
        const [a, b] = [p[0], p[1]];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      x,
      { gtol: 1e-9, maxIter: 500 },
    );
    expect(res.converged).toBe(true);
    expect(x[0]).toBeCloseTo(1, 6);
    expect(x[1]).toBeCloseTo(1, 6);
    expect(res.f).toBeLessThan(1e-12);
  });

  it('solves an ill-conditioned quadratic (condition 1e4; scipy needs ~970 iterations here too)', () => {
    const d = 50;
    const h = Float64Array.from({ length: d }, (_, i) => 10 ** ((4 * i) / (d - 1)));
    const x = new Float64Array(d).fill(1);
    const res = minimizeLbfgs(
      (p, g) => {
        let f = 0;
        for (let i = 0; i < d; i++) {
          g[i] = h[i] * (p[i] - 2);
          f += 0.5 * h[i] * (p[i] - 2) ** 2;
        }
        return f;
      },
      x,
      { gtol: 1e-8, maxIter: 3000 },
    );
    expect(res.converged).toBe(true);
    for (let i = 0; i < d; i++) expect(x[i]).toBeCloseTo(2, 8);
  });
});
