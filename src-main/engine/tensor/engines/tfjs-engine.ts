// tfjs kernels: used when onnxruntime-node cannot load. They run on whatever backend the ladder
// chose (tfjs-node-gpu, tfjs-node, wasm or cpu) and leave no tensors behind.
import type * as tfTypes from '@tensorflow/tfjs';
import { tidyRead } from '../memory.ts';
import type { DenseEngine } from './dense-engine.ts';

type Tf = typeof tfTypes;

export function createTfjsEngine(tf: Tf): DenseEngine {
  return {
    name: 'tfjs',
    description: `tfjs (${tf.getBackend()} backend)`,
    matmul: (a, aRows, aCols, b, bCols) =>
      tidyRead(tf, () => tf.matMul(tf.tensor2d(a, [aRows, aCols]), tf.tensor2d(b, [aCols, bCols]))),
    distances: (a, aRows, b, sqrt) =>
      tidyRead(tf, () => {
        // Same centred expansion as the ONNX graph (see onnx-graphs.ts for why).
        const ac = tf.sub(tf.tensor2d(a, [aRows, b.dim]), tf.tensor2d(b.center, [1, b.dim]));
        const a2 = tf.sum(tf.square(ac), 1, true);
        const b2 = tf.tensor2d(b.squaredNorms, [1, b.rows]);
        // An explicit transpose: the wasm backend's transposeB path is ~10x slower than a plain matMul.
        const ab = tf.matMul(ac, tf.transpose(tf.tensor2d(b.centered, [b.rows, b.dim])));
        const d = tf.relu(tf.sub(tf.add(a2, b2), tf.mul(ab, 2)));
        return sqrt ? tf.sqrt(d) : d;
      }),
  };
}
