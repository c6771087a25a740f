// Row selection and validation for the dense matrices every probe consumes.
import { InputError } from '../../../src-shared/errors.ts';
import type { Matrix } from './types.ts';

/** Throws InputError unless `X` is a consistent rows x cols matrix of finite numbers. */
export function checkMatrix(X: Matrix, what = 'feature matrix'): void {
  if (!Number.isInteger(X.rows) || !Number.isInteger(X.cols) || X.rows < 0 || X.cols < 0) {
    throw new InputError(`The ${what} has invalid shape ${X.rows} x ${X.cols}; rows and cols must be non-negative integers.`);
  }
  if (X.data.length !== X.rows * X.cols) {
    throw new InputError(
      `The ${what} holds ${X.data.length} values but its shape ${X.rows} x ${X.cols} needs ${X.rows * X.cols}; check how it was loaded.`,
    );
  }
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    // x - x is NaN exactly for NaN and +-Infinity.
    if (d[i] - d[i] !== 0) {
      const r = Math.floor(i / X.cols);
      throw new InputError(
        `The ${what} has a non-finite value (${d[i]}) at row ${r + 1}, column ${(i % X.cols) + 1}; remove or impute it before fitting.`,
        { row: r + 1, column: String((i % X.cols) + 1) },
      );
    }
  }
}

function checkIndices(idx: Int32Array, n: number, what: string): void {
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    if (i < 0 || i >= n) {
      throw new InputError(`Row index ${i} (position ${k}) is outside the ${what} of ${n} rows.`);
    }
  }
}

/** Copy of the rows `idx` (in that order). Keeps the element type of X. */
export function selectRows(X: Matrix, idx: Int32Array): Matrix {
  checkIndices(idx, X.rows, 'matrix');
  const cols = X.cols;
  const out = X.data instanceof Float32Array ? new Float32Array(idx.length * cols) : new Float64Array(idx.length * cols);
  for (let k = 0; k < idx.length; k++) {
    out.set(X.data.subarray(idx[k] * cols, idx[k] * cols + cols), k * cols);
  }
  return { data: out, rows: idx.length, cols };
}

export function selectLabels(y: Int32Array, idx: Int32Array): Int32Array {
  checkIndices(idx, y.length, 'label array');
  const out = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = y[idx[k]];
  return out;
}

/**
 * Column-major Float64 copy, optionally with one extra constant column appended (liblinear's
 * bias feature). Coordinate descent walks one feature at a time, so contiguous columns matter.
 */
export function toColumnMajor(X: Matrix, rowIdx: Int32Array | null, extraConstant: number | null): Float64Array {
  const n = rowIdx ? rowIdx.length : X.rows;
  const d = X.cols;
  const out = new Float64Array(n * (d + (extraConstant === null ? 0 : 1)));
  const src = X.data;
  // Blocks of rows, so each source cache line is used for several columns before eviction.
  const B = 16;
  const base = new Int32Array(B);
  for (let k0 = 0; k0 < n; k0 += B) {
    const kb = Math.min(B, n - k0);
    for (let t = 0; t < kb; t++) base[t] = (rowIdx ? rowIdx[k0 + t] : k0 + t) * d;
    for (let j = 0; j < d; j++) {
      const o = j * n + k0;
      for (let t = 0; t < kb; t++) out[o + t] = src[base[t] + j];
    }
  }
  if (extraConstant !== null) out.fill(extraConstant, d * n);
  return out;
}
