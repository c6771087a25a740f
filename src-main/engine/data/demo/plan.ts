// Decides what every demo sample is (split, label, place, region) before anything is drawn.
// Counts are allocated exactly (largest remainder), not sampled, so the Waterbirds structure
// holds even for tiny test datasets: in train 95% of each class sits on its matching
// background; val and test have the four (y, place) groups in equal shares.
import { hashSeed, labelSeed, Rng } from './prng.ts';
import { REGION_NAMES, REGIONS, type RegionName } from './regions.ts';

export type DemoSplit = 0 | 1 | 2;

export interface DemoCounts {
  train: number;
  val: number;
  test: number;
}

export interface PlannedSample {
  /** 1-based, as in Waterbirds. */
  imgId: number;
  split: DemoSplit;
  y: 0 | 1;
  place: 0 | 1;
  region: RegionName;
  /** Seed of this sample's own random streams (its image depends on nothing else). */
  renderSeed: number;
}

/** Share of each class drawn on its matching background in train (Waterbirds: 95%). */
export const TRAIN_CORRELATION = 0.95;

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainder). Ties in the
 * remainder are broken by `rng`, so small cells do not always favour the first category.
 */
export function apportion(total: number, weights: readonly number[], rng: Rng): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, rem: e - Math.floor(e), tie: rng.next() }));
  order.sort((a, b) => b.rem - a.rem || a.tie - b.tie);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]++;
    left--;
  }
  return parts;
}

/**
 * Train group sizes in Waterbirds order (g = 2*y + place): the classes are equal in size and 95%
 * of each sits on its matching background (class 0 on land, class 1 on water).
 */
function trainGroupCounts(n: number, rng: Rng): number[] {
  const [class0, class1] = apportion(n, [1, 1], rng);
  const [landOnLand, landOnWater] = apportion(class0, [TRAIN_CORRELATION, 1 - TRAIN_CORRELATION], rng);
  const [waterOnWater, waterOnLand] = apportion(class1, [TRAIN_CORRELATION, 1 - TRAIN_CORRELATION], rng);
  return [landOnLand, landOnWater, waterOnLand, waterOnWater];
}

function regionWeights(split: DemoSplit): number[] {
  return REGION_NAMES.map((r) => (split === 0 ? REGIONS[r].trainShare : 1));
}

export function planDemoSamples(seed: number, counts: DemoCounts): PlannedSample[] {
  const rng = new Rng(hashSeed(seed, labelSeed('plan')));
  const rows: Omit<PlannedSample, 'imgId' | 'renderSeed'>[] = [];
  const splits: [DemoSplit, number][] = [[0, counts.train], [1, counts.val], [2, counts.test]];
  for (const [split, n] of splits) {
    const groups = split === 0 ? trainGroupCounts(n, rng) : apportion(n, [1, 1, 1, 1], rng);
    const cells: [0 | 1, 0 | 1, number][] = [[0, 0, groups[0]], [0, 1, groups[1]], [1, 0, groups[2]], [1, 1, groups[3]]];
    for (const [y, place, count] of cells) {
      // Regions are allocated inside each cell so region stays independent of the group.
      const perRegion = apportion(count, regionWeights(split), rng);
      REGION_NAMES.forEach((region, r) => {
        for (let k = 0; k < perRegion[r]; k++) rows.push({ split, y, place, region });
      });
    }
  }
  rng.shuffle(rows);
  return rows.map((row, i) => ({ ...row, imgId: i + 1, renderSeed: hashSeed(seed, labelSeed('render'), i + 1) }));
}
