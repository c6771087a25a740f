// The one contract every dense-kernel engine meets, so kernels.ts (and the analyses above it)
// never care whether onnxruntime, tfjs or plain JS does the arithmetic. Inputs are row-major and
// already validated by kernels.ts; an engine throwing means the engine failed, not the caller.
export type KernelEngineName = 'onnxruntime' | 'tfjs' | 'js';

export interface DenseEngine {
  readonly name: KernelEngineName;
  /** Human description for BackendInfo.kernels, e.g. "onnxruntime-node 1.31.1 (cpu EP, 2 threads)". */
  readonly description: string;
  /** c[aRows x bCols] = a[aRows x aCols] @ b[aCols x bCols]. */
  matmul(a: Float32Array, aRows: number, aCols: number, b: Float32Array, bCols: number): Promise<Float32Array>;
  /**
   * d[aRows x bRows] of squared (or, with sqrt, plain) Euclidean distances between the rows of a
   * and those of the prepared b. Engines using the norm expansion work on the centred copy (see
   * onnx-graphs.ts for why); engines that take differences directly use the raw rows.
   */
  distances(a: Float32Array, aRows: number, b: DistanceOperand, sqrt: boolean): Promise<Float32Array>;
}

/**
 * The right-hand set of a distance computation, prepared once and reused for every block of
 * left-hand rows, so the per-block work is only the GEMM and the cheap O(rows) terms.
 */
export interface DistanceOperand {
  rows: number;
  dim: number;
  raw: Float32Array;
  /** Mean of the raw rows (length dim). */
  center: Float32Array;
  /** raw - center, row-major. */
  centered: Float32Array;
  /** |centered row|^2, accumulated in float64. */
  squaredNorms: Float32Array;
}
