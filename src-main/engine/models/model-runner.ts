// Inference of one layer of a TF.js layers model, on the fastest engine that can run it. On the
// CPU backends (wasm, cpu) a model made of plain CNN layers is converted to ONNX and run by
// onnxruntime (multi-threaded, several times faster than single-threaded tfjs wasm); otherwise,
// or when a layer cannot be converted, tfjs runs it. Both give the same features to ~1e-6.
import type * as tfType from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import type { InferenceRuntime } from './backbone.ts';
import { reduceFeatureOutput, type FeatureBatch } from './feature-output.ts';
import { convertedOutputName, layersToOnnx, UnsupportedLayerError } from './layers-to-onnx.ts';

export interface ModelRunner {
  runtime: 'onnxruntime' | 'tfjs';
  /** Why tfjs runs it when ONNX was possible in principle (for provenance), else null. */
  fallbackReason: string | null;
  /** Features of n images (n x size x size x 3, NHWC); feature maps are averaged over space. */
  run(images: Float32Array, n: number): Promise<FeatureBatch>;
  /** Releases the runner's own resources (never the model passed in). */
  dispose(): Promise<void>;
}

export async function layersModelRunner(
  tf: typeof tfType,
  model: tfType.LayersModel,
  layerName: string,
  runtime: InferenceRuntime = 'auto',
): Promise<ModelRunner> {
  const output = model.getLayer(layerName).output as tfType.SymbolicTensor;
  const size = model.inputs[0].shape[1] as number;
  const wantOnnx = runtime === 'onnxruntime' || (runtime === 'auto' && (tf.getBackend() === 'wasm' || tf.getBackend() === 'cpu'));
  let fallbackReason: string | null = null;
  if (wantOnnx) {
    try {
      const bytes = layersToOnnx(model, [layerName]);
      const session = await ort.InferenceSession.create(bytes);
      const outName = convertedOutputName(layerName, output.shape.length);
      const inName = session.inputNames[0];
      return {
        runtime: 'onnxruntime',
        fallbackReason: null,
        run: async (images, n) => {
          const feed = new ort.Tensor('float32', images.subarray(0, n * size * size * 3), [n, size, size, 3]);
          const result = await session.run({ [inName]: feed }, [outName]);
          const out = result[outName];
          try {
            return reduceFeatureOutput(out.data as Float32Array, out.dims as number[], n, 'nhwc');
          } finally {
            out.dispose?.();
          }
        },
        dispose: () => session.release(),
      };
    } catch (e) {
      if (!(e instanceof UnsupportedLayerError) || runtime === 'onnxruntime') throw e;
      fallbackReason = e.message;
    }
  }
  const sub = layerName === model.outputLayers[0]?.name ? model : tf.model({ inputs: model.inputs[0], outputs: output });
  return {
    runtime: 'tfjs',
    fallbackReason,
    run: async (images, n) => {
      const y = tf.tidy(() => {
        const out = sub.predict(tf.tensor4d(images, [n, size, size, 3])) as tfType.Tensor;
        return out.rank === 4 ? tf.mean(out, [1, 2]) : tf.reshape(out, [n, -1]);
      });
      try {
        const data = (await y.data()) as Float32Array;
        return { data, cols: n > 0 ? data.length / n : (y.shape[1] as number) };
      } finally {
        y.dispose();
      }
    },
    // The sub-model shares the model's weights: nothing of its own to free.
    dispose: async () => undefined,
  };
}
