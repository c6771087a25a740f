// SGD (with momentum) and Adam with PyTorch's semantics, so configs carry over from reference
// training scripts: weight decay is L2 added to the gradient (torch.optim.SGD / Adam
// weight_decay, not AdamW), momentum buffers start at the first gradient, and the learning rate
// can change every step (tfjs' Adam fixes it at construction).
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;

export interface OptimizerConfig {
  kind: 'sgd' | 'adam';
  momentum?: number;
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface Optimizer {
  /** Applies one update with learning rate `lr`; disposes nothing the caller owns. */
  step(vars: readonly tfType.Variable[], grads: Record<string, tfType.Tensor>, lr: number): void;
  dispose(): void;
}

export function createOptimizer(tf: Tf, cfg: OptimizerConfig): Optimizer {
  const wd = cfg.weightDecay ?? 0;
  const slots = new Map<string, tfType.Variable[]>();
  let t = 0;
  const slot = (v: tfType.Variable, count: number): tfType.Variable[] => {
    let s = slots.get(v.name);
    if (!s) {
      s = Array.from({ length: count }, () => tf.variable(tf.zerosLike(v), false));
      slots.set(v.name, s);
    }
    return s;
  };
  return {
    step(vars, grads, lr) {
      t++;
      tf.tidy(() => {
        for (const v of vars) {
          const raw = grads[v.name];
          if (!raw) continue;
          const g = wd > 0 ? tf.add(raw, tf.mul(v, wd)) : raw;
          if (cfg.kind === 'sgd') {
            const m = cfg.momentum ?? 0;
            if (m > 0) {
              const [buf] = slot(v, 1);
              buf.assign(t === 1 ? g : tf.add(tf.mul(buf, m), g));
              v.assign(tf.sub(v, tf.mul(buf, lr)));
            } else {
              v.assign(tf.sub(v, tf.mul(g, lr)));
            }
          } else {
            const b1 = cfg.beta1 ?? 0.9;
            const b2 = cfg.beta2 ?? 0.999;
            const eps = cfg.epsilon ?? 1e-8;
            const [m, s] = slot(v, 2);
            m.assign(tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1)));
            s.assign(tf.add(tf.mul(s, b2), tf.mul(tf.square(g), 1 - b2)));
            const stepSize = lr / (1 - b1 ** t);
            const denom = tf.add(tf.div(tf.sqrt(s), Math.sqrt(1 - b2 ** t)), eps);
            v.assign(tf.sub(v, tf.mul(tf.div(m, denom), stepSize)));
          }
        }
      });
    },
    dispose() {
      for (const s of slots.values()) for (const v of s) v.dispose();
      slots.clear();
    },
  };
}

export type LrSchedule = 'cosine' | 'step' | 'constant';

/**
 * Learning rate for an epoch (0-based), set once per epoch as torch's epoch schedulers do.
 * cosine: CosineAnnealingLR(T_max = epochs, eta_min = 0); step: StepLR(step_size =
 * max(1, floor(epochs / 3)), gamma = 0.1).
 */
export function learningRate(schedule: LrSchedule, base: number, epoch: number, epochs: number): number {
  if (schedule === 'cosine') return (base * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs)))) / 2;
  if (schedule === 'step') return base * 0.1 ** Math.floor(epoch / Math.max(1, Math.floor(epochs / 3)));
  return base;
}
