// Sanity check of what the demo is for: the background alone gives away `place` (and, in train,
// the label), while the birds' shapes also carry the label, independently of the background.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../../src-main/engine/data/demo/index.ts';

interface Features {
  y: number;
  split: number;
  place: number;
  group: number;
  /** Mean colour of the background pixels (mask 0). */
  rgb: [number, number, number];
  /** Mask area over its bounding-box area: compact landbirds fill more of their box. */
  fill: number;
}

const SIZE = 64;
let tmp: string;
let feats: Features[];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'faultline-demo-shortcut-'));
  const { dir, metadataPath } = await generateDemoDataset(tmp, { seed: 11, counts: { train: 160, val: 0, test: 80 } });
  const rows = parse(await readFile(metadataPath, 'utf8'), { columns: true }) as Record<string, string>[];
  feats = [];
  for (const r of rows) {
    const img = await sharp(path.join(dir, r.img_filename)).raw().toBuffer();
    const mask = await sharp(path.join(dir, r.mask_filename)).extractChannel(0).raw().toBuffer();
    const sum = [0, 0, 0];
    let background = 0;
    let area = 0;
    let [x0, x1, y0, y1] = [SIZE, -1, SIZE, -1];
    for (let i = 0; i < SIZE * SIZE; i++) {
      if (mask[i]) {
        area++;
        const x = i % SIZE;
        const y = Math.floor(i / SIZE);
        [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
      } else {
        background++;
        for (let c = 0; c < 3; c++) sum[c] += img[i * 3 + c];
      }
    }
    const y = Number(r.y);
    const place = Number(r.place);
    feats.push({
      y,
      split: Number(r.split),
      place,
      group: 2 * y + place,
      rgb: [sum[0] / background, sum[1] / background, sum[2] / background],
      fill: area / ((x1 - x0 + 1) * (y1 - y0 + 1)),
    });
  }
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function accuracy(items: Features[], predict: (f: Features) => number, target: (f: Features) => number): number {
  return mean(items.map((f) => (predict(f) === target(f) ? 1 : 0)));
}

describe('demo dataset shortcut', () => {
  it('lets a nearest-centroid classifier on mean background colour predict place almost perfectly', () => {
    const train = feats.filter((f) => f.split === 0);
    const test = feats.filter((f) => f.split === 2);
    const centroid = (place: number) => [0, 1, 2].map((c) => mean(train.filter((f) => f.place === place).map((f) => f.rgb[c])));
    const centroids = [centroid(0), centroid(1)];
    const dist = (a: number[], b: number[]) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
    const predictPlace = (f: Features) => (dist(f.rgb, centroids[0]) <= dist(f.rgb, centroids[1]) ? 0 : 1);

    expect(accuracy(test, predictPlace, (f) => f.place)).toBeGreaterThanOrEqual(0.97);
    // The shortcut: in train the background predicts the label; on the balanced test split the
    // same rule fails the minority groups (landbird on water, waterbird on land).
    expect(accuracy(train, predictPlace, (f) => f.y)).toBeGreaterThanOrEqual(0.9);
    for (const g of [1, 2]) expect(accuracy(test.filter((f) => f.group === g), predictPlace, (f) => f.y)).toBeLessThanOrEqual(0.1);
  });

  it('gives the two classes different shapes, whatever the background', () => {
    const train = feats.filter((f) => f.split === 0);
    const test = feats.filter((f) => f.split === 2);
    const fill0 = mean(train.filter((f) => f.y === 0).map((f) => f.fill));
    const fill1 = mean(train.filter((f) => f.y === 1).map((f) => f.fill));
    expect(fill0 - fill1).toBeGreaterThan(0.05);
    const threshold = (fill0 + fill1) / 2;
    const predictY = (f: Features) => (f.fill > threshold ? 0 : 1);
    expect(accuracy(test, predictY, (f) => f.y)).toBeGreaterThanOrEqual(0.75);
    for (const g of [0, 1, 2, 3]) expect(accuracy(test.filter((f) => f.group === g), predictY, (f) => f.y)).toBeGreaterThanOrEqual(0.6);
  });
});
