// Turning a model output into one feature row per image: feature maps (rank 4) are averaged over
// space, anything else is flattened.

export interface FeatureBatch {
  /** rows x cols, row-major. */
  data: Float32Array;
  cols: number;
}

/** `layout` says where the channels of a rank-4 output are. */
export function reduceFeatureOutput(data: Float32Array, dims: readonly number[], n: number, layout: 'nchw' | 'nhwc'): FeatureBatch {
  if (dims.length !== 4) {
    const cols = n > 0 ? data.length / n : (dims[dims.length - 1] ?? 0);
    return { data: new Float32Array(data), cols };
  }
  const [, a, b, c] = dims;
  const cols = layout === 'nchw' ? a : c;
  const spatial = layout === 'nchw' ? b * c : a * b;
  const out = new Float32Array(n * cols);
  for (let i = 0; i < n; i++) {
    const base = i * cols * spatial;
    for (let k = 0; k < cols; k++) {
      let s = 0;
      if (layout === 'nchw') for (let p = 0; p < spatial; p++) s += data[base + k * spatial + p];
      else for (let p = 0; p < spatial; p++) s += data[base + p * cols + k];
      out[i * cols + k] = s / spatial;
    }
  }
  return { data: out, cols };
}
