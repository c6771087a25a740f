import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, InputError } from '../../../src-shared/errors.ts';
import { imageBatches, type ImageBatch, type ImageItem } from '../../../src-main/engine/data/images/image-batches.ts';
import { NORMALIZATION_PRESETS } from '../../../src-main/engine/data/images/normalization.ts';
import type { PreprocessSpec } from '../../../src-main/engine/data/images/preprocess.ts';
import { tempDir, writeImage, writeTruncated, removeTempDirs } from './synthetic-images.ts';

afterAll(removeTempDirs);

const none: PreprocessSpec = { size: 8, resize: 'squash', normalization: 'none' };

async function collect(items: ImageItem[], opts: Partial<Parameters<typeof imageBatches>[1]> = {}): Promise<ImageBatch[]> {
  const out: ImageBatch[] = [];
  for await (const b of imageBatches(items, { batchSize: 3, preprocess: none, seed: 1, onError: 'fail', ...opts })) out.push(b);
  return out;
}

let dir: string;
let items: ImageItem[];
let halves: string;

beforeAll(async () => {
  dir = await tempDir();
  items = [];
  for (let i = 0; i < 7; i++) {
    const format = (['png', 'jpeg', 'webp'] as const)[i % 3];
    const path = await writeImage(join(dir, `img${i}.${format === 'jpeg' ? 'jpg' : format}`), 16 + i, 12, () => [i * 30, 100, 200 - i * 20], format);
    items.push({ path, label: i % 2 });
  }
  // Left half red, right half blue: shows whether an image was mirrored.
  halves = await writeImage(join(dir, 'halves.png'), 16, 16, (x) => (x < 8 ? [255, 0, 0] : [0, 0, 255]));
});

describe('imageBatches', () => {
  it('decodes png, jpeg and webp into normalised float32 HWC batches', async () => {
    const batches = await collect(items);
    expect(batches.map((b) => b.indices.length)).toEqual([3, 3, 1]);
    const b0 = batches[0];
    expect(b0.images.length).toBe(3 * 8 * 8 * 3);
    expect([...b0.labels]).toEqual([0, 1, 0]);
    expect([...b0.indices]).toEqual([0, 1, 2]);
    // Image 0 is (0, 100, 200) everywhere: with 'none' normalisation pixels are value / 255.
    expect(b0.images[0]).toBeCloseTo(0, 5);
    expect(b0.images[1]).toBeCloseTo(100 / 255, 5);
    expect(b0.images[2]).toBeCloseTo(200 / 255, 5);
    // Image 1 is a JPEG: lossy, but close.
    expect(b0.images[8 * 8 * 3 + 1]).toBeCloseTo(100 / 255, 1);
  });

  it('normalises with the ImageNet preset', async () => {
    const [b] = await collect([items[0]], { preprocess: { size: 4, resize: 'center-crop', normalization: 'imagenet' } });
    const { mean, std } = NORMALIZATION_PRESETS.imagenet;
    expect(b.images[0]).toBeCloseTo((0 - mean[0]) / std[0], 4);
    expect(b.images[2]).toBeCloseTo((200 / 255 - mean[2]) / std[2], 4);
  });

  it('shuffles reproducibly per seed and epoch', async () => {
    const order = async (seed: number, epoch: number): Promise<number[]> =>
      (await collect(items, { shuffle: true, seed, epoch })).flatMap((b) => [...b.indices]);
    const a = await order(1, 0);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await order(1, 0)).toEqual(a);
    expect(await order(1, 1)).not.toEqual(a);
  });

  it('gives identical augmented batches for the same seed, whatever the prefetch and concurrency', async () => {
    const aug = { augment: { scaleMin: 0.2, hflip: true }, shuffle: true, seed: 4, epoch: 3 };
    const a = await collect(items, { ...aug, prefetch: 0, concurrency: 1 });
    const b = await collect(items, { ...aug, prefetch: 3, concurrency: 8 });
    expect(b.map((x) => [...x.indices])).toEqual(a.map((x) => [...x.indices]));
    for (let i = 0; i < a.length; i++) expect(b[i].images).toEqual(a[i].images);
    const c = await collect(items, { ...aug, epoch: 4 });
    expect(c.flatMap((x) => [...x.images])).not.toEqual(a.flatMap((x) => [...x.images]));
  });

  it('mirrors images when the flip draw says so', async () => {
    const red = (b: ImageBatch, x: number): number => b.images[(0 * 8 + x) * 3];
    let flipped = 0;
    let straight = 0;
    for (let epoch = 0; epoch < 12; epoch++) {
      // scaleMin 1 on a square image: the crop is the whole image, only the flip varies.
      const [b] = await collect([{ path: halves, label: 0 }], { augment: { scaleMin: 1, hflip: true, ratio: [1, 1] }, epoch });
      if (red(b, 0) > 0.9 && red(b, 7) < 0.1) straight++;
      else if (red(b, 0) < 0.1 && red(b, 7) > 0.9) flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    expect(straight).toBeGreaterThan(0);
    expect(flipped + straight).toBe(12);
  });

  it("fails on a corrupt or truncated image with an error naming it ('fail')", async () => {
    const bad = await writeTruncated(join(dir, 'bad.jpg'), await readFile(items[1].path), 0.5);
    const garbage = join(dir, 'garbage.png');
    await (await import('node:fs/promises')).writeFile(garbage, 'not an image at all');
    for (const path of [bad, garbage]) {
      const err = await collect([items[0], { path, label: 1 }], {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message).toContain(path);
      expect((err as InputError).details.file).toBe(path);
    }
    const missing = await collect([{ path: join(dir, 'nope.png') }]).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/does not exist/);
  });

  it("skips unreadable images and reports them ('skip')", async () => {
    const bad = await writeTruncated(join(dir, 'bad2.png'), await readFile(items[0].path), 0.4);
    const list = [items[0], { path: bad, label: 1 }, items[2], { path: join(dir, 'missing.png'), label: 0 }];
    const batches = await collect(list, { onError: 'skip', batchSize: 2 });
    expect(batches.flatMap((b) => [...b.indices])).toEqual([0, 2]);
    const errors = batches.flatMap((b) => b.errors);
    expect(errors.map((e) => e.index)).toEqual([1, 3]);
    expect(errors[0].path).toBe(bad);
    expect(errors[0].message).toMatch(/could not be decoded/);
    // A batch keeps only the readable images, packed.
    expect(batches[0].images.length).toBe(1 * 8 * 8 * 3);
    expect([...batches[0].labels]).toEqual([0]);
  });

  it('stops with CancelledError when the signal aborts', async () => {
    const ctl = new AbortController();
    const seen: number[] = [];
    const err = await (async () => {
      for await (const b of imageBatches(items, { batchSize: 2, preprocess: none, seed: 1, onError: 'fail', signal: ctl.signal })) {
        seen.push(...b.indices);
        ctl.abort();
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(seen).toEqual([0, 1]);
  });

  it('can be abandoned early without unhandled rejections from batches decoded ahead', async () => {
    const list = [...items, { path: join(dir, 'missing-ahead.png') }];
    for await (const b of imageBatches(list, { batchSize: 2, preprocess: none, seed: 1, onError: 'fail', prefetch: 4 })) {
      expect(b.indices.length).toBe(2);
      break;
    }
  });

  it('rejects bad options with InputError', async () => {
    await expect(collect(items, { batchSize: 0 })).rejects.toBeInstanceOf(InputError);
    await expect(collect(items, { preprocess: { size: 0, resize: 'squash', normalization: 'none' } })).rejects.toBeInstanceOf(InputError);
    await expect(collect(items, { augment: { scaleMin: 0, hflip: false } })).rejects.toBeInstanceOf(InputError);
    await expect(collect(items, { preprocess: { size: 8, resize: 'squash', normalization: 'nope' as 'none' } })).rejects.toThrow(/preset/);
  });
});
