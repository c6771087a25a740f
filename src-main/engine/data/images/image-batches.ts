// Streams a dataset as batches of normalised float32 images. Decoding runs ahead of the consumer
// (`prefetch` batches, at most `concurrency` files at once), so sharp works while the network
// computes; memory is bounded by (prefetch + 1) batches whatever the dataset size.
import { CancelledError, InputError, throwIfAborted } from '../../../../src-shared/errors.ts';
import { createLimiter } from './limiter.ts';
import { readSourceImage, renderMask, renderRgb } from './load-image.ts';
import { applyMaskFill, maskFillValue, type MaskedVariant } from './masks.ts';
import { normalizeInto, resolveNormalization } from './normalization.ts';
import {
  checkAugmentSpec,
  checkPreprocessSpec,
  planAugmented,
  planEval,
  type AugmentSpec,
  type PreprocessSpec,
} from './preprocess.ts';
import { epochOrder, itemRandom } from './seeded-random.ts';

export interface ImageItem {
  path: string;
  /** Class index; -1 in the batch when absent. Per-class augmentation reads it. */
  label?: number;
  maskPath?: string;
}

export interface ItemError {
  /** Index into the items list. */
  index: number;
  path: string;
  message: string;
}

export interface ImageBatchOptions {
  batchSize: number;
  preprocess: PreprocessSpec;
  /** Training augmentation; it replaces the resize/crop of `preprocess` (normalisation stays). */
  augment?: AugmentSpec;
  seed: number;
  /** Selects the epoch's data order and augmentation draws. */
  epoch?: number;
  shuffle?: boolean;
  /** Batches decoded ahead of the one being consumed (default 2). */
  prefetch?: number;
  /** Files decoded at once (default 4). */
  concurrency?: number;
  /** 'fail': the first unreadable image stops the stream with an error naming it; 'skip': it is left out and reported. */
  onError: 'skip' | 'fail';
  /** Produce object-only or background-only images from each item's mask. */
  masked?: MaskedVariant;
  /** Also return each item's 0/1 mask (size x size), transformed like its image. */
  withMasks?: boolean;
  signal?: AbortSignal;
}

export interface ImageBatch {
  /** Item indices of the images in this batch, in batch order (skipped items are absent). */
  indices: Int32Array;
  /** B x size x size x 3, normalised, row-major HWC per image. */
  images: Float32Array;
  labels: Int32Array;
  /** B x size x size, 1 on the object; only with `withMasks`. */
  masks?: Uint8Array;
  /** Items of this batch that were skipped. */
  errors: ItemError[];
  /** Side length of each image. */
  size: number;
}

interface Decoded {
  pixels: Uint8Array;
  mask?: Uint8Array;
}

export async function* imageBatches(items: readonly ImageItem[], opts: ImageBatchOptions): AsyncGenerator<ImageBatch> {
  checkPreprocessSpec(opts.preprocess);
  if (opts.augment) checkAugmentSpec(opts.augment);
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
    throw new InputError(`The batch size must be a positive whole number, got ${opts.batchSize}.`);
  }
  const size = opts.preprocess.size;
  const norm = resolveNormalization(opts.preprocess.normalization);
  const epoch = opts.epoch ?? 0;
  const order = epochOrder(items.length, opts.seed, epoch, opts.shuffle ?? false);
  const batchCount = Math.ceil(items.length / opts.batchSize);
  const prefetch = Math.max(0, Math.floor(opts.prefetch ?? 2));
  const limiter = createLimiter(opts.concurrency ?? 4);
  const needMask = opts.withMasks === true || opts.masked !== undefined;
  const fill = opts.masked ? maskFillValue(opts.masked, norm) : null;
  // Set when the consumer stops early, so queued decodes of batches nobody will read are dropped.
  let stopped = false;

  const decodeItem = async (index: number): Promise<Decoded> => {
    if (stopped) throw new CancelledError('Batch stream closed');
    throwIfAborted(opts.signal);
    const item = items[index];
    const src = await readSourceImage(item.path);
    const plan = opts.augment
      ? planAugmented(src.width, src.height, size, opts.augment, item.label, itemRandom(opts.seed, epoch, index))
      : planEval(src.width, src.height, opts.preprocess);
    if (needMask && !item.maskPath) {
      throw new InputError(`Image ${item.path} has no object mask; masked images need a mask for every sample.`, { file: item.path });
    }
    const [rgb, mask] = await Promise.all([
      renderRgb(src, plan),
      needMask ? renderMask(item.maskPath as string, src, plan) : Promise.resolve(undefined),
    ]);
    if (rgb.width !== size || rgb.height !== size) {
      throw new Error(`internal: ${item.path} came out ${rgb.width}x${rgb.height}, expected ${size}x${size}`);
    }
    return { pixels: rgb.pixels, mask };
  };

  const decodeBatch = async (b: number): Promise<ImageBatch> => {
    const start = b * opts.batchSize;
    const idx = order.subarray(start, Math.min(start + opts.batchSize, items.length));
    const settled = await Promise.allSettled(Array.from(idx, (i) => limiter.run(() => decodeItem(i))));
    const errors: ItemError[] = [];
    const ok: number[] = [];
    for (let k = 0; k < settled.length; k++) {
      const s = settled[k];
      if (s.status === 'fulfilled') {
        ok.push(k);
        continue;
      }
      const e = s.reason;
      if (e instanceof CancelledError || opts.signal?.aborted) throw e instanceof CancelledError ? e : new CancelledError();
      const path = items[idx[k]].path;
      if (opts.onError === 'fail') {
        throw e instanceof InputError ? e : new InputError(`Image ${path} could not be loaded: ${String(e)}`, { file: path });
      }
      errors.push({ index: idx[k], path, message: e instanceof Error ? e.message : String(e) });
    }
    const px = size * size;
    const images = new Float32Array(ok.length * px * 3);
    const labels = new Int32Array(ok.length);
    const indices = new Int32Array(ok.length);
    const masks = opts.withMasks ? new Uint8Array(ok.length * px) : undefined;
    ok.forEach((k, j) => {
      const d = (settled[k] as PromiseFulfilledResult<Decoded>).value;
      normalizeInto(d.pixels, norm, images, j * px * 3);
      if (fill && d.mask) applyMaskFill(images, j * px * 3, d.mask, opts.masked!.keep, fill);
      if (masks && d.mask) masks.set(d.mask, j * px);
      indices[j] = idx[k];
      labels[j] = items[idx[k]].label ?? -1;
    });
    return { indices, images, labels, masks, errors, size };
  };

  const pending: Promise<ImageBatch>[] = [];
  let next = 0;
  const schedule = (target: number): void => {
    while (pending.length < target && next < batchCount) {
      const p = decodeBatch(next++);
      // Batches decoded ahead may fail before anyone awaits them: the error surfaces when the
      // consumer reaches that batch, not as an unhandled rejection.
      p.catch(() => undefined);
      pending.push(p);
    }
  };
  try {
    while (true) {
      throwIfAborted(opts.signal);
      schedule(Math.max(1, prefetch));
      const head = pending.shift();
      if (!head) return;
      const batch = await head;
      throwIfAborted(opts.signal);
      // Start the batches after this one before handing it over, so decoding overlaps compute.
      schedule(prefetch);
      yield batch;
    }
  } finally {
    stopped = true;
    await Promise.allSettled(pending);
  }
}
