// Writes the demo dataset to disk in Waterbirds layout (metadata.csv + image folders), plus an
// object mask per image and a README. Plain files only, so the ordinary importer reads it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { InputError } from '../../../../src-shared/errors.ts';
import { planDemoSamples, TRAIN_CORRELATION, type DemoCounts, type PlannedSample } from './plan.ts';
import { forEachBounded } from './pool.ts';
import { REGION_NAMES, REGIONS } from './regions.ts';
import { renderSample } from './render.ts';
import { DEFAULT_DEMO_COUNTS, DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZE, DEMO_DATASET_VERSION } from './version.ts';

export interface DemoOptions {
  seed?: number;
  /** Image side in pixels. */
  size?: number;
  counts?: DemoCounts;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface DemoResult {
  dir: string;
  metadataPath: string;
  rows: number;
}

/** The settings that determine the output, after defaults; also what `.complete` records. */
export interface ResolvedDemoSettings {
  version: number;
  seed: number;
  size: number;
  counts: DemoCounts;
}

export const CLASS_NAMES = ['landbird', 'waterbird'] as const;
export const METADATA_COLUMNS = ['img_id', 'img_filename', 'y', 'split', 'place', 'place_filename', 'region', 'mask_filename'] as const;
const IN_FLIGHT = 8;

export function resolveDemoSettings(opts: DemoOptions = {}): ResolvedDemoSettings {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const size = opts.size ?? DEFAULT_DEMO_SIZE;
  const counts = opts.counts ?? { ...DEFAULT_DEMO_COUNTS };
  if (!Number.isSafeInteger(seed)) throw new InputError(`Demo seed must be an integer, got ${seed}.`);
  if (!Number.isInteger(size) || size < 16 || size > 1024) {
    throw new InputError(`Demo image size must be an integer between 16 and 1024 pixels, got ${size}.`);
  }
  for (const key of ['train', 'val', 'test'] as const) {
    const n = counts[key];
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
      throw new InputError(`Demo ${key} count must be a whole number between 0 and 1000000, got ${n}.`);
    }
  }
  if (counts.train + counts.val + counts.test === 0) throw new InputError('The demo dataset needs at least one image.');
  return { version: DEMO_DATASET_VERSION, seed, size, counts: { train: counts.train, val: counts.val, test: counts.test } };
}

/**
 * Generates the demo dataset into `dir` (created if needed; existing files with the same names
 * are overwritten). Same settings -> byte-identical metadata.csv and identical pixels.
 * Prefer `ensureDemoDataset`, which builds in a temporary folder and swaps it in atomically.
 */
export async function generateDemoDataset(dir: string, opts: DemoOptions = {}): Promise<DemoResult> {
  const settings = resolveDemoSettings(opts);
  const root = path.resolve(dir);
  const samples = planDemoSamples(settings.seed, settings.counts);
  const width = Math.max(5, String(samples.length).length);
  const files = samples.map((s) => sampleFiles(s, width));

  for (const kind of ['images', 'masks']) {
    for (const cls of CLASS_NAMES) await mkdir(path.join(root, kind, cls), { recursive: true });
  }

  const total = samples.length;
  let done = 0;
  opts.onProgress?.(0, total);
  await forEachBounded(
    samples,
    IN_FLIGHT,
    async (sample, i) => {
      const { rgb, mask } = renderSample(sample, settings.size, sample.renderSeed);
      const side = settings.size;
      // 'b-w' keeps the mask a one-channel greyscale PNG; sharp would otherwise widen it to RGB.
      await Promise.all([
        sharp(rgb, { raw: { width: side, height: side, channels: 3 } }).png().toFile(path.join(root, files[i].image)),
        sharp(mask, { raw: { width: side, height: side, channels: 1 } }).toColourspace('b-w').png().toFile(path.join(root, files[i].mask)),
      ]);
      done++;
      opts.onProgress?.(done, total);
    },
    opts.signal,
  );

  const metadataPath = path.join(root, 'metadata.csv');
  await writeFile(metadataPath, metadataCsv(samples, files));
  await writeFile(path.join(root, 'README.txt'), readme(settings, samples));
  return { dir: root, metadataPath, rows: total };
}

interface SampleFiles {
  image: string;
  mask: string;
  place: string;
}

function sampleFiles(s: PlannedSample, width: number): SampleFiles {
  const id = String(s.imgId).padStart(width, '0');
  const cls = CLASS_NAMES[s.y];
  const style = REGIONS[s.region];
  const scene = s.place === 0 ? style.land.texture : style.water.texture;
  return {
    image: `images/${cls}/${id}.png`,
    mask: `masks/${cls}/${id}.png`,
    // Waterbirds names the Places image its background came from; ours names the procedural
    // scene instead (no such file exists), in the same "/letter/scene/name" shape.
    place: `/${scene[0]}/${scene}/${s.region.toLowerCase()}_${id}.png`,
  };
}

function metadataCsv(samples: PlannedSample[], files: SampleFiles[]): string {
  const lines = [METADATA_COLUMNS.join(',')];
  samples.forEach((s, i) => {
    lines.push([s.imgId, files[i].image, s.y, s.split, s.place, files[i].place, s.region, files[i].mask].join(','));
  });
  return lines.join('\n') + '\n';
}

function readme(settings: ResolvedDemoSettings, samples: PlannedSample[]): string {
  const splitNames = ['train (0)', 'val (1)', 'test (2)'];
  const groupLines = splitNames.map((name, split) => {
    const inSplit = samples.filter((s) => s.split === split);
    const cells = [0, 1, 2, 3].map((g) => inSplit.filter((s) => 2 * s.y + s.place === g).length);
    const regions = REGION_NAMES.map((r) => `${r} ${inSplit.filter((s) => s.region === r).length}`).join(', ');
    return `  ${name.padEnd(10)} n=${String(inSplit.length).padEnd(6)} groups [${cells.join(', ')}]  regions: ${regions}`;
  });
  return `Faultline demo dataset (synthetic, Waterbirds layout)
=====================================================

Generated procedurally by Faultline's demo generator: no photographs, nothing downloaded.
Generator version ${settings.version}, seed ${settings.seed}, images ${settings.size}x${settings.size} px RGB PNG.
The same version and seed always produce the same metadata.csv and the same pixels.

What is in it
- y: 0 = "landbird" (compact, upright perching bird with a round body, big head, short beak,
  short legs), 1 = "waterbird" (long, low body, long S-shaped neck, small head, long beak;
  swimming or on long wading legs). Pose, size, position, colour and markings are randomized.
- place: 0 = land scene, 1 = water scene. Water scenes are blue-dominant, land scenes are
  green/brown/ochre: an easy feature that a model can use instead of the bird's shape.
- split: 0 train, 1 val, 2 test. In train ${Math.round(TRAIN_CORRELATION * 100)}% of each class sits on its "matching"
  background (landbird on land, waterbird on water), so place predicts y there: a shortcut.
  In val and test the four groups (y, place) are balanced, as in Waterbirds.
- region: Africa, Americas, Asia, Europe. Each region has its own land and water textures,
  bird palette and markings, and lighting. Train over-represents Europe and the Americas
  (shares ${REGION_NAMES.map((r) => `${r} ${Math.round(REGIONS[r].trainShare * 100)}%`).join(', ')}); val and test are uniform.
- mask_filename: the bird's mask (PNG, 255 on the bird, 0 on the background).
- place_filename: names the procedural scene (there is no such file), like Waterbirds' Places paths.

Groups are numbered g = 2*y + place: 0 landbird/land, 1 landbird/water, 2 waterbird/land,
3 waterbird/water.

Counts
${groupLines.join('\n')}

Files
  metadata.csv   ${METADATA_COLUMNS.join(',')}
  images/<class>/<id>.png, masks/<class>/<id>.png (paths in the CSV are relative to this folder)
`;
}
