// The wasm training kernels (convolution gradients, fast batch norm) against plain definitions.
import { describe, expect, it } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { getTf } from '../../../src-main/engine/tensor/backend.ts';
import { ensureWasmConvGrads } from '../../../src-main/engine/models/wasm-conv-grads.ts';
import { fastBatchNorm } from '../../../src-main/engine/models/fast-batch-norm.ts';

type Case = { n: number; h: number; w: number; ci: number; co: number; k: [number, number]; s: [number, number]; pad: 'same' | 'valid' };

/** dX and dW of sum(conv(x, f) * r) by the definition, in plain loops. */
function reference(tf: typeof tfType, c: Case, x: Float32Array, f: Float32Array, r: Float32Array) {
  const info = tf.backend_util.computeConv2DInfo([c.n, c.h, c.w, c.ci], [c.k[0], c.k[1], c.ci, c.co], c.s, 1, c.pad);
  const { top, left } = info.padInfo;
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(f.length);
  for (let n = 0; n < c.n; n++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let co = 0; co < c.co; co++) {
          const g = r[((n * info.outHeight + oh) * info.outWidth + ow) * c.co + co];
          for (let kh = 0; kh < c.k[0]; kh++) {
            const ih = oh * c.s[0] + kh - top;
            if (ih < 0 || ih >= c.h) continue;
            for (let kw = 0; kw < c.k[1]; kw++) {
              const iw = ow * c.s[1] + kw - left;
              if (iw < 0 || iw >= c.w) continue;
              for (let ci = 0; ci < c.ci; ci++) {
                const xi = ((n * c.h + ih) * c.w + iw) * c.ci + ci;
                const fi = ((kh * c.k[1] + kw) * c.ci + ci) * c.co + co;
                dx[xi] += g * f[fi];
                dw[fi] += g * x[xi];
              }
            }
          }
        }
  return { dx, dw, outShape: [c.n, info.outHeight, info.outWidth, c.co] };
}

function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return m;
}

describe('wasm convolution gradients', () => {
  const cases: Case[] = [
    { n: 2, h: 8, w: 8, ci: 3, co: 4, k: [3, 3], s: [1, 1], pad: 'same' },
    { n: 2, h: 8, w: 8, ci: 3, co: 4, k: [3, 3], s: [2, 2], pad: 'same' },
    { n: 2, h: 7, w: 9, ci: 2, co: 3, k: [3, 3], s: [2, 2], pad: 'same' },
    { n: 1, h: 8, w: 8, ci: 4, co: 5, k: [1, 1], s: [2, 2], pad: 'same' },
    { n: 1, h: 9, w: 9, ci: 2, co: 3, k: [3, 3], s: [1, 1], pad: 'valid' },
    { n: 1, h: 10, w: 11, ci: 2, co: 2, k: [5, 3], s: [2, 3], pad: 'same' },
  ];

  it.each(cases)('match the definition for %o', async (c) => {
    const tf = await getTf();
    ensureWasmConvGrads(tf);
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([c.n, c.h, c.w, c.ci], 0, 1, 'float32', 1) as tfType.Tensor4D;
    const f = tf.randomNormal([c.k[0], c.k[1], c.ci, c.co], 0, 1, 'float32', 2) as tfType.Tensor4D;
    const y = tf.conv2d(x, f, c.s, c.pad);
    const r = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
    const [gx, gf] = tf.grads((a: tfType.Tensor, b: tfType.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tfType.Tensor4D, b as tfType.Tensor4D, c.s, c.pad), r)))([x, f]);
    const ref = reference(tf, c, x.dataSync() as Float32Array, f.dataSync() as Float32Array, r.dataSync() as Float32Array);
    expect(y.shape).toEqual(ref.outShape);
    expect(maxRelError(gx.dataSync(), ref.dx)).toBeLessThan(1e-4);
    expect(maxRelError(gf.dataSync(), ref.dw)).toBeLessThan(1e-4);
    tf.dispose([x, f, y, r, gx, gf]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fast batch normalisation', () => {
  it('trains exactly like the stock layer and serialises as BatchNormalization', async () => {
    const tf = await getTf();
    const before = tf.memory().numTensors;
    const fast = fastBatchNorm(tf, { momentum: 0.9, epsilon: 1e-5, name: 'fast_bn' });
    const stock = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: 'stock_bn' });
    const x = tf.randomNormal([4, 5, 5, 3], 2, 3, 'float32', 7);
    fast.build(x.shape);
    stock.build(x.shape);
    const gamma = tf.tensor1d([0.5, 1.5, -1]);
    const beta = tf.tensor1d([0.1, -0.2, 0.3]);
    const zeros = tf.zeros([3]);
    const ones = tf.ones([3]);
    for (const l of [fast, stock]) l.setWeights([gamma, beta, zeros, ones]);
    const r = tf.randomNormal(x.shape, 0, 1, 'float32', 8);
    const grads = (layer: tfType.layers.Layer) => {
      const vars = layer.trainableWeights.map((w) => w.read() as tfType.Variable);
      const g = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tfType.Tensor, r)) as tfType.Scalar, vars);
      const gx = tf.grad((a: tfType.Tensor) => tf.sum(tf.mul(layer.apply(a, { training: true }) as tfType.Tensor, r)))(x);
      const out = { value: g.value.dataSync()[0], dgamma: [...g.grads[vars[0].name].dataSync()], dbeta: [...g.grads[vars[1].name].dataSync()], dx: gx.dataSync() };
      tf.dispose([g.value, ...Object.values(g.grads), gx]);
      return out;
    };
    const a = grads(fast);
    const b = grads(stock);
    expect(a.value).toBeCloseTo(b.value, 3);
    expect(maxRelError(a.dgamma, b.dgamma)).toBeLessThan(1e-4);
    expect(maxRelError(a.dbeta, b.dbeta)).toBeLessThan(1e-4);
    expect(maxRelError(a.dx, b.dx)).toBeLessThan(1e-4);
    // Two training calls, each moving the statistics 10% towards the batch's; the variance is the
    // unbiased one, as torch.nn.BatchNorm2d keeps.
    const [, , movingMean, movingVar] = fast.getWeights();
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const count = 4 * 5 * 5;
    const m = mean.dataSync();
    const v = variance.dataSync();
    for (let c = 0; c < 3; c++) {
      expect(movingMean.dataSync()[c]).toBeCloseTo(m[c] * 0.19, 4);
      expect(movingVar.dataSync()[c]).toBeCloseTo(0.81 + ((v[c] * count) / (count - 1)) * 0.19, 3);
    }
    expect(fast.getClassName()).toBe('BatchNormalization');
    tf.dispose([x, gamma, beta, zeros, ones, r, mean, variance]);
    for (const w of [...fast.weights, ...stock.weights]) w.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });
});
