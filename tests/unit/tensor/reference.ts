// Naive float64 references and seeded data for the kernel tests.
export function seededRandom(seed: number): () => number {
  // mulberry32: small, fast, and deterministic across platforms.
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMatrix(rows: number, cols: number, seed: number, offset = 0): Float32Array {
  const rand = seededRandom(seed);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = offset + (rand() * 2 - 1);
  return out;
}

export function naiveMatmul(a: Float32Array, m: number, k: number, b: Float32Array, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

export function naiveSquaredDistances(a: Float32Array, m: number, b: Float32Array, n: number, dim: number): Float64Array {
  const d = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < dim; p++) {
        const x = a[i * dim + p]! - b[j * dim + p]!;
        s += x * x;
      }
      d[i * n + j] = s;
    }
  return d;
}

/** Largest |got - want| relative to the largest |want| (norm-wise, so near-zero entries don't dominate). */
export function maxRelativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) throw new Error(`length ${got.length} != ${want.length}`);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    err = Math.max(err, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return scale === 0 ? err : err / scale;
}

/** Largest entry-wise relative error, for quantities bounded away from zero (random distances). */
export function maxEntryRelativeError(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-3): number {
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), floor));
  return err;
}
