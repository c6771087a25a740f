// The in-app CNN: a compact ResNet (He et al. 2016, "basic" blocks) sized for 32-128 px inputs.
// conv-BN-ReLU stem; stages of residual blocks, doubling channels and halving resolution from
// the second stage on; global average pooling; a layer named 'embedding' (the features DFR and
// the coreset scores read); a dense 'logits' layer. Every initialiser is seeded so the same seed
// gives the same starting weights.
import type * as tfType from '@tensorflow/tfjs';
import { InputError } from '../../../src-shared/errors.ts';
import { mixSeed } from '../data/images/seeded-random.ts';
import { fastBatchNorm } from './fast-batch-norm.ts';

type Tf = typeof tfType;

export interface CnnOptions {
  /** Side of the square RGB input, in pixels. */
  inputSize: number;
  numClasses: number;
  /** Channels of the stem and first stage; stage i has width * 2^i. */
  width?: number;
  /** Residual blocks per stage, e.g. [1, 1, 1] (three stages), [2, 2, 2, 2] (ResNet-18 layout). */
  depth?: readonly number[];
  /** Adds a dense ReLU layer of this size as the embedding; otherwise the pooled features are it. */
  embeddingDim?: number;
  /** Stride of the stem; default 2 from 64 px up (as ResNet's stem), else 1 (CIFAR-style). */
  stemStride?: 1 | 2;
  seed?: number;
}

export const EMBEDDING_LAYER = 'embedding';
export const LOGITS_LAYER = 'logits';

export function buildCnn(tf: Tf, opts: CnnOptions): tfType.LayersModel {
  const width = opts.width ?? 32;
  const depth = opts.depth ?? [1, 1, 1];
  checkOptions(opts, width, depth);
  const seed = opts.seed ?? 0;
  let layerNo = 0;
  // Initialisers follow torchvision's ResNet: He normal (fan_out) for convolutions.
  const convInit = (): ReturnType<Tf['initializers']['varianceScaling']> =>
    tf.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal', seed: mixSeed(seed, ++layerNo) });
  const denseInit = (): ReturnType<Tf['initializers']['glorotUniform']> => tf.initializers.glorotUniform({ seed: mixSeed(seed, ++layerNo) });

  const conv = (x: tfType.SymbolicTensor, filters: number, kernel: number, stride: number, name: string): tfType.SymbolicTensor =>
    tf.layers
      .conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'same', useBias: false, kernelInitializer: convInit(), name })
      .apply(x) as tfType.SymbolicTensor;
  // PyTorch's BatchNorm2d defaults (momentum 0.1 there is 0.9 here, eps 1e-5).
  const bn = (x: tfType.SymbolicTensor, name: string): tfType.SymbolicTensor =>
    fastBatchNorm(tf, { momentum: 0.9, epsilon: 1e-5, name }).apply(x) as tfType.SymbolicTensor;
  const relu = (x: tfType.SymbolicTensor, name: string): tfType.SymbolicTensor =>
    tf.layers.reLU({ name }).apply(x) as tfType.SymbolicTensor;

  const input = tf.input({ shape: [opts.inputSize, opts.inputSize, 3], name: 'image' });
  const stemStride = opts.stemStride ?? (opts.inputSize >= 64 ? 2 : 1);
  let x = relu(bn(conv(input, width, 3, stemStride, 'stem_conv'), 'stem_bn'), 'stem_relu');
  let channels = width;
  depth.forEach((blocks, stage) => {
    const out = width * 2 ** stage;
    for (let b = 0; b < blocks; b++) {
      const stride = stage > 0 && b === 0 ? 2 : 1;
      const p = `s${stage + 1}b${b + 1}`;
      let y = relu(bn(conv(x, out, 3, stride, `${p}_conv1`), `${p}_bn1`), `${p}_relu1`);
      y = bn(conv(y, out, 3, 1, `${p}_conv2`), `${p}_bn2`);
      const shortcut = stride !== 1 || channels !== out ? bn(conv(x, out, 1, stride, `${p}_proj`), `${p}_proj_bn`) : x;
      x = relu(tf.layers.add({ name: `${p}_add` }).apply([y, shortcut]) as tfType.SymbolicTensor, `${p}_out`);
      channels = out;
    }
  });
  let features: tfType.SymbolicTensor;
  if (opts.embeddingDim) {
    const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tfType.SymbolicTensor;
    features = tf.layers
      .dense({ units: opts.embeddingDim, activation: 'relu', kernelInitializer: denseInit(), name: EMBEDDING_LAYER })
      .apply(pooled) as tfType.SymbolicTensor;
  } else {
    features = tf.layers.globalAveragePooling2d({ name: EMBEDDING_LAYER }).apply(x) as tfType.SymbolicTensor;
  }
  const logits = tf.layers
    .dense({ units: opts.numClasses, kernelInitializer: denseInit(), name: LOGITS_LAYER })
    .apply(features) as tfType.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'faultline_cnn' });
}

function checkOptions(opts: CnnOptions, width: number, depth: readonly number[]): void {
  if (!Number.isInteger(opts.inputSize) || opts.inputSize < 8 || opts.inputSize > 1024) {
    throw new InputError(`The CNN input size must be a whole number of pixels from 8 to 1024, got ${opts.inputSize}.`);
  }
  if (!Number.isInteger(opts.numClasses) || opts.numClasses < 2) {
    throw new InputError(`Training a classifier needs at least 2 classes, got ${opts.numClasses}.`);
  }
  if (!Number.isInteger(width) || width < 1 || width > 512) {
    throw new InputError(`The CNN width must be a whole number from 1 to 512, got ${width}.`);
  }
  if (depth.length < 1 || depth.length > 5 || depth.some((d) => !Number.isInteger(d) || d < 1 || d > 8)) {
    throw new InputError(`The CNN depth must list 1 to 5 stages of 1 to 8 blocks each, got [${depth.join(', ')}].`);
  }
  if (opts.inputSize / 2 ** (depth.length - 1 + (opts.stemStride === 2 ? 1 : 0)) < 1) {
    throw new InputError(`An input of ${opts.inputSize} px is too small for ${depth.length} stages.`);
  }
  if (opts.embeddingDim !== undefined && (!Number.isInteger(opts.embeddingDim) || opts.embeddingDim < 1)) {
    throw new InputError(`The embedding size must be a positive whole number, got ${opts.embeddingDim}.`);
  }
}
