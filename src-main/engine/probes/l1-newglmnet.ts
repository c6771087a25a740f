// L1-regularised binary logistic regression by liblinear's newGLMNET (Yuan, Ho, Lin 2012), the
// solver behind sklearn's LogisticRegression(penalty='l1', solver='liblinear'):
//   min_w  ||w||_1 + sum_i C_i log(1 + exp(-y_i w.x_i))
// Each outer (Newton) iteration builds a quadratic model of the loss, minimises model + L1 by
// randomised coordinate descent with shrinking, then backtracks along the step. The problem
// solved is liblinear's; how it gets there differs for speed (see solveL1Logistic):
//  - dense column-major Float64 columns instead of sparse (index, value) nodes;
//  - the caller may pass a starting w (warm start along a C path) and the previous gradient;
//  - the stopping threshold uses the violation at w = 0 (what liblinear measures on its first
//    iteration from a cold start), so a warm start stops at the same precision as a cold one,
//    tightened by TIGHTEN.
import { createRng } from './rng.ts';
import { axpyColumn, axpyThenDot, dotColumn, gradHessScaled } from './kernels.ts';

/** One binary sub-problem, prepared once and reused for every C of a path. */
export interface L1Problem {
  /** Column-major n x p; the last column is the bias feature when an intercept is fitted. */
  X: Float64Array;
  n: number;
  p: number;
  /** +1 / -1. */
  y: Int8Array;
  /** Per-sample weights (> 0; zero-weight samples must be removed beforehand, as liblinear does). */
  s: Float64Array;
  /** sum_{i: y_i = -1} s_i x_ij: the constant part of the gradient, up to the factor C. */
  negSum: Float64Array;
  /** sum_i s_i y_i x_ij: the gradient at w = 0 is -C/2 times this. */
  signedSum: Float64Array;
  /** liblinear's primal_solver_tol = tol * max(min(#pos, #neg), 1) / n, times TIGHTEN. */
  eps: number;
}

/**
 * liblinear's rule (total violation <= eps x its value at w = 0) can stop while the objective is
 * still ~5e-4 (relative) above the optimum on wide embedding problems (1,200 x 2,048, C = 1),
 * and where exactly it stops depends on the random coordinate order; sklearn itself lands
 * 1e-5..1e-4 above the optimum there. We stop at a fifth of that threshold, which lands within
 * ~3e-5 of the optimum (measured: bench/probes.bench.ts data and every golden fixture), so our
 * objective is not measurably worse than sklearn's.
 */
export const TIGHTEN = 0.2;

export function prepareL1Problem(X: Float64Array, n: number, p: number, y: Int8Array, s: Float64Array, tol: number, tighten = TIGHTEN): L1Problem {
  const negSum = new Float64Array(p);
  const signedSum = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const off = j * n;
    let neg = 0;
    let signed = 0;
    for (let i = 0; i < n; i++) {
      const v = s[i] * X[off + i];
      if (y[i] < 0) {
        neg += v;
        signed -= v;
      } else signed += v;
    }
    negSum[j] = neg;
    signedSum[j] = signed;
  }
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] > 0) pos++;
  const eps = (tighten * tol * Math.max(Math.min(pos, n - pos), 1)) / n;
  return { X, n, p, y, s, negSum, signedSum, eps };
}

/** Sum over features of the optimality violation at w = 0 for this C. */
export function violationAtZero(prob: L1Problem, C: number): number {
  let v = 0;
  for (let j = 0; j < prob.p; j++) v += Math.max(0, Math.abs(0.5 * C * prob.signedSum[j]) - 1);
  return v;
}

const NU = 1e-12;
const SIGMA = 0.01;
const MAX_QP_ITER = 1000;
const MAX_LINESEARCH = 20;
/**
 * A zero feature with |gradient| < 1 - DROP_MARGIN leaves the working set (violating features,
 * |gradient| > 1, join it). Smaller margins drop more and re-check more; 0.1 measured best.
 */
const DROP_MARGIN = 0.1;
/** Each QP is solved until its violation is below this fraction of the current outer violation. */
const QP_FORCING = 0.3;

/**
 * Carried between the fits of a C path on one problem: every feature's gradient at the last
 * solution. The gradient is C times a function of w, so at the same w under a new C it is
 * known without a pass over the data.
 */
export interface L1PathState {
  /** Gradient of every feature at the current w for `C`; null when not known. */
  grad: Float64Array | null;
  C: number;
}

export interface L1SolveStats {
  /** Coordinate-descent sweeps over all Newton iterations. */
  cdCycles: number;
  /** Coordinate updates attempted (each costs O(n)). */
  cdVisits: number;
  /** Feature gradients computed (each costs O(n)). */
  gradVisits: number;
  lineSearchSteps: number;
}

/**
 * Minimises ||w||_1 + sum_i C s_i log(1 + exp(-y_i w.x_i)) starting from `w` (length p, updated
 * in place). Returns the number of Newton iterations.
 *
 * Work-saving changes to liblinear's loop (the stopping rule is liblinear's, see TIGHTEN):
 *  - a working set: Newton iterations only recompute gradients of features that are non-zero or
 *    were violating; the others are checked in one pass when the working set has converged, and
 *    violators found there join it (liblinear recomputes every gradient on every iteration);
 *  - the QP is solved to a fraction of the current violation (an inexact-Newton forcing term), not
 *    only to liblinear's schedule relative to the violation at zero, which from a warm start
 *    allows a single CD sweep per Newton step and many more Newton steps;
 *  - the QP works on columns pre-scaled by sqrt(D), so each coordinate step is one plain dot
 *    product and one axpy on contiguous memory.
 */
export function solveL1Logistic(
  prob: L1Problem,
  C: number,
  w: Float64Array,
  maxNewtonIter: number,
  seed = 0,
  stats?: L1SolveStats,
  path?: L1PathState,
): number {
  const { X, n: l, p: wSize, y, s } = prob;
  const rng = createRng(seed);
  // index: [active | shrunk, still in the working set | outside the working set].
  const index = new Int32Array(wSize);
  // slot[j]: column of XS holding sqrt(D) x_j for the current Newton iteration.
  const slot = new Int32Array(wSize);
  const Hdiag = new Float64Array(wSize);
  const Grad = new Float64Array(wSize);
  const wpd = new Float64Array(wSize);
  const xTd = new Float64Array(l);
  const u = new Float64Array(l); // sqrt(D) * xTd during the QP
  const expWTx = new Float64Array(l);
  const expWTxNew = new Float64Array(l);
  const tau = new Float64Array(l);
  const D = new Float64Array(l);
  const sqrtD = new Float64Array(l);
  const Ci = new Float64Array(l);
  const out2 = new Float64Array(2);
  for (let i = 0; i < l; i++) Ci[i] = C * s[i];
  let zeroCurvature = false; // some D_i underflowed to 0, so xTd cannot be recovered from u
  const setCurvature = (): void => {
    zeroCurvature = false;
    for (let i = 0; i < l; i++) {
      const e = expWTx[i];
      const t = 1 / (1 + e);
      tau[i] = Ci[i] * t;
      const d = e === Infinity ? 0 : Ci[i] * e * t * t;
      D[i] = d;
      sqrtD[i] = Math.sqrt(d);
      if (d === 0) zeroCurvature = true;
    }
  };

  let wNorm = 0;
  for (let j = 0; j < wSize; j++) {
    wNorm += Math.abs(w[j]);
    wpd[j] = w[j];
    index[j] = j;
    const wj = w[j];
    if (wj !== 0) axpyColumn(wj, X, j * l, l, expWTx);
  }
  for (let i = 0; i < l; i++) expWTx[i] = Math.exp(expWTx[i]);
  setCurvature();

  const gnorm1Init = violationAtZero(prob, C);
  const stopAt = prob.eps * gnorm1Init;
  let innerEps = 1;
  let GmaxOld = Infinity;
  let QPNoChange = 0;
  let newtonIter = 0;

  // Initial working set: non-zero and violating features at the starting point.
  const known = path?.grad ?? null;
  const ratio = known ? C / (path as L1PathState).C : 0;
  let wsSize = 0;
  for (let j = 0; j < wSize; j++) {
    const g = known ? ratio * known[j] : C * prob.negSum[j] - dotColumn(X, j * l, l, tau);
    if (w[j] !== 0 || Math.abs(g) > 1) {
      index[j] = index[wsSize];
      index[wsSize++] = j;
    }
  }
  if (stats && !known) stats.gradVisits += wSize;
  if (path) path.grad = null;
  let XS = new Float64Array(Math.max(1, wsSize) * l);

  while (newtonIter < maxNewtonIter) {
    let GmaxNew = 0;
    let Gnorm1New = 0;
    let activeSize = wsSize;
    let nSlots = 0;
    if (XS.length < wsSize * l) XS = new Float64Array(Math.min(wSize, 2 * wsSize) * l);

    for (let sIdx = 0; sIdx < activeSize; sIdx++) {
      const j = index[sIdx];
      gradHessScaled(X, j * l, l, tau, sqrtD, XS, nSlots * l, out2);
      const g = C * prob.negSum[j] - out2[0];
      Grad[j] = g;
      Hdiag[j] = NU + out2[1];
      const Gp = g + 1;
      const Gn = g - 1;
      let violation = 0;
      const wj = w[j];
      if (wj === 0) {
        if (Gp < 0) violation = -Gp;
        else if (Gn > 0) violation = Gn;
        else if (g < 1 - DROP_MARGIN && g > DROP_MARGIN - 1) {
          // Comfortably optimal at zero: leave the working set (the final check brings it back if needed).
          activeSize--;
          index[sIdx] = index[activeSize];
          wsSize--;
          index[activeSize] = index[wsSize];
          index[wsSize] = j;
          sIdx--;
          continue;
        } else if (Gp > GmaxOld / l && Gn < -GmaxOld / l) {
          // Outer-level shrinking: optimal at zero, leave it out of this iteration.
          activeSize--;
          index[sIdx] = index[activeSize];
          index[activeSize] = j;
          sIdx--;
          continue;
        }
      } else if (wj > 0) violation = Math.abs(Gp);
      else violation = Math.abs(Gn);
      slot[j] = nSlots++;
      if (violation > GmaxNew) GmaxNew = violation;
      Gnorm1New += violation;
    }
    if (stats) stats.gradVisits += wsSize;

    if (QPNoChange >= 10) break;
    if (Gnorm1New <= stopAt) {
      // The working set has converged: check every feature outside it (all are zero).
      const before = wsSize;
      for (let q = wsSize; q < wSize; q++) {
        const j = index[q];
        const g = C * prob.negSum[j] - dotColumn(X, j * l, l, tau);
        Grad[j] = g;
        const violation = Math.max(0, Math.abs(g) - 1);
        if (violation > 0) {
          if (violation > GmaxNew) GmaxNew = violation;
          Gnorm1New += violation;
          // Move j to the end of the working set, inside the active part.
          index[q] = index[wsSize];
          index[wsSize] = index[activeSize];
          index[activeSize] = j;
          activeSize++;
          wsSize++;
        }
      }
      if (stats) stats.gradVisits += wSize - before;
      if (Gnorm1New <= stopAt) {
        // Every gradient is now current at the final w: hand them to the next fit of the path.
        if (path) {
          path.grad = Grad;
          path.C = C;
        }
        break;
      }
      if (wsSize > before) {
        if (XS.length < activeSize * l) {
          const grown = new Float64Array(Math.min(wSize, 2 * activeSize) * l);
          grown.set(XS.subarray(0, nSlots * l));
          XS = grown;
        }
        for (let q = activeSize - (wsSize - before); q < activeSize; q++) {
          const j = index[q];
          gradHessScaled(X, j * l, l, tau, sqrtD, XS, nSlots * l, out2);
          Grad[j] = C * prob.negSum[j] - out2[0];
          Hdiag[j] = NU + out2[1];
          slot[j] = nSlots++;
        }
      }
    }
    QPNoChange++;

    const qpStop = Math.min(innerEps * gnorm1Init, QP_FORCING * Gnorm1New);
    let iter = 0;
    let QPGmaxOld = Infinity;
    let QPActiveSize = activeSize;
    u.fill(0);

    while (iter < MAX_QP_ITER) {
      let QPGmaxNew = 0;
      let QPGnorm1New = 0;
      for (let j = 0; j < QPActiveSize; j++) {
        const r = j + rng.int(QPActiveSize - j);
        const t = index[r];
        index[r] = index[j];
        index[j] = t;
      }
      // The update of u for one coordinate is applied lazily, fused with the next dot product.
      let pendingZ = 0;
      let pendingOff = 0;
      for (let sIdx = 0; sIdx < QPActiveSize; sIdx++) {
        const j = index[sIdx];
        const H = Hdiag[j];
        const soff = slot[j] * l;
        let xu: number;
        if (pendingZ !== 0) {
          xu = axpyThenDot(pendingZ, XS, pendingOff, XS, soff, l, u);
          pendingZ = 0;
        } else xu = dotColumn(XS, soff, l, u);
        const G = Grad[j] + (wpd[j] - w[j]) * NU + xu;
        const Gp = G + 1;
        const Gn = G - 1;
        let violation = 0;
        const wpj = wpd[j];
        if (wpj === 0) {
          if (Gp < 0) violation = -Gp;
          else if (Gn > 0) violation = Gn;
          else if (Gp > QPGmaxOld / l && Gn < -QPGmaxOld / l) {
            // Inner-level shrinking.
            QPActiveSize--;
            index[sIdx] = index[QPActiveSize];
            index[QPActiveSize] = j;
            sIdx--;
            continue;
          }
        } else if (wpj > 0) violation = Math.abs(Gp);
        else violation = Math.abs(Gn);

        // Closed-form minimiser of the one-variable quadratic + |.|.
        let z: number;
        if (Gp < H * wpj) z = -Gp / H;
        else if (Gn > H * wpj) z = -Gn / H;
        else z = -wpj;
        if (Math.abs(z) < 1.0e-12) continue;
        z = Math.min(Math.max(z, -10), 10);

        QPNoChange = 0;
        if (violation > QPGmaxNew) QPGmaxNew = violation;
        QPGnorm1New += violation;
        wpd[j] = wpj + z;
        pendingZ = z;
        pendingOff = soff;
      }
      if (pendingZ !== 0) axpyColumn(pendingZ, XS, pendingOff, l, u);
      iter++;
      if (stats) {
        stats.cdCycles++;
        stats.cdVisits += QPActiveSize;
      }
      if (QPGnorm1New <= qpStop) {
        if (QPActiveSize === activeSize) break;
        // Reactivate the shrunk coordinates once before declaring the QP solved.
        QPActiveSize = activeSize;
        QPGmaxOld = Infinity;
        continue;
      }
      QPGmaxOld = QPGmaxNew;
    }

    // Back from the scaled space: xTd = X (wpd - w).
    for (let i = 0; i < l; i++) xTd[i] = sqrtD[i] > 0 ? u[i] / sqrtD[i] : 0;
    if (zeroCurvature) {
      for (let i = 0; i < l; i++) {
        if (sqrtD[i] > 0) continue;
        let v = 0;
        for (let q = 0; q < activeSize; q++) {
          const j = index[q];
          const dj = wpd[j] - w[j];
          if (dj !== 0) v += dj * X[j * l + i];
        }
        xTd[i] = v;
      }
    }

    let delta = 0;
    let wNormNew = 0;
    for (let j = 0; j < wSize; j++) {
      delta += Grad[j] * (wpd[j] - w[j]);
      if (wpd[j] !== 0) wNormNew += Math.abs(wpd[j]);
    }
    delta += wNormNew - wNorm;

    let negsumXTd = 0;
    for (let i = 0; i < l; i++) if (y[i] < 0) negsumXTd += Ci[i] * xTd[i];

    let numLinesearch = 0;
    for (; numLinesearch < MAX_LINESEARCH; numLinesearch++) {
      if (stats) stats.lineSearchSteps++;
      let cond = wNormNew - wNorm + negsumXTd - SIGMA * delta;
      for (let i = 0; i < l; i++) {
        const ed = Math.exp(xTd[i]);
        const en = expWTx[i] * ed;
        expWTxNew[i] = en;
        let term = Math.log((1 + en) / (ed + en));
        // Overflowed exponentials (margins beyond ~700): redo this term in log space.
        if (!Number.isFinite(term)) term = lossChangeLogSpace(Math.log(expWTx[i]), xTd[i]);
        cond += Ci[i] * term;
      }
      if (cond <= 0) {
        wNorm = wNormNew;
        w.set(wpd);
        expWTx.set(expWTxNew);
        setCurvature();
        break;
      }
      wNormNew = 0;
      for (let j = 0; j < wSize; j++) {
        wpd[j] = (w[j] + wpd[j]) * 0.5;
        if (wpd[j] !== 0) wNormNew += Math.abs(wpd[j]);
      }
      delta *= 0.5;
      negsumXTd *= 0.5;
      for (let i = 0; i < l; i++) xTd[i] *= 0.5;
    }

    if (numLinesearch >= MAX_LINESEARCH) {
      // No acceptable step: rebuild exp(w.x) from scratch to shed accumulated rounding, and
      // restart the next QP from w (liblinear keeps the halved wpd, inconsistent with xTd = 0).
      expWTx.fill(0);
      for (let j = 0; j < wSize; j++) if (w[j] !== 0) axpyColumn(w[j], X, j * l, l, expWTx);
      for (let i = 0; i < l; i++) expWTx[i] = Math.exp(expWTx[i]);
      setCurvature();
      wpd.set(w);
    }

    if (iter === 1) innerEps *= 0.25;
    newtonIter++;
    GmaxOld = GmaxNew;
  }
  return newtonIter;
}

function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** log((1 + e^(m+d)) / (e^d + e^(m+d))) = softplus(m + d) - d - softplus(m), without overflow. */
function lossChangeLogSpace(m: number, d: number): number {
  return softplus(m + d) - d - softplus(m);
}

/** ||w||_1 + sum_i C s_i log(1 + exp(-y_i w.x_i)) on column-major data (for tests and benches). */
export function l1Objective(prob: L1Problem, C: number, w: Float64Array): number {
  const { X, n, p, y, s } = prob;
  const m = new Float64Array(n);
  let reg = 0;
  for (let j = 0; j < p; j++) {
    const wj = w[j];
    if (wj === 0) continue;
    reg += Math.abs(wj);
    const off = j * n;
    for (let i = 0; i < n; i++) m[i] += wj * X[off + i];
  }
  let loss = 0;
  for (let i = 0; i < n; i++) {
    loss += s[i] * softplus(-y[i] * m[i]);
  }
  return reg + C * loss;
}
