// Plain-JS kernels: the last resort when neither onnxruntime nor tfjs can start, and the exact
// reference (JS numbers are doubles, so sums accumulate in float64 and duplicates give exactly 0).
import type { DenseEngine } from './dense-engine.ts';

function transpose(b: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = b[r * cols + c]!;
  return t;
}

export function jsMatmul(a: Float32Array, aRows: number, aCols: number, b: Float32Array, bCols: number): Float32Array {
  // Dot products against b's transposed rows read both operands contiguously; four output
  // columns per pass reuse each a element four times.
  const bt = transpose(b, aCols, bCols);
  const c = new Float32Array(aRows * bCols);
  const k = aCols;
  for (let i = 0; i < aRows; i++) {
    const ai = i * k;
    let j = 0;
    for (; j + 3 < bCols; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[ai + p]!;
        s0 += x * bt[b0 + p]!;
        s1 += x * bt[b1 + p]!;
        s2 += x * bt[b2 + p]!;
        s3 += x * bt[b3 + p]!;
      }
      const o = i * bCols + j;
      c[o] = s0; c[o + 1] = s1; c[o + 2] = s2; c[o + 3] = s3;
    }
    for (; j < bCols; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p]! * bt[bj + p]!;
      c[i * bCols + j] = s;
    }
  }
  return c;
}

/** Exact squared distance between row i of a and row j of b, accumulated in float64. */
export function squaredDistanceRow(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  const ai = i * dim, bj = j * dim;
  let s = 0;
  for (let p = 0; p < dim; p++) {
    const d = a[ai + p]! - b[bj + p]!;
    s += d * d;
  }
  return s;
}

export function jsDistances(a: Float32Array, aRows: number, b: Float32Array, bRows: number, dim: number, sqrt: boolean): Float32Array {
  const out = new Float32Array(aRows * bRows);
  for (let i = 0; i < aRows; i++) {
    for (let j = 0; j < bRows; j++) {
      const s = squaredDistanceRow(a, i, b, j, dim);
      out[i * bRows + j] = sqrt ? Math.sqrt(s) : s;
    }
  }
  return out;
}

export function createJsEngine(): DenseEngine {
  return {
    name: 'js',
    description: 'plain JS (float64 accumulation)',
    matmul: async (a, aRows, aCols, b, bCols) => jsMatmul(a, aRows, aCols, b, bCols),
    distances: async (a, aRows, b, sqrt) => jsDistances(a, aRows, b.raw, b.rows, b.dim, sqrt),
  };
}
