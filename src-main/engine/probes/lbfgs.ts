// Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, alg. 7.4 and 3.5/3.6),
// the method behind sklearn's solver='lbfgs' (scipy L-BFGS-B without bounds).

/** Writes the gradient at x into `grad` and returns the objective. */
export type ObjectiveFn = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when max |grad| <= gtol. */
  gtol: number;
  maxIter: number;
  /** History size (scipy's default maxcor is 10). */
  m?: number;
}

export interface LbfgsResult {
  f: number;
  nIter: number;
  converged: boolean;
}

const C1 = 1e-4;
const C2 = 0.9;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}

/** Minimises fn from x (updated in place). */
export function minimizeLbfgs(fn: ObjectiveFn, x: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = x.length;
  const m = opts.m ?? 10;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let f = fn(x, g);
  let iter = 0;
  let stalls = 0;

  while (iter < opts.maxIter) {
    if (maxAbs(g) <= opts.gtol) return { f, nIter: iter, converged: true };

    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    const k = S.length;
    for (let h = k - 1; h >= 0; h--) {
      alpha[h] = rho[h] * dot(S[h], d);
      const yh = Y[h];
      const a = alpha[h];
      for (let i = 0; i < n; i++) d[i] -= a * yh[i];
    }
    if (k > 0) {
      const gamma = dot(S[k - 1], Y[k - 1]) / dot(Y[k - 1], Y[k - 1]);
      for (let i = 0; i < n; i++) d[i] *= gamma;
    }
    for (let h = 0; h < k; h++) {
      const b = rho[h] * dot(Y[h], d);
      const sh = S[h];
      const c = alpha[h] - b;
      for (let i = 0; i < n; i++) d[i] += c * sh[i];
    }
    let dg = dot(d, g);
    if (!(dg < 0)) {
      // Lost descent (curvature noise): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i];
      dg = dot(d, g);
    }
    // First step of a fresh history: keep it small, as scipy does (1 / ||g||).
    const step0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(-dg)) : 1;
    const ls = wolfeLineSearch(fn, x, f, d, dg, step0, xNew, gNew);
    iter++;
    if (ls === null) {
      if (S.length === 0) return { f, nIter: iter, converged: false };
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      continue;
    }
    const fOld = f;
    // s = xNew - x, y = gNew - g; reuse the oldest pair's buffers when the history is full.
    const sv = S.length === m ? (S.shift() as Float64Array) : new Float64Array(n);
    const yv = Y.length === m ? (Y.shift() as Float64Array) : new Float64Array(n);
    if (rho.length === m) rho.shift();
    for (let i = 0; i < n; i++) {
      sv[i] = xNew[i] - x[i];
      yv[i] = gNew[i] - g[i];
    }
    x.set(xNew);
    g.set(gNew);
    f = ls;
    const sy = dot(sv, yv);
    if (sy > 1e-10 * dot(yv, yv)) {
      S.push(sv);
      Y.push(yv);
      rho.push(1 / sy);
    }
    // Relative decrease at rounding level several times in a row: nothing more to gain.
    if (fOld - f <= 1e-15 * Math.max(Math.abs(f), Math.abs(fOld))) {
      if (++stalls >= 3) return { f, nIter: iter, converged: maxAbs(g) <= opts.gtol };
    } else stalls = 0;
  }
  return { f, nIter: iter, converged: maxAbs(g) <= opts.gtol };
}

/**
 * Strong-Wolfe line search along d from x. On success writes the accepted point and gradient into
 * xNew/gNew and returns its objective; null when no acceptable step was found.
 */
function wolfeLineSearch(
  fn: ObjectiveFn,
  x: Float64Array,
  f0: number,
  d: Float64Array,
  dg0: number,
  step0: number,
  xNew: Float64Array,
  gNew: Float64Array,
): number | null {
  const n = x.length;
  const evalAt = (a: number): [number, number] => {
    for (let i = 0; i < n; i++) xNew[i] = x[i] + a * d[i];
    const fa = fn(xNew, gNew);
    return [fa, dot(gNew, d)];
  };
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = dg0;
  let a = step0;
  for (let it = 0; it < 25; it++) {
    const [fa, da] = evalAt(a);
    if (!Number.isFinite(fa) || fa > f0 + C1 * a * dg0 || (it > 0 && fa >= fPrev)) {
      return zoom(evalAt, f0, dg0, aPrev, fPrev, dPrev, a, fa, da);
    }
    if (Math.abs(da) <= -C2 * dg0) return fa;
    if (da >= 0) return zoom(evalAt, f0, dg0, a, fa, da, aPrev, fPrev, dPrev);
    aPrev = a;
    fPrev = fa;
    dPrev = da;
    a *= 2;
  }
  return null;
}

/** Cubic-interpolating zoom between a bracket [lo, hi] (lo satisfies sufficient decrease). */
function zoom(
  evalAt: (a: number) => [number, number],
  f0: number,
  dg0: number,
  aLo: number,
  fLo: number,
  dLo: number,
  aHi: number,
  fHi: number,
  dHi: number,
): number | null {
  for (let it = 0; it < 30; it++) {
    let a = cubicMin(aLo, fLo, dLo, aHi, fHi, dHi);
    const lo = Math.min(aLo, aHi);
    const hi = Math.max(aLo, aHi);
    const w = hi - lo;
    // Keep the trial inside the bracket's middle 80% so the bracket always shrinks.
    if (!Number.isFinite(a) || a < lo + 0.1 * w || a > hi - 0.1 * w) a = 0.5 * (lo + hi);
    const [fa, da] = evalAt(a);
    if (!Number.isFinite(fa) || fa > f0 + C1 * a * dg0 || fa >= fLo) {
      aHi = a;
      fHi = fa;
      dHi = da;
    } else {
      if (Math.abs(da) <= -C2 * dg0) return fa;
      if (da * (aHi - aLo) >= 0) {
        aHi = aLo;
        fHi = fLo;
        dHi = dLo;
      }
      aLo = a;
      fLo = fa;
      dLo = da;
    }
    if (Math.abs(aHi - aLo) <= 1e-14 * Math.max(1, Math.abs(aLo))) break;
  }
  // Bracket collapsed: accept the best sufficient-decrease point if it moved at all.
  if (aLo > 0 && fLo < f0) {
    const [fa] = evalAt(aLo);
    return fa;
  }
  return null;
}

function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  if (!Number.isFinite(fb) || !Number.isFinite(db)) return NaN;
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (disc < 0) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}
