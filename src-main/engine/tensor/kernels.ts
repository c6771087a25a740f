// Dense kernels for the analyses: matmul, pairwise distances streamed in row blocks, and exact
// k-nearest-neighbour distances. Callers pass row-major Float32Arrays and never see which engine
// (onnxruntime-node, tfjs, plain JS; see kernel-engine.ts) did the arithmetic.
import { getTf } from './backend.ts';
import type { DenseEngine, DistanceOperand } from './engines/dense-engine.ts';
import { squaredDistanceRow } from './engines/js-engine.ts';
import { demoteKernelEngine, resolveKernelEngine } from './kernel-engine.ts';
import { NearestCandidates } from './nearest-candidates.ts';

export { configureKernels, kernelEngine, kernelEngineDescription } from './kernel-engine.ts';
export type { KernelEngineName, KernelPreference } from './kernel-engine.ts';

export interface DistanceOptions {
  /** Return Euclidean distances instead of squared ones. */
  sqrt?: boolean;
  /** Checked between blocks; aborting rejects with the signal's reason. */
  signal?: AbortSignal;
}

export type DistanceBlockCallback = (block: Float32Array, rowStart: number, rowCount: number) => void | Promise<void>;

/** About 32 MiB of float32 output per block: large enough for GEMM efficiency, small enough for 50k x 50k. */
const BLOCK_VALUES = 8 * 1024 * 1024;

export function defaultBlockRows(bRows: number): number {
  return Math.max(1, Math.floor(BLOCK_VALUES / Math.max(1, bRows)));
}

function checkDims(label: string, values: Float32Array, rows: number, cols: number, colsName: string): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`${label}: rows (${rows}) and ${colsName} (${cols}) must be non-negative integers`);
  }
  if (values.length !== rows * cols) {
    throw new RangeError(`${label} has ${values.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
}

/** Runs an engine call, moving to the next engine if this one fails (inputs are already valid). */
async function onEngine<T>(op: (engine: DenseEngine) => Promise<T>): Promise<T> {
  for (;;) {
    const engine = await resolveKernelEngine(getTf);
    try {
      return await op(engine);
    } catch (error) {
      if (!demoteKernelEngine(engine, error)) throw error;
    }
  }
}

/** c[aRows x bCols] = a[aRows x aCols] @ b[aCols x bCols], all row-major. */
export async function matmul(a: Float32Array, aRows: number, aCols: number, b: Float32Array, bCols: number): Promise<Float32Array> {
  checkDims('matmul a', a, aRows, aCols, 'aCols');
  checkDims('matmul b', b, aCols, bCols, 'bCols');
  // Empty products are all zeros (or empty); engines need not handle zero-sized dimensions.
  if (aRows === 0 || bCols === 0 || aCols === 0) return new Float32Array(aRows * bCols);
  return onEngine((e) => e.matmul(a, aRows, aCols, b, bCols));
}

/** Centres b on its mean (in float64) and takes the squared norms once for the whole sweep. */
function prepareOperand(b: Float32Array, rows: number, dim: number): DistanceOperand {
  const sum = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    for (let p = 0; p < dim; p++) sum[p]! += b[o + p]!;
  }
  const center = new Float32Array(dim);
  for (let p = 0; p < dim; p++) center[p] = rows > 0 ? sum[p]! / rows : 0;
  const centered = new Float32Array(rows * dim);
  const squaredNorms = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let s = 0;
    for (let p = 0; p < dim; p++) {
      const v = (centered[o + p] = b[o + p]! - center[p]!);
      s += v * v;
    }
    squaredNorms[r] = s;
  }
  return { rows, dim, raw: b, center, centered, squaredNorms };
}

/**
 * Streams the aRows x bRows distance matrix to `cb` in blocks of `blockRows` rows of a (the last
 * may be shorter), so memory stays at blockRows x bRows floats (plus one centred copy of b) whatever
 * aRows is. Each block is a
 * fresh array the callback may keep. Values are squared distances unless `sqrt`; they come from the
 * float32 expansion |a|^2 + |b|^2 - 2ab around b's mean, accurate to about 1e-6 of the squared
 * spread of the data (so duplicates give tiny values, not exact zeros; kNearestDistances is exact).
 */
export async function forEachDistanceBlock(
  a: Float32Array,
  aRows: number,
  b: Float32Array,
  bRows: number,
  dim: number,
  blockRows: number,
  cb: DistanceBlockCallback,
  opts: DistanceOptions = {},
): Promise<void> {
  checkDims('distances a', a, aRows, dim, 'dim');
  checkDims('distances b', b, bRows, dim, 'dim');
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new RangeError(`blockRows must be a positive integer, got ${blockRows}`);
  const sqrt = opts.sqrt ?? false;
  // Once per sweep: a centred copy of b (one extra b in memory) and its norms.
  const operand = prepareOperand(b, bRows, dim);
  for (let start = 0; start < aRows; start += blockRows) {
    opts.signal?.throwIfAborted();
    const count = Math.min(blockRows, aRows - start);
    let block: Float32Array;
    if (bRows === 0) block = new Float32Array(0);
    else if (dim === 0) block = new Float32Array(count * bRows);
    else {
      const rows = a.subarray(start * dim, (start + count) * dim);
      block = await onEngine((e) => e.distances(rows, count, operand, sqrt));
    }
    await cb(block, start, count);
  }
}

/** The full aRows x bRows matrix of squared (or, with sqrt, Euclidean) distances. */
export async function pairwiseSquaredDistances(
  a: Float32Array,
  aRows: number,
  b: Float32Array,
  bRows: number,
  dim: number,
  opts: DistanceOptions & { blockRows?: number } = {},
): Promise<Float32Array> {
  let out: Float32Array;
  try {
    out = new Float32Array(aRows * bRows);
  } catch {
    const gib = ((aRows * bRows * 4) / 2 ** 30).toFixed(1);
    throw new RangeError(
      `A ${aRows} x ${bRows} distance matrix needs ${gib} GiB, more than can be allocated. ` +
        `Stream it with forEachDistanceBlock, or use kNearestDistances when only the nearest neighbours matter.`,
    );
  }
  await forEachDistanceBlock(
    a,
    aRows,
    b,
    bRows,
    dim,
    opts.blockRows ?? defaultBlockRows(bRows),
    (block, start) => out.set(block, start * bRows),
    opts,
  );
  return out;
}

export interface NearestOptions {
  /** Row i of a is row i of b (the same set): ignore that pair, but keep other exact duplicates at 0. */
  excludeSelf?: boolean;
  /** Return squared distances instead of Euclidean ones. */
  squared?: boolean;
  blockRows?: number;
  signal?: AbortSignal;
}

export interface NearestNeighbours {
  k: number;
  /** aRows x k, ascending per row. */
  distances: Float32Array;
  /** aRows x k row indices into b, matching `distances` (ties in index order). */
  indices: Int32Array;
}

/**
 * The k nearest rows of b for every row of a. Candidates are picked from the streamed float32
 * blocks with some slack, then their distances are recomputed exactly in float64, so exact
 * duplicates give 0 and equal distances tie exactly; only near-ties closer than float32 rounding
 * of the block values (about 1e-6 of the spread) could be ordered differently from exact arithmetic.
 */
export async function kNearestNeighbours(
  a: Float32Array,
  aRows: number,
  b: Float32Array,
  bRows: number,
  dim: number,
  k: number,
  opts: NearestOptions = {},
): Promise<NearestNeighbours> {
  const excludeSelf = opts.excludeSelf ?? false;
  if (excludeSelf && aRows !== bRows) {
    throw new RangeError(`excludeSelf compares a set with itself, but a has ${aRows} rows and b has ${bRows}`);
  }
  const available = bRows - (excludeSelf ? 1 : 0);
  if (!Number.isInteger(k) || k < 1 || k > available) {
    throw new RangeError(`k must be an integer from 1 to ${available} (rows of b${excludeSelf ? ' minus self' : ''}), got ${k}`);
  }
  // Slack for candidates whose float32 block value ranks them just outside the exact top k.
  const candidates = new NearestCandidates(aRows, Math.min(available, 2 * k + 8));
  await forEachDistanceBlock(
    a,
    aRows,
    b,
    bRows,
    dim,
    opts.blockRows ?? defaultBlockRows(bRows),
    (block, start, count) => {
      for (let r = 0; r < count; r++) {
        const row = start + r;
        candidates.offerRow(row, block, r * bRows, bRows, excludeSelf ? row : -1);
      }
    },
    { signal: opts.signal },
  );

  const distances = new Float32Array(aRows * k);
  const indices = new Int32Array(aRows * k);
  const cap = candidates.capacity;
  const order: { d: number; j: number }[] = [];
  for (let i = 0; i < aRows; i++) {
    order.length = 0;
    const n = candidates.counts[i]!;
    for (let c = 0; c < n; c++) {
      const j = candidates.indices[i * cap + c]!;
      order.push({ d: squaredDistanceRow(a, i, b, j, dim), j });
    }
    order.sort((x, y) => x.d - y.d || x.j - y.j);
    for (let c = 0; c < k; c++) {
      // Fewer candidates than k only when block values were NaN (NaN inputs): report NaN, index -1.
      const hit = order[c];
      distances[i * k + c] = hit ? (opts.squared ? hit.d : Math.sqrt(hit.d)) : NaN;
      indices[i * k + c] = hit ? hit.j : -1;
    }
  }
  return { k, distances, indices };
}

/** aRows x k nearest distances (Euclidean unless `squared`), ascending per row; see kNearestNeighbours. */
export async function kNearestDistances(
  a: Float32Array,
  aRows: number,
  b: Float32Array,
  bRows: number,
  dim: number,
  k: number,
  opts: NearestOptions = {},
): Promise<Float32Array> {
  return (await kNearestNeighbours(a, aRows, b, bRows, dim, k, opts)).distances;
}
