// Tensor memory discipline. tf.tidy cannot span an `await`, and a tensor leaked once per batch
// grows the wasm heap until a long analysis dies, so asynchronous code follows two patterns:
// build the graph synchronously inside tidy and read it out (tidyRead), or track every tensor it
// creates across awaits and dispose them all at the end (withTensors). assertNoTensorLeak checks
// that a step leaves tf.memory().numTensors where it found it; tests wrap batch loops in it.
import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;

export class TensorLeakError extends Error {
  override name = 'TensorLeakError';
}

/** Runs `build` inside tf.tidy, downloads the resulting tensor as Float32Array and disposes it. */
export async function tidyRead(tf: Tf, build: () => Tensor): Promise<Float32Array> {
  const result = tf.tidy(build);
  try {
    const data = await result.data();
    return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
  } finally {
    result.dispose();
  }
}

/** Synchronous tidy with the module passed in, for code that gets `tf` from getTf(). */
export function withTidy<T extends tfTypes.TensorContainer>(tf: Tf, fn: () => T): T {
  return tf.tidy(fn);
}

/**
 * Runs an async function whose tensors live across awaits. Everything passed to `track` is
 * disposed when it settles, whether it resolved or threw; return plain data, not tracked tensors.
 */
export async function withTensors<T>(tf: Tf, fn: (track: <X extends Tensor>(t: X) => X) => Promise<T>): Promise<T> {
  const tracked: Tensor[] = [];
  const track = <X extends Tensor>(t: X): X => {
    tracked.push(t);
    return t;
  };
  try {
    return await fn(track);
  } finally {
    tf.dispose(tracked);
  }
}

/**
 * Runs `step` and throws TensorLeakError if it changed the number of live tensors. Meant for tests
 * and debug builds: wrap each iteration of a batch loop to find the one that leaks.
 */
export async function assertNoTensorLeak<T>(tf: Tf, step: () => T | Promise<T>, what = 'step'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await step();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new TensorLeakError(`${what} leaked ${after - before} tensor(s): ${before} live before, ${after} after`);
  }
  return result;
}
