import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src-shared/errors.ts';
import { imageBatches, type ImageBatch } from '../../../src-main/engine/data/images/image-batches.ts';
import { backgroundOnly, datasetMeanRgb, maskFillValue, objectOnly } from '../../../src-main/engine/data/images/masks.ts';
import { tempDir, writeImage, writeMask, removeTempDirs } from './synthetic-images.ts';

afterAll(removeTempDirs);

let dir: string;
let image: string;
let mask: string;
let smallMask: string;

beforeAll(async () => {
  dir = await tempDir();
  // Object (left half) is white, background (right half) is black.
  image = await writeImage(join(dir, 'img.png'), 16, 16, (x) => (x < 8 ? [255, 255, 255] : [0, 0, 0]));
  mask = await writeMask(join(dir, 'mask.png'), 16, 16, (x) => x < 8);
  // The same mask at half resolution: stretched to the image before the crop.
  smallMask = await writeMask(join(dir, 'mask-small.png'), 8, 8, (x) => x < 4);
});

async function one(opts: Partial<Parameters<typeof imageBatches>[1]>, maskPath = mask): Promise<ImageBatch> {
  for await (const b of imageBatches([{ path: image, maskPath, label: 0 }], {
    batchSize: 1,
    preprocess: { size: 8, resize: 'squash', normalization: 'none' },
    seed: 1,
    onError: 'fail',
    ...opts,
  })) {
    return b;
  }
  throw new Error('no batch');
}

describe('object masks', () => {
  it('loads a mask resized with nearest neighbour to the image geometry', async () => {
    const b = await one({ withMasks: true });
    const row = [...b.masks!.subarray(0, 8)];
    expect(row).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(new Set(b.masks)).toEqual(new Set([0, 1]));
    const small = await one({ withMasks: true }, smallMask);
    expect([...small.masks!.subarray(0, 8)]).toEqual(row);
  });

  it('follows the random crop and flip of its image', async () => {
    for (let epoch = 0; epoch < 6; epoch++) {
      const b = await one({ withMasks: true, augment: { scaleMin: 0.3, hflip: true }, seed: 5, epoch });
      // Where the mask says object the image is white, elsewhere black (up to edge blending).
      let agree = 0;
      for (let p = 0; p < 64; p++) agree += (b.images[3 * p] > 0.5 ? 1 : 0) === b.masks![p] ? 1 : 0;
      expect(agree).toBeGreaterThanOrEqual(56);
    }
  });

  it('makes object-only and background-only images filled with the mean', async () => {
    const fill = maskFillValue({ keep: 'object', fillRgb: [0.5, 0.25, 0] }, 'none');
    expect(fill).toEqual([0.5, 0.25, 0]);
    const img = new Float32Array([1, 1, 1, 0, 0, 0]);
    const m = new Uint8Array([1, 0]);
    expect([...objectOnly(img, m, fill)]).toEqual([1, 1, 1, 0.5, 0.25, 0]);
    expect([...backgroundOnly(img, m, fill)]).toEqual([0.5, 0.25, 0, 0, 0, 0]);
    // Default fill is the normalisation mean, i.e. 0 after normalising.
    expect(maskFillValue({ keep: 'object' }, 'imagenet').map((v) => Math.abs(v))).toEqual([0, 0, 0]);
  });

  it('streams masked variants', async () => {
    const obj = await one({ masked: { keep: 'object', fillRgb: [0.5, 0.5, 0.5] } });
    const bg = await one({ masked: { keep: 'background', fillRgb: [0.5, 0.5, 0.5] } });
    // Row 0: pixels 0-3 object (white), 4-7 background (black).
    expect(obj.images[0]).toBeCloseTo(1, 5);
    expect(obj.images[3 * 6]).toBeCloseTo(0.5, 5);
    expect(bg.images[0]).toBeCloseTo(0.5, 5);
    expect(bg.images[3 * 6]).toBeCloseTo(0, 5);
  });

  it('reports a missing mask as a per-item error', async () => {
    const err = await one({ masked: { keep: 'object' } }, '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/no object mask/);
  });

  it('computes the dataset mean colour', async () => {
    const mean = await datasetMeanRgb([image, image]);
    mean.forEach((c) => expect(c).toBeCloseTo(0.5, 2));
  });
});
