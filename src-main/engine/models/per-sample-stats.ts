// Learning-dynamics scores from per-sample training records (METHODS.md section 4).

/**
 * Forgetting events per sample (Toneva et al. 2019): correct -> incorrect transitions between
 * consecutive epochs in which the sample was seen. `correctByEpoch[e][i]` is 1 / 0, or -1 when
 * sample i was not seen in epoch e (its image was skipped).
 */
export function forgettingCounts(correctByEpoch: readonly Int8Array[], n: number): Int32Array {
  const counts = new Int32Array(n);
  const last = new Int8Array(n).fill(-1);
  for (const epoch of correctByEpoch) {
    for (let i = 0; i < n; i++) {
      const c = epoch[i];
      if (c < 0) continue;
      if (last[i] === 1 && c === 0) counts[i]++;
      last[i] = c;
    }
  }
  return counts;
}

/** EL2N (Paul et al. 2021): || softmax - onehot(y) ||^2 per sample; NaN where scores are NaN. */
export function el2n(softmax: Float32Array, labels: ArrayLike<number>, numClasses: number): Float32Array {
  const n = labels.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < numClasses; c++) {
      const d = softmax[i * numClasses + c] - (c === labels[i] ? 1 : 0);
      s += d * d;
    }
    out[i] = s;
  }
  return out;
}
