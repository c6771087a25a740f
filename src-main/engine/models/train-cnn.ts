// In-app CNN training (the "train a CNN on the dataset" path of the spurious-feature, augmentation
// and coreset analyses). Determinism: weight init, data order and every augmentation draw come
// from the config's seed, and the wasm/cpu backends compute in a fixed order, so the same seed
// and data give the same losses. Per-sample records (correctness and loss in every epoch, and
// the final softmax) feed forgetting and EL2N scores.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as tfType from '@tensorflow/tfjs';
import { InputError, throwIfAborted } from '../../../src-shared/errors.ts';
import type { ProgressUpdate } from '../analyses/types.ts';
import { imageBatches, type ImageItem, type ItemError } from '../data/images/image-batches.ts';
import type { NormalizationSpec } from '../data/images/normalization.ts';
import type { AugmentSpec, PreprocessSpec } from '../data/images/preprocess.ts';
import { getTf } from '../tensor/backend.ts';
import { saveCheckpoint } from './checkpoint.ts';
import { buildCnn } from './cnn.ts';
import { createOptimizer, learningRate, type LrSchedule } from './optimizer.ts';
import { predictWithModel } from './predict.ts';
import { sampleWeights, type Reweight } from './sample-weights.ts';
import { ensureWasmConvGrads } from './wasm-conv-grads.ts';

export interface TrainCnnConfig {
  /** Square input side in pixels (default 64). */
  inputSize?: number;
  width?: number;
  depth?: number[];
  embeddingDim?: number;
  /** Default: largest label + 1. */
  numClasses?: number;
  epochs: number;
  batchSize: number;
  optimizer: 'sgd' | 'adam';
  lr: number;
  /** SGD momentum (default 0.9). */
  momentum?: number;
  weightDecay?: number;
  schedule: LrSchedule;
  seed: number;
  augment: { scaleMin: number; hflip: boolean; perClassScaleMin?: Record<number, number> };
  reweight?: Reweight;
  /** Group id per training item, for reweight = 'group'. */
  groups?: number[];
  normalization?: NormalizationSpec;
}

export interface TrainCnnInput {
  /** Training images; every one needs a label in [0, numClasses). */
  items: readonly ImageItem[];
  valItems?: readonly ImageItem[];
  config: TrainCnnConfig;
  /** Record per-sample correctness and loss each epoch, and the final softmax. */
  recordPerSample?: boolean;
  checkpointDir: string;
  onProgress?: (p: ProgressUpdate) => void;
  signal?: AbortSignal;
  /** Unreadable images: stop ('fail', default) or leave them out and report them ('skip'). */
  onError?: 'skip' | 'fail';
  prefetch?: number;
  /** Return the trained model (the caller disposes it) instead of disposing it. */
  keepModel?: boolean;
}

export interface EpochRecord {
  epoch: number;
  lr: number;
  /** Mean cross-entropy over the epoch's training batches (augmented, training mode). */
  trainLoss: number;
  trainAccuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  /** Training images used this epoch (skipped ones excluded). */
  seen: number;
}

export interface PerSampleRecords {
  /** Per epoch: 1 correct, 0 wrong, -1 not seen (skipped), as in the training forward pass. */
  correct: Int8Array[];
  /** Per epoch: cross-entropy of each sample in its training batch (NaN when not seen). */
  loss: Float32Array[];
  /** items x numClasses softmax of the final model on un-augmented images (NaN rows if skipped). */
  softmax: Float32Array;
  numClasses: number;
}

export interface TrainCnnResult {
  modelDir: string;
  history: EpochRecord[];
  perSample?: PerSampleRecords;
  errors: ItemError[];
  preprocess: PreprocessSpec;
  model?: tfType.LayersModel;
}

export async function trainCnn(input: TrainCnnInput): Promise<TrainCnnResult> {
  const tf = await getTf();
  ensureWasmConvGrads(tf);
  const cfg = input.config;
  const items = input.items;
  const n = items.length;
  const labels = checkedLabels(items, 'training');
  const numClasses = cfg.numClasses ?? Math.max(1, ...labels) + 1;
  if (labels.some((l) => l >= numClasses)) throw new InputError(`A training label is not below numClasses = ${numClasses}.`);
  if (input.valItems) checkedLabels(input.valItems, 'validation');
  checkConfig(cfg, n);
  const inputSize = cfg.inputSize ?? 64;
  const normalization = cfg.normalization ?? 'imagenet';
  // The network sees the full image at evaluation: its shorter side scaled to the input size.
  const evalPreprocess: PreprocessSpec = { size: inputSize, resize: 'center-crop', resizeTo: inputSize, normalization };
  const augment: AugmentSpec = { scaleMin: cfg.augment.scaleMin, hflip: cfg.augment.hflip, perClassScaleMin: cfg.augment.perClassScaleMin };
  const weights = sampleWeights(cfg.reweight ?? 'none', labels, cfg.groups);
  const onError = input.onError ?? 'fail';

  const model = buildCnn(tf, { inputSize, numClasses, width: cfg.width, depth: cfg.depth, embeddingDim: cfg.embeddingDim, seed: cfg.seed });
  const vars = model.trainableWeights.map((w) => w.read() as tfType.Variable);
  const optimizer = createOptimizer(tf, { kind: cfg.optimizer, momentum: cfg.momentum ?? 0.9, weightDecay: cfg.weightDecay ?? 0 });
  const history: EpochRecord[] = [];
  const errors = new Map<number, ItemError>();
  const perSample = input.recordPerSample ? { correct: [] as Int8Array[], loss: [] as Float32Array[] } : null;
  let kept = false;
  try {
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const lr = learningRate(cfg.schedule, cfg.lr, epoch, cfg.epochs);
      const correct = perSample ? new Int8Array(n).fill(-1) : null;
      const losses = perSample ? new Float32Array(n).fill(Number.NaN) : null;
      let lossSum = 0;
      let hits = 0;
      let seen = 0;
      const batchCount = Math.ceil(n / cfg.batchSize);
      let batchNo = 0;
      for await (const batch of imageBatches(items, {
        batchSize: cfg.batchSize,
        preprocess: evalPreprocess,
        augment,
        seed: cfg.seed,
        epoch,
        shuffle: true,
        onError,
        signal: input.signal,
        prefetch: input.prefetch,
      })) {
        throwIfAborted(input.signal);
        for (const e of batch.errors) errors.set(e.index, e);
        const b = batch.indices.length;
        batchNo++;
        if (b === 0) continue;
        const w = new Float32Array(b);
        for (let j = 0; j < b; j++) w[j] = weights[batch.indices[j]];
        const step = trainStep(tf, model, vars, optimizer, batch.images, batch.labels, w, b, inputSize, numClasses, lr);
        for (let j = 0; j < b; j++) {
          const ok = step.predicted[j] === batch.labels[j];
          lossSum += step.loss[j];
          hits += ok ? 1 : 0;
          if (correct && losses) {
            correct[batch.indices[j]] = ok ? 1 : 0;
            losses[batch.indices[j]] = step.loss[j];
          }
        }
        seen += b;
        if (batchNo % 10 === 0) {
          input.onProgress?.({ stage: 'train', done: epoch, total: cfg.epochs, message: `epoch ${epoch + 1}: batch ${batchNo} / ${batchCount}` });
        }
        // Let finished decodes of the next batches start their next step while this thread computes.
        await nextTurn();
      }
      if (seen === 0) throw new InputError(`No training image could be read; the first error: ${[...errors.values()][0]?.message}`);
      const record: EpochRecord = { epoch: epoch + 1, lr, trainLoss: lossSum / seen, trainAccuracy: hits / seen, seen };
      if (input.valItems && input.valItems.length > 0) {
        const val = await evaluate(tf, model, input.valItems, evalPreprocess, cfg.batchSize, onError, input.signal);
        record.valLoss = val.loss;
        record.valAccuracy = val.accuracy;
      }
      history.push(record);
      if (correct && losses && perSample) {
        perSample.correct.push(correct);
        perSample.loss.push(losses);
      }
      input.onProgress?.({ stage: 'train', done: epoch + 1, total: cfg.epochs, message: epochMessage(record, cfg.epochs) });
    }

    let finalSoftmax: Float32Array | null = null;
    if (perSample) {
      const p = await predictWithModel(tf, model, evalPreprocess, {
        items,
        batchSize: cfg.batchSize,
        onError,
        signal: input.signal,
        onProgress: input.onProgress,
        progressStage: 'score',
      });
      finalSoftmax = p.scores;
    }
    throwIfAborted(input.signal);
    await saveCheckpoint(model, input.checkpointDir, {
      version: 1,
      preprocess: evalPreprocess,
      numClasses,
      config: { ...cfg, groups: undefined, numClasses, inputSize },
    });
    kept = input.keepModel === true;
    return {
      modelDir: input.checkpointDir,
      history,
      perSample: perSample && finalSoftmax ? { ...perSample, softmax: finalSoftmax, numClasses } : undefined,
      errors: [...errors.values()].sort((a, b) => a.index - b.index),
      preprocess: evalPreprocess,
      model: kept ? model : undefined,
    };
  } finally {
    optimizer.dispose();
    if (!kept) model.dispose();
  }
}

/** One optimisation step; returns each sample's loss and predicted class (training mode). */
function trainStep(
  tf: typeof tfType,
  model: tfType.LayersModel,
  vars: tfType.Variable[],
  optimizer: ReturnType<typeof createOptimizer>,
  images: Float32Array,
  labels: Int32Array,
  weights: Float32Array,
  b: number,
  size: number,
  numClasses: number,
  lr: number,
): { loss: Float32Array; predicted: Int32Array } {
  let perSampleLoss: tfType.Tensor | null = null;
  let predicted: tfType.Tensor | null = null;
  const inputs = tf.tidy(() => ({
    x: tf.tensor4d(images, [b, size, size, 3]),
    y: tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses),
    w: tf.tensor1d(weights),
  }));
  try {
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.apply(inputs.x, { training: true }) as tfType.Tensor2D;
      const ce = tf.losses.softmaxCrossEntropy(inputs.y, logits, undefined, undefined, tf.Reduction.NONE);
      perSampleLoss = tf.keep(ce);
      predicted = tf.keep(tf.argMax(logits, 1));
      // Weighted mean, as torch's CrossEntropyLoss(weight=...) normalises by the weight sum.
      return tf.div(tf.sum(tf.mul(ce, inputs.w)), tf.sum(inputs.w)) as tfType.Scalar;
    }, vars);
    optimizer.step(vars, grads, lr);
    value.dispose();
    tf.dispose(Object.values(grads));
    return {
      loss: (perSampleLoss as unknown as tfType.Tensor).dataSync() as Float32Array,
      predicted: (predicted as unknown as tfType.Tensor).dataSync() as Int32Array,
    };
  } finally {
    tf.dispose([inputs.x, inputs.y, inputs.w]);
    if (perSampleLoss) (perSampleLoss as tfType.Tensor).dispose();
    if (predicted) (predicted as tfType.Tensor).dispose();
  }
}

async function evaluate(
  tf: typeof tfType,
  model: tfType.LayersModel,
  items: readonly ImageItem[],
  preprocess: PreprocessSpec,
  batchSize: number,
  onError: 'skip' | 'fail',
  signal: AbortSignal | undefined,
): Promise<{ loss: number; accuracy: number }> {
  const p = await predictWithModel(tf, model, preprocess, { items, batchSize, onError, signal });
  let loss = 0;
  let hits = 0;
  let m = 0;
  for (let i = 0; i < items.length; i++) {
    if (p.predicted[i] < 0) continue;
    const y = items[i].label as number;
    loss -= Math.log(Math.max(p.scores[i * p.numClasses + y], 1e-12));
    hits += p.predicted[i] === y ? 1 : 0;
    m++;
  }
  return { loss: m ? loss / m : Number.NaN, accuracy: m ? hits / m : Number.NaN };
}

function checkedLabels(items: readonly ImageItem[], what: string): Int32Array {
  const labels = new Int32Array(items.length);
  items.forEach((it, i) => {
    if (!Number.isInteger(it.label) || (it.label as number) < 0) {
      throw new InputError(`The ${what} image ${it.path} has no valid class label (got ${String(it.label)}).`, { file: it.path });
    }
    labels[i] = it.label as number;
  });
  return labels;
}

function checkConfig(cfg: TrainCnnConfig, n: number): void {
  if (n === 0) throw new InputError('There are no training images.');
  if (!Number.isInteger(cfg.epochs) || cfg.epochs < 1) throw new InputError(`Epochs must be a positive whole number, got ${cfg.epochs}.`);
  if (!Number.isInteger(cfg.batchSize) || cfg.batchSize < 1) {
    throw new InputError(`The batch size must be a positive whole number, got ${cfg.batchSize}.`);
  }
  if (!(cfg.lr > 0)) throw new InputError(`The learning rate must be positive, got ${cfg.lr}.`);
  if (cfg.optimizer !== 'sgd' && cfg.optimizer !== 'adam') throw new InputError(`Unknown optimizer "${String(cfg.optimizer)}": use sgd or adam.`);
}

function epochMessage(r: EpochRecord, epochs: number): string {
  const val = r.valAccuracy !== undefined ? `, val loss ${r.valLoss?.toFixed(4)}, val acc ${r.valAccuracy.toFixed(3)}` : '';
  return `epoch ${r.epoch}/${epochs}: loss ${r.trainLoss.toFixed(4)}, acc ${r.trainAccuracy.toFixed(3)}${val}`;
}
