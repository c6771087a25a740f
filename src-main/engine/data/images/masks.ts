// Object / background separation with segmentation masks: the object-only image keeps the object
// and paints the background with the dataset mean; the background-only image does the reverse.
// Painting with the mean (0 after normalisation with the dataset's own statistics) removes the
// information without adding a colour the network could read as a feature.
import sharp from 'sharp';
import { throwIfAborted } from '../../../../src-shared/errors.ts';
import { readSourceImage } from './load-image.ts';
import { normalizedColor, resolveNormalization, type NormalizationSpec, type Rgb } from './normalization.ts';
import { mapLimit } from '../concurrency.ts';

export type MaskKeep = 'object' | 'background';

export interface MaskedVariant {
  /** Which part of the image stays. */
  keep: MaskKeep;
  /** Fill colour in [0, 1] RGB; defaults to the normalisation mean (0 after normalising). */
  fillRgb?: Rgb;
}

/** The normalised fill value for a variant under a normalisation. */
export function maskFillValue(variant: MaskedVariant, normalization: NormalizationSpec): [number, number, number] {
  const norm = resolveNormalization(normalization);
  return normalizedColor(variant.fillRgb ?? norm.mean, norm);
}

/**
 * Paints the dropped part of one normalised HWC image in place.
 * `image` holds pixels [offset, offset + 3 * mask.length); mask is 1 on the object.
 */
export function applyMaskFill(
  image: Float32Array,
  offset: number,
  mask: Uint8Array,
  keep: MaskKeep,
  fill: readonly [number, number, number],
): void {
  const drop = keep === 'object' ? 0 : 1;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === drop) {
      const o = offset + 3 * p;
      image[o] = fill[0];
      image[o + 1] = fill[1];
      image[o + 2] = fill[2];
    }
  }
}

/** A copy of `image` with only the object kept. */
export function objectOnly(image: Float32Array, mask: Uint8Array, fill: readonly [number, number, number]): Float32Array {
  const out = image.slice();
  applyMaskFill(out, 0, mask, 'object', fill);
  return out;
}

/** A copy of `image` with only the background kept. */
export function backgroundOnly(image: Float32Array, mask: Uint8Array, fill: readonly [number, number, number]): Float32Array {
  const out = image.slice();
  applyMaskFill(out, 0, mask, 'background', fill);
  return out;
}

/**
 * Mean RGB colour in [0, 1] over a set of images (each image weighted by its pixel count), for
 * the fill colour. Streams: one image in memory per concurrent decode.
 */
export async function datasetMeanRgb(
  paths: readonly string[],
  opts: { concurrency?: number; signal?: AbortSignal } = {},
): Promise<[number, number, number]> {
  const sums = [0, 0, 0];
  let pixels = 0;
  await mapLimit(paths, opts.concurrency ?? 4, async (path) => {
    throwIfAborted(opts.signal);
    const src = await readSourceImage(path);
    const stats = await sharp(src.path, { failOn: 'truncated' }).removeAlpha().toColourspace('srgb').stats();
    const n = src.width * src.height;
    // A greyscale file reports one channel: it is the same value on R, G and B.
    for (let c = 0; c < 3; c++) sums[c] += (stats.channels[Math.min(c, stats.channels.length - 1)].mean / 255) * n;
    pixels += n;
  });
  if (pixels === 0) return [0, 0, 0];
  return [sums[0] / pixels, sums[1] / pixels, sums[2] / pixels];
}
