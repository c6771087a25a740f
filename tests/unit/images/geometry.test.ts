import { describe, expect, it } from 'vitest';
import { centerCropBox, randomResizedCropBox, resizeShorterSide, roundHalfEven } from '../../../src-main/engine/data/images/geometry.ts';
import { planAugmented, planEval, scaleMinFor } from '../../../src-main/engine/data/images/preprocess.ts';
import { epochOrder, itemRandom, seededRandom } from '../../../src-main/engine/data/images/seeded-random.ts';

describe('torchvision integer geometry', () => {
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });

  it('resizes the shorter side and truncates the longer (Resize(int))', () => {
    expect(resizeShorterSide(500, 375, 256)).toEqual({ width: 341, height: 256 });
    expect(resizeShorterSide(375, 500, 256)).toEqual({ width: 256, height: 341 });
    expect(resizeShorterSide(64, 64, 32)).toEqual({ width: 32, height: 32 });
  });

  it('center-crops with round-half-even offsets (CenterCrop)', () => {
    expect(centerCropBox(341, 256, 224)).toEqual({ top: 16, left: 58, width: 224, height: 224 });
    // (5 - 2) / 2 = 1.5 rounds to 2.
    expect(centerCropBox(5, 5, 2)).toEqual({ top: 2, left: 2, width: 2, height: 2 });
  });

  it('plans the evaluation transform', () => {
    const plan = planEval(80, 40, { size: 32, resize: 'center-crop', normalization: 'imagenet' });
    expect(plan.resize).toEqual({ width: 64, height: 32 });
    expect(plan.postCrop).toEqual({ top: 0, left: 16, width: 32, height: 32 });
    expect(planEval(80, 40, { size: 32, resize: 'squash', normalization: 'half' }).resize).toEqual({ width: 32, height: 32 });
  });
});

describe('RandomResizedCrop', () => {
  const params = { scale: [0.08, 1] as [number, number], ratio: [3 / 4, 4 / 3] as [number, number] };

  it('draws crops whose area and aspect ratio lie in range, inside the image', () => {
    const rnd = seededRandom(7);
    const W = 200;
    const H = 150;
    let fractionSum = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const b = randomResizedCropBox(W, H, params, rnd);
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.left + b.width).toBeLessThanOrEqual(W);
      expect(b.top + b.height).toBeLessThanOrEqual(H);
      const frac = (b.width * b.height) / (W * H);
      // Rounding of w and h moves the area a little past the nominal bounds on small crops.
      expect(frac).toBeGreaterThan(0.06);
      expect(frac).toBeLessThanOrEqual(1);
      const ratio = b.width / b.height;
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.45);
      fractionSum += frac;
    }
    // Accepted draws are biased to small areas (large ones fail to fit more often): the mean
    // area fraction is well below the uniform mean 0.54 but far above the minimum.
    const mean = fractionSum / n;
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(0.54);
  });

  it('stronger augmentation (smaller s) gives smaller crops on average', () => {
    const meanFraction = (s: number): number => {
      const rnd = seededRandom(3);
      let sum = 0;
      for (let i = 0; i < 2000; i++) {
        const b = randomResizedCropBox(100, 100, { scale: [s, 1], ratio: params.ratio }, rnd);
        sum += (b.width * b.height) / 10000;
      }
      return sum / 2000;
    };
    const strong = meanFraction(0.08);
    const mid = meanFraction(0.5);
    const weak = meanFraction(0.9);
    expect(strong).toBeLessThan(mid);
    expect(mid).toBeLessThan(weak);
    expect(weak).toBeGreaterThan(0.85);
  });

  it('falls back to the central crop after 10 failed tries (torchvision semantics)', () => {
    // scale = (1, 1) on a 2:1 image: every try needs the full area at ratio <= 4/3, which never fits.
    const b = randomResizedCropBox(200, 100, { scale: [1, 1], ratio: params.ratio }, seededRandom(1));
    // in_ratio 2 > 4/3: h = 100, w = round(100 * 4/3) = 133, centred.
    expect(b).toEqual({ top: 0, left: 33, width: 133, height: 100 });
    const tall = randomResizedCropBox(100, 200, { scale: [1, 1], ratio: params.ratio }, seededRandom(1));
    expect(tall).toEqual({ top: 33, left: 0, width: 100, height: 133 });
    // A square image with scale (1, 1): the full image (ratio 1 is in range).
    const sq = randomResizedCropBox(50, 50, { scale: [1, 1], ratio: [1, 1] }, seededRandom(1));
    expect(sq).toEqual({ top: 0, left: 0, width: 50, height: 50 });
  });

  it('is reproducible per (seed, epoch, index) and differs across epochs', () => {
    const aug = { scaleMin: 0.08, hflip: true };
    const a = planAugmented(120, 90, 32, aug, 0, itemRandom(5, 2, 17));
    const b = planAugmented(120, 90, 32, aug, 0, itemRandom(5, 2, 17));
    expect(a).toEqual(b);
    const plans = Array.from({ length: 10 }, (_, e) => JSON.stringify(planAugmented(120, 90, 32, aug, 0, itemRandom(5, e, 17))));
    expect(new Set(plans).size).toBeGreaterThan(5);
  });

  it('flips about half the time', () => {
    let flips = 0;
    for (let i = 0; i < 1000; i++) flips += planAugmented(50, 50, 16, { scaleMin: 0.5, hflip: true }, 0, itemRandom(1, 0, i)).flip ? 1 : 0;
    expect(flips).toBeGreaterThan(430);
    expect(flips).toBeLessThan(570);
    expect(planAugmented(50, 50, 16, { scaleMin: 0.5, hflip: false }, 0, itemRandom(1, 0, 0)).flip).toBe(false);
  });

  it('applies per-class scale overrides (class-conditional augmentation)', () => {
    const aug = { scaleMin: 0.08, hflip: false, perClassScaleMin: { 1: 0.9 } };
    expect(scaleMinFor(aug, 0)).toBe(0.08);
    expect(scaleMinFor(aug, 1)).toBe(0.9);
    expect(scaleMinFor(aug, undefined)).toBe(0.08);
    const meanArea = (label: number): number => {
      let s = 0;
      for (let i = 0; i < 500; i++) {
        const p = planAugmented(100, 100, 16, aug, label, itemRandom(9, 0, i));
        s += (p.preCrop!.width * p.preCrop!.height) / 10000;
      }
      return s / 500;
    };
    expect(meanArea(1)).toBeGreaterThan(0.85);
    expect(meanArea(0)).toBeLessThan(0.5);
  });
});

describe('data order', () => {
  it('is a seeded permutation per epoch, identity without shuffle', () => {
    const a = epochOrder(50, 1, 0, true);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochOrder(50, 1, 0, true)).toEqual(a);
    expect(epochOrder(50, 1, 1, true)).not.toEqual(a);
    expect(epochOrder(50, 2, 0, true)).not.toEqual(a);
    expect([...epochOrder(5, 1, 0, false)]).toEqual([0, 1, 2, 3, 4]);
  });
});
