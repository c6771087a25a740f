// Batch normalisation whose training step is cheap on wasm. tfjs-layers' BatchNormalization
// differentiates through moments + batchNorm, whose gradient materialises per-channel vectors as
// full tensors with Tile (the slowest wasm kernel: ~40% of a training step measured on the
// default CNN). Here the forward is y = x * a + b with per-channel a = gamma / std and
// b = beta - mean * a, and the backward is the closed form
//   dbeta = sum dy, dgamma = rstd * (sum dy*x - mean * dbeta),
//   dx = a * dy + k2 * x + k3 (per-channel k2, k3),
// about 7 elementwise passes instead of 20+. The layer serialises as a standard
// "BatchNormalization" (inference uses the stock path), so checkpoints load anywhere.
// Running variance uses the unbiased batch variance, as torch.nn.BatchNorm2d does.
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;
type T = tfType.Tensor;

export interface BatchNormArgs {
  momentum: number;
  epsilon: number;
  name: string;
}

type LayerVar = { read(): T; write(v: T): void };
interface BnInternals {
  gamma: LayerVar;
  beta: LayerVar;
  movingMean: LayerVar;
  movingVariance: LayerVar;
  epsilon: number;
  momentum: number;
}

const classes = new WeakMap<Tf, new (args: BatchNormArgs) => tfType.layers.Layer>();

/** A BatchNormalization layer (channels last) with the fast training path. */
export function fastBatchNorm(tf: Tf, args: BatchNormArgs): tfType.layers.Layer {
  let Cls = classes.get(tf);
  if (!Cls) {
    Cls = defineClass(tf);
    classes.set(tf, Cls);
  }
  return new Cls(args);
}

function defineClass(tf: Tf): new (args: BatchNormArgs) => tfType.layers.Layer {
  // The stock class, reached through an instance because tfjs does not export it.
  const Base = tf.layers.batchNormalization({}).constructor as unknown as new (args: BatchNormArgs) => tfType.layers.Layer;
  class FastBatchNormalization extends Base {
    static className = 'BatchNormalization';
    override call(inputs: T | T[], kwargs: Record<string, unknown>): T | T[] {
      if (!kwargs?.training) return super.call(inputs, kwargs);
      const self = this as unknown as BnInternals;
      return tf.tidy(() => {
        const x = Array.isArray(inputs) ? inputs[0] : inputs;
        const axes = x.shape.slice(0, -1).map((_, i) => i);
        const count = x.size / x.shape[x.shape.length - 1];
        const stats: { mean?: T; variance?: T } = {};
        const y = trainingBatchNorm(tf, axes, count, self.epsilon, stats)(x, self.gamma.read(), self.beta.read());
        const m = self.momentum;
        const unbiased = tf.mul(stats.variance as T, count / Math.max(1, count - 1));
        self.movingMean.write(tf.add(tf.mul(self.movingMean.read(), m), tf.mul(stats.mean as T, 1 - m)));
        self.movingVariance.write(tf.add(tf.mul(self.movingVariance.read(), m), tf.mul(unbiased, 1 - m)));
        tf.dispose([stats.mean as T, stats.variance as T]);
        return y;
      });
    }
  }
  return FastBatchNormalization;
}

/** The differentiable training-mode op; batch mean and variance are handed out through `stats`. */
function trainingBatchNorm(
  tf: Tf,
  axes: number[],
  count: number,
  eps: number,
  stats: { mean?: T; variance?: T },
): (x: T, gamma: T, beta: T) => T {
  return tf.customGrad((...args: unknown[]) => {
    const [x, gamma, beta, save] = args as [T, T, T, (ts: T[]) => void];
    // Sums, not tf.moments: wasm's Mean kernel is slower than Sum followed by one scale.
    const mean = tf.mul(tf.sum(x, axes), 1 / count);
    const centred = tf.sub(x, mean);
    const variance = tf.mul(tf.sum(tf.mul(centred, centred), axes), 1 / count);
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const a = tf.mul(gamma, rstd);
    const b = tf.sub(beta, tf.mul(mean, a));
    stats.mean = tf.keep(tf.clone(mean));
    stats.variance = tf.keep(tf.clone(variance));
    save([x, mean, rstd, a]);
    return {
      value: tf.add(tf.mul(x, a), b),
      gradFunc: (dy: T | T[], saved: T[]) => {
        const g = Array.isArray(dy) ? dy[0] : dy;
        const [sx, smean, srstd, sa] = saved;
        const dbeta = tf.sum(g, axes);
        const dgamma = tf.mul(srstd, tf.sub(tf.sum(tf.mul(g, sx), axes), tf.mul(smean, dbeta)));
        const k2 = tf.div(tf.mul(tf.mul(sa, srstd), dgamma), -count);
        const k3 = tf.sub(tf.div(tf.mul(sa, dbeta), -count), tf.mul(smean, k2));
        const dx = tf.add(tf.add(tf.mul(g, sa), tf.mul(sx, k2)), k3);
        return [dx, dgamma, dbeta];
      },
    };
  }) as unknown as (x: T, gamma: T, beta: T) => T;
}
