import { describe, expect, it } from 'vitest';
import { getTf } from '../../src-main/engine/tensor/backend.ts';
import Database from 'better-sqlite3';

describe('toolchain', () => {
  it('runs tfjs on wasm and opens sqlite', async () => {
    const tf = await getTf();
    const s = tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync());
    expect(Array.from(s)).toEqual([3, 3, 3, 3]);
    const db = new Database(':memory:');
    expect(db.prepare('select 1 as x').get()).toEqual({ x: 1 });
  });
});
