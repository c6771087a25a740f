// Dense kernels for the solvers (L1 coordinate descent, L2 objectives). Four independent
// accumulators hide floating-point add latency (V8 does not vectorise), worth ~1.3x on these
// loops; keeping them as small functions lets V8 optimise them early and inline them.

/** sum_i A[off + i] * v[i] for i < l. */
export function dotColumn(A: Float64Array, off: number, l: number, v: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < l; i += 4) {
    const o = off + i;
    s0 += A[o] * v[i];
    s1 += A[o + 1] * v[i + 1];
    s2 += A[o + 2] * v[i + 2];
    s3 += A[o + 3] * v[i + 3];
  }
  for (; i < l; i++) s0 += A[off + i] * v[i];
  return s0 + s1 + s2 + s3;
}

/** v[i] += z * A[off + i] for i < l. */
export function axpyColumn(z: number, A: Float64Array, off: number, l: number, v: Float64Array): void {
  let i = 0;
  for (; i + 3 < l; i += 4) {
    const o = off + i;
    v[i] += z * A[o];
    v[i + 1] += z * A[o + 1];
    v[i + 2] += z * A[o + 2];
    v[i + 3] += z * A[o + 3];
  }
  for (; i < l; i++) v[i] += z * A[off + i];
}

/**
 * For column x = X[off .. off + l): writes XS[soff + i] = x_i * sqrtD_i and returns
 * out[0] = sum_i x_i tau_i (gradient part), out[1] = sum_i x_i^2 D_i (Hessian diagonal).
 */
export function gradHessScaled(
  X: Float64Array,
  off: number,
  l: number,
  tau: Float64Array,
  sqrtD: Float64Array,
  XS: Float64Array,
  soff: number,
  out: Float64Array,
): void {
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  let i = 0;
  for (; i + 3 < l; i += 4) {
    const o = off + i;
    const x0 = X[o];
    const x1 = X[o + 1];
    const x2 = X[o + 2];
    const x3 = X[o + 3];
    g0 += x0 * tau[i];
    g1 += x1 * tau[i + 1];
    g2 += x2 * tau[i + 2];
    g3 += x3 * tau[i + 3];
    const a0 = x0 * sqrtD[i];
    const a1 = x1 * sqrtD[i + 1];
    const a2 = x2 * sqrtD[i + 2];
    const a3 = x3 * sqrtD[i + 3];
    const so = soff + i;
    XS[so] = a0;
    XS[so + 1] = a1;
    XS[so + 2] = a2;
    XS[so + 3] = a3;
    h0 += a0 * a0;
    h1 += a1 * a1;
    h2 += a2 * a2;
    h3 += a3 * a3;
  }
  for (; i < l; i++) {
    const x = X[off + i];
    g0 += x * tau[i];
    const a = x * sqrtD[i];
    XS[soff + i] = a;
    h0 += a * a;
  }
  out[0] = g0 + g1 + g2 + g3;
  out[1] = h0 + h1 + h2 + h3;
}

/**
 * v += z * A[aOff ..], then returns B[bOff ..] . v (with the updated v): one coordinate's update
 * fused with the next coordinate's dot product, so v is loaded once for both.
 */
export function axpyThenDot(
  z: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  l: number,
  v: Float64Array,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < l; i += 4) {
    const a = aOff + i;
    const b = bOff + i;
    const v0 = v[i] + z * A[a];
    const v1 = v[i + 1] + z * A[a + 1];
    const v2 = v[i + 2] + z * A[a + 2];
    const v3 = v[i + 3] + z * A[a + 3];
    v[i] = v0;
    v[i + 1] = v1;
    v[i + 2] = v2;
    v[i + 3] = v3;
    s0 += B[b] * v0;
    s1 += B[b + 1] * v1;
    s2 += B[b + 2] * v2;
    s3 += B[b + 3] * v3;
  }
  for (; i < l; i++) {
    const vi = v[i] + z * A[aOff + i];
    v[i] = vi;
    s0 += B[bOff + i] * vi;
  }
  return s0 + s1 + s2 + s3;
}
