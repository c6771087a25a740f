// Small deterministic Waterbirds-like data sets for the engine tests: the label is carried weakly
// by a few "core" features, the spurious attribute strongly by others, and train is correlated.
import { createRng } from '../../../src-main/engine/probes/index.ts';
import type { AnalysisSample, LoadedMatrix } from '../../../src-main/engine/analyses/types.ts';
import type { Split } from '../../../src-shared/api.ts';

export interface SyntheticOptions {
  /** Group sizes per split, indexed [label][attribute value]. */
  train: number[][];
  val: number[][];
  test: number[][];
  dim?: number;
  seed?: number;
  coreShift?: number;
  spuriousShift?: number;
  /** Second attribute with this many values, assigned at random (independent of everything). */
  extraAttributeValues?: number;
}

export interface Synthetic {
  samples: AnalysisSample[];
  embeddings: LoadedMatrix;
}

function gaussian(rng: { next(): number }): number {
  // Box-Muller; 1 - u keeps the log argument in (0, 1].
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function makeSynthetic(o: SyntheticOptions, name = 'emb'): Synthetic {
  const dim = o.dim ?? 16;
  const rng = createRng(o.seed ?? 7);
  const nLabels = o.train.length;
  const samples: AnalysisSample[] = [];
  const rows: number[][] = [];
  const splits: [Split, number[][]][] = [
    ['train', o.train],
    ['val', o.val],
    ['test', o.test],
  ];
  for (const [split, sizes] of splits) {
    for (let y = 0; y < nLabels; y++) {
      for (let a = 0; a < sizes[y].length; a++) {
        for (let k = 0; k < sizes[y][a]; k++) {
          const x = Array.from({ length: dim }, () => gaussian(rng));
          // Label y shifts features 2y..2y+1 (one-hot-ish, works for any number of classes).
          x[(2 * y) % dim] += o.coreShift ?? 1.2;
          x[(2 * y + 1) % dim] += o.coreShift ?? 1.2;
          x[dim - 1 - a] += o.spuriousShift ?? 3;
          const attributes: Record<string, string> = { place: String(a) };
          if (o.extraAttributeValues) attributes.season = `s${rng.int(o.extraAttributeValues)}`;
          samples.push({ id: 1000 + samples.length, externalId: `x${samples.length}`, split, label: `c${y}`, attributes, mediaPath: '' });
          rows.push(x);
        }
      }
    }
  }
  // Shuffle rows so splits and groups are interleaved, as in real metadata files.
  const order = rng.shuffle(Array.from(samples.keys()));
  const data = new Float32Array(order.length * dim);
  order.forEach((src, i) => data.set(rows[src], i * dim));
  return {
    samples: order.map((src, i) => ({ ...samples[src], id: 1000 + i })),
    embeddings: { name, data, rows: order.length, cols: dim },
  };
}

/** A correlated train split (95% majority groups), balanced-place val and test. */
export function waterbirdsLike(seed = 7, dim = 16): Synthetic {
  return makeSynthetic({
    train: [
      [380, 20],
      [20, 380],
    ],
    val: [
      [60, 60],
      [40, 40],
    ],
    test: [
      [60, 60],
      [40, 40],
    ],
    dim,
    seed,
  });
}
