// Class predictions of a TF.js classifier (a Faultline checkpoint or any layers model), streamed
// a batch at a time: argmax class and the softmax scores per item.
import type * as tfType from '@tensorflow/tfjs';
import { InputError, throwIfAborted } from '../../../src-shared/errors.ts';
import type { ProgressUpdate } from '../analyses/types.ts';
import { imageBatches, type ImageItem, type ItemError } from '../data/images/image-batches.ts';
import type { PreprocessSpec } from '../data/images/preprocess.ts';
import { getTf } from '../tensor/backend.ts';
import { loadCheckpoint } from './checkpoint.ts';

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
  let done = 0;
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
      const probs = tf.tidy(() => {
        const out = model.predict(tf.tensor4d(batch.images, [n, batch.size, batch.size, 3])) as tfType.Tensor2D;
        return needsSoftmax ? tf.softmax(out) : out;
      });
      const p = (await probs.data()) as Float32Array;
      probs.dispose();
      for (let j = 0; j < n; j++) {
        const row = batch.indices[j];
        let best = 0;
        for (let c = 0; c < numClasses; c++) {
          const v = p[j * numClasses + c];
          scores[row * numClasses + c] = v;
          if (v > p[j * numClasses + best]) best = c;
        }
        predicted[row] = best;
      }
    }
    done += n + batch.errors.length;
    opts.onProgress?.({ stage: opts.progressStage ?? 'predict', done, total: rows, message: `${done} / ${rows} images` });
  }
  return { predicted, scores, numClasses, errors };
}
