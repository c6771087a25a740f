import { describe, expect, it } from 'vitest';
import { getTf } from '../../../src-main/engine/tensor/backend.ts';
import { createTfjsEngine } from '../../../src-main/engine/tensor/engines/tfjs-engine.ts';
import { assertNoTensorLeak, tidyRead, withTensors, TensorLeakError } from '../../../src-main/engine/tensor/memory.ts';
import { randomMatrix } from './reference.ts';

describe('tensor memory discipline', () => {
  it('assertNoTensorLeak reports a step that leaves tensors behind', async () => {
    const tf = await getTf();
    let leaked: unknown = null;
    await expect(assertNoTensorLeak(tf, () => (leaked = tf.ones([2, 2])), 'leaky step')).rejects.toBeInstanceOf(TensorLeakError);
    tf.dispose(leaked as never);
    await expect(assertNoTensorLeak(tf, () => (leaked = tf.ones([1])), 'leaky step')).rejects.toThrow(
      /^leaky step leaked 1 tensor\(s\): \d+ live before, \d+ after$/,
    );
    tf.dispose(leaked as never);
  });

  it('tidyRead returns the data and disposes every intermediate and the result', async () => {
    const tf = await getTf();
    const data = await assertNoTensorLeak(tf, () =>
      tidyRead(tf, () => tf.add(tf.tensor1d([1, 2, 3]), tf.scalar(1))),
    );
    expect(Array.from(data)).toEqual([2, 3, 4]);
  });

  it('withTensors disposes tracked tensors across awaits, also when the body throws', async () => {
    const tf = await getTf();
    const sum = await assertNoTensorLeak(tf, () =>
      withTensors(tf, async (track) => {
        const x = track(tf.tensor1d([1, 2, 3]));
        const s = track(tf.sum(x));
        return (await s.data())[0];
      }),
    );
    expect(sum).toBe(6);
    await assertNoTensorLeak(tf, async () => {
      await expect(
        withTensors(tf, async (track) => {
          track(tf.ones([3]));
          await Promise.resolve();
          throw new Error('body failed');
        }),
      ).rejects.toThrow('body failed');
    });
  });

  it('the tfjs kernels leak no tensors over a batch loop', async () => {
    const tf = await getTf();
    const engine = createTfjsEngine(tf);
    const dim = 16;
    const raw = randomMatrix(30, dim, 5);
    // Uncentred is fine here: this test is about tensors, not accuracy.
    const norms = new Float32Array(30).map((_, r) => raw.subarray(r * dim, (r + 1) * dim).reduce((s, v) => s + v * v, 0));
    const b = { rows: 30, dim, raw, center: new Float32Array(dim), centered: raw, squaredNorms: norms };
    const before = tf.memory().numTensors;
    for (let batch = 0; batch < 5; batch++) {
      const a = randomMatrix(8, dim, batch);
      await assertNoTensorLeak(tf, async () => {
        await engine.matmul(a, 8, dim, randomMatrix(dim, 4, 9), 4);
        await engine.distances(a, 8, b, true);
        await engine.distances(a, 8, b, false);
      }, `batch ${batch}`);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
