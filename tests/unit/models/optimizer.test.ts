import { describe, expect, it } from 'vitest';
import { getTf } from '../../../src-main/engine/tensor/backend.ts';
import { createOptimizer, learningRate } from '../../../src-main/engine/models/optimizer.ts';
import { sampleWeights } from '../../../src-main/engine/models/sample-weights.ts';
import { forgettingCounts } from '../../../src-main/engine/models/per-sample-stats.ts';

/** Runs `steps` updates of one scalar parameter with constant gradient function grad(p). */
async function run(kind: 'sgd' | 'adam', grad: (p: number) => number, steps: number, opts: Record<string, number>): Promise<number> {
  const tf = await getTf();
  const v = tf.tidy(() => tf.variable(tf.scalar(1), true, `p_${kind}_${Math.random()}`));
  const opt = createOptimizer(tf, { kind, ...opts });
  for (let i = 0; i < steps; i++) {
    const g = tf.scalar(grad(v.dataSync()[0]));
    opt.step([v], { [v.name]: g }, opts.lr);
    g.dispose();
  }
  const out = v.dataSync()[0];
  opt.dispose();
  v.dispose();
  return out;
}

describe('optimizer (PyTorch semantics)', () => {
  it('SGD with momentum and L2 weight decay', async () => {
    // torch: g = grad + wd * p; buf = g (first) then m * buf + g; p -= lr * buf.
    let p = 1;
    let buf = 0;
    for (let t = 1; t <= 3; t++) {
      const g = 2 * p + 0.1 * p;
      buf = t === 1 ? g : 0.9 * buf + g;
      p -= 0.05 * buf;
    }
    expect(await run('sgd', (x) => 2 * x, 3, { lr: 0.05, momentum: 0.9, weightDecay: 0.1 })).toBeCloseTo(p, 5);
  });

  it('Adam with bias correction and L2 weight decay', async () => {
    let p = 1;
    let m = 0;
    let s = 0;
    for (let t = 1; t <= 4; t++) {
      const g = 3 * p * p + 0.01 * p;
      m = 0.9 * m + 0.1 * g;
      s = 0.999 * s + 0.001 * g * g;
      const denom = Math.sqrt(s) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
      p -= (0.1 / (1 - 0.9 ** t)) * (m / denom);
    }
    expect(await run('adam', (x) => 3 * x * x, 4, { lr: 0.1, weightDecay: 0.01 })).toBeCloseTo(p, 5);
  });

  it('does not leak tensors', async () => {
    const tf = await getTf();
    const before = tf.memory().numTensors;
    await run('adam', (x) => x, 3, { lr: 0.1 });
    await run('sgd', (x) => x, 3, { lr: 0.1, momentum: 0.9 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('schedules the learning rate per epoch', () => {
    expect(learningRate('constant', 0.1, 7, 10)).toBe(0.1);
    expect(learningRate('cosine', 0.1, 0, 10)).toBeCloseTo(0.1);
    expect(learningRate('cosine', 0.1, 5, 10)).toBeCloseTo(0.05);
    expect(learningRate('step', 0.1, 2, 9)).toBeCloseTo(0.1);
    expect(learningRate('step', 0.1, 3, 9)).toBeCloseTo(0.01);
    expect(learningRate('step', 0.1, 6, 9)).toBeCloseTo(0.001);
  });
});

describe('sample weights and forgetting', () => {
  it('balances classes and groups', () => {
    expect([...sampleWeights('none', [0, 1, 1])]).toEqual([1, 1, 1]);
    const w = sampleWeights('class', [0, 1, 1, 1]);
    expect([...w]).toEqual([2, 2 / 3, 2 / 3, 2 / 3].map((x) => Math.fround(x)));
    const g = sampleWeights('group', [0, 0, 1, 1], [0, 1, 1, 1]);
    expect(g[0]).toBeCloseTo(2);
    expect(() => sampleWeights('group', [0, 1])).toThrow(/group/);
  });

  it('counts correct -> incorrect transitions, ignoring unseen epochs', () => {
    const e = (xs: number[]) => Int8Array.from(xs);
    // sample 0: 1 0 1 0 -> 2; sample 1: 0 1 1 1 -> 0; sample 2: 1 -1 0 1 -> 1 (skipped epoch ignored)
    const counts = forgettingCounts([e([1, 0, 1]), e([0, 1, -1]), e([1, 1, 0]), e([0, 1, 1])], 3);
    expect([...counts]).toEqual([2, 0, 1]);
  });
});
