// Class predictions of a TF.js classifier (a Faultline checkpoint or any layers model), streamed
// a batch at a time: argmax class and the softmax scores per item.
import type * as tfType from '@tensorflow/tfjs';
import { InputError, throwIfAborted } from '../../../src-shared/errors.ts';
import type { ProgressUpdate } from '../analyses/types.ts';
import { imageBatches, type ImageItem, type ItemError } from '../data/images/image-batches.ts';
import type { PreprocessSpec } from '../data/images/preprocess.ts';
import { getTf } from '../tensor/backend.ts';
import type { InferenceRuntime } from './backbone.ts';
import { loadCheckpoint } from './checkpoint.ts';
import { layersModelRunner } from './model-runner.ts';

export interface PredictOptions {
  /** A loaded model, or a checkpoint folder / model.json path. */
  model: tfType.LayersModel | string;
  items: readonly ImageItem[];
  /** Defaults to the checkpoint's own preprocessing (required for a loaded model without it). */
  preprocess?: PreprocessSpec;
  batchSize?: number;
  onError: 'skip' | 'fail';
  onProgress?: (p: ProgressUpdate) => void;
  signal?: AbortSignal;
  prefetch?: number;
  /** Engine for inference (default 'auto': onnxruntime for plain CNNs on CPU backends). */
  runtime?: InferenceRuntime;
}

export interface Predictions {
  /** Predicted class per item; -1 where the image was skipped. */
  predicted: Int32Array;
  /** items x numClasses softmax scores; NaN rows where skipped. */
  scores: Float32Array;
  numClasses: number;
  errors: ItemError[];
}

export async function predict(opts: PredictOptions): Promise<Predictions> {
  const tf = await getTf();
  let model: tfType.LayersModel;
  let preprocess = opts.preprocess;
  let owned = false;
  if (typeof opts.model === 'string') {
    const ckpt = await loadCheckpoint(opts.model);
    model = ckpt.model;
    preprocess ??= ckpt.preprocess ?? undefined;
    owned = true;
  } else {
    model = opts.model;
  }
  try {
    if (!preprocess) throw new InputError('This model does not record its preprocessing: give the image size and normalisation.');
    return await predictWithModel(tf, model, preprocess, opts);
  } finally {
    if (owned) model.dispose();
  }
}

/** Predictions of an already loaded model (no disposal, no loading). */
export async function predictWithModel(
  tf: typeof tfType,
  model: tfType.LayersModel,
  preprocess: PreprocessSpec,
  opts: Omit<PredictOptions, 'model' | 'preprocess'> & { progressStage?: string },
): Promise<Predictions> {
  const rows = opts.items.length;
  const numClasses = model.outputs[0].shape[model.outputs[0].shape.length - 1] as number;
  const last = model.layers[model.layers.length - 1].getConfig() as { activation?: string };
  // Models that end in softmax already give probabilities; logits get one here.
  const needsSoftmax = last.activation !== 'softmax';
  const predicted = new Int32Array(rows).fill(-1);
  const scores = new Float32Array(rows * numClasses).fill(Number.NaN);
  const errors: ItemError[] = [];
  const runner = await layersModelRunner(tf, model, model.outputLayers[0].name, opts.runtime);
  let done = 0;
  try {
    for await (const batch of imageBatches(opts.items, {
      batchSize: opts.batchSize ?? 64,
      preprocess,
      seed: 0,
      onError: opts.onError,
      signal: opts.signal,
      prefetch: opts.prefetch,
    })) {
      throwIfAborted(opts.signal);
      errors.push(...batch.errors);
      const n = batch.indices.length;
      if (n > 0) {
        const out = await runner.run(batch.images, n);
        for (let j = 0; j < n; j++) {
          const row = batch.indices[j];
          const p = out.data.subarray(j * numClasses, (j + 1) * numClasses);
          if (needsSoftmax) softmaxInPlace(p);
          let best = 0;
          for (let c = 0; c < numClasses; c++) {
            scores[row * numClasses + c] = p[c];
            if (p[c] > p[best]) best = c;
          }
          predicted[row] = best;
        }
      }
      done += n + batch.errors.length;
      opts.onProgress?.({ stage: opts.progressStage ?? 'predict', done, total: rows, message: `${done} / ${rows} images` });
    }
  } finally {
    await runner.dispose();
  }
  return { predicted, scores, numClasses, errors };
}

/** Numerically stable softmax of one row, in place (float32 like tf.softmax). */
function softmaxInPlace(row: Float32Array): void {
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < row.length; c++) {
    row[c] = Math.exp(row[c] - max);
    sum += row[c];
  }
  for (let c = 0; c < row.length; c++) row[c] /= sum;
}
