import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { getTf } from '../../../src-main/engine/tensor/backend.ts';
import { buildCnn } from '../../../src-main/engine/models/cnn.ts';
import { layersToOnnx, UnsupportedLayerError } from '../../../src-main/engine/models/layers-to-onnx.ts';
import { layersModelRunner } from '../../../src-main/engine/models/model-runner.ts';

function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i])));
  return m;
}

describe('layersToOnnx', () => {
  it.each([
    { size: 32, width: 4, depth: [1, 1] },
    { size: 33, width: 4, depth: [2, 1], embeddingDim: 5 },
    { size: 64, width: 4, depth: [1, 1, 1] },
  ])('runs the CNN %o on onnxruntime with the tfjs outputs', async (o) => {
    const tf = await getTf();
    const before = tf.memory().numTensors;
    const m = buildCnn(tf, { inputSize: o.size, numClasses: 3, width: o.width, depth: o.depth, embeddingDim: o.embeddingDim, seed: 2 });
    // Batch-norm statistics away from their initial values, so inference normalisation matters.
    tf.tidy(() => {
      for (const l of m.layers) {
        if (l.getClassName() !== 'BatchNormalization') continue;
        const c = l.getWeights()[0].shape;
        l.setWeights([tf.randomUniform(c, 0.5, 1.5, 'float32', 1), tf.randomNormal(c, 0, 0.1, 'float32', 2), tf.randomNormal(c, 0, 0.1, 'float32', 3), tf.randomUniform(c, 0.5, 2, 'float32', 4)]);
      }
    });
    const names = ['embedding', 'logits', 's1b1_out'];
    const session = await ort.InferenceSession.create(layersToOnnx(m, names));
    const x = tf.randomNormal([3, o.size, o.size, 3], 0, 1, 'float32', 5);
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x.dataSync() as Float32Array, [3, o.size, o.size, 3]) });
    const sub = tf.model({ inputs: m.inputs, outputs: names.map((n) => m.getLayer(n).output as tfType.SymbolicTensor) });
    const refs = sub.predict(x) as tfType.Tensor[];
    ['embedding', 'logits', 's1b1_out__nhwc'].forEach((n, i) => {
      expect(out[n].dims).toEqual(refs[i].shape);
      expect(maxRelError(out[n].data as Float32Array, refs[i].dataSync())).toBeLessThan(1e-5);
    });
    await session.release();
    tf.dispose([x, ...refs]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses layers it does not convert, and the runner falls back to tfjs', async () => {
    const tf = await getTf();
    const input = tf.input({ shape: [8, 8, 3] });
    const pooled = tf.layers.maxPooling2d({ poolSize: 2, name: 'maxpool' }).apply(input) as tfType.SymbolicTensor;
    const out = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(pooled) as tfType.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: out });
    expect(() => layersToOnnx(m)).toThrow(UnsupportedLayerError);
    const runner = await layersModelRunner(tf, m, 'gap');
    expect(runner.runtime).toBe('tfjs');
    expect(runner.fallbackReason).toMatch(/MaxPooling2D/);
    const r = await runner.run(new Float32Array(2 * 8 * 8 * 3).fill(1), 2);
    expect([...r.data]).toEqual([1, 1, 1, 1, 1, 1]);
    await expect(layersModelRunner(tf, m, 'gap', 'onnxruntime')).rejects.toBeInstanceOf(UnsupportedLayerError);
    m.dispose();
  });
});
