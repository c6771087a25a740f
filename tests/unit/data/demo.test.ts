import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPLETE_MARKER,
  DEMO_COLUMN_MAPPING,
  DEMO_DATASET_VERSION,
  ensureDemoDataset,
  generateDemoDataset,
  METADATA_COLUMNS,
  REGION_NAMES,
} from '../../../src-main/engine/data/demo/index.ts';
import { readDatasetTable } from '../../../src-main/engine/data/index.ts';
import { CancelledError, InputError } from '../../../src-shared/errors.ts';

const SIZE = 64;
const COUNTS = { train: 40, val: 20, test: 20 };

type Row = Record<(typeof METADATA_COLUMNS)[number], string>;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'faultline-demo-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function readRows(metadataPath: string): Promise<{ header: string[]; rows: Row[] }> {
  const text = await readFile(metadataPath, 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split(',');
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Row[];
  return { header, rows };
}

async function decode(file: string): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

function groupCounts(rows: Row[], split: string): number[] {
  const counts = [0, 0, 0, 0];
  for (const r of rows) if (r.split === split) counts[2 * Number(r.y) + Number(r.place)]++;
  return counts;
}

describe('generateDemoDataset', () => {
  let dir: string;
  let rows: Row[];
  let header: string[];
  const progress: [number, number][] = [];

  beforeAll(async () => {
    const result = await generateDemoDataset(path.join(tmp, 'basic'), {
      seed: 7,
      counts: COUNTS,
      onProgress: (done, total) => progress.push([done, total]),
    });
    dir = result.dir;
    expect(result.rows).toBe(80);
    expect(result.metadataPath).toBe(path.join(dir, 'metadata.csv'));
    ({ header, rows } = await readRows(result.metadataPath));
  });

  it('writes a Waterbirds-style metadata.csv with the demo columns', () => {
    expect(header).toEqual([...METADATA_COLUMNS]);
    expect(rows).toHaveLength(80);
    expect(rows.map((r) => Number(r.img_id))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    for (const r of rows) {
      expect(['0', '1']).toContain(r.y);
      expect(['0', '1', '2']).toContain(r.split);
      expect(['0', '1']).toContain(r.place);
      expect(REGION_NAMES).toContain(r.region);
      expect(r.img_filename).toMatch(r.y === '0' ? /^images\/landbird\/\d{5}\.png$/ : /^images\/waterbird\/\d{5}\.png$/);
      expect(r.mask_filename).toBe(r.img_filename.replace(/^images\//, 'masks/'));
      expect(r.place_filename).toMatch(/^\/[a-z]\/[a-z]+\/[a-z]+_\d{5}\.png$/);
    }
  });

  it('has the requested split sizes', () => {
    expect(rows.filter((r) => r.split === '0')).toHaveLength(COUNTS.train);
    expect(rows.filter((r) => r.split === '1')).toHaveLength(COUNTS.val);
    expect(rows.filter((r) => r.split === '2')).toHaveLength(COUNTS.test);
  });

  it('correlates class and background in train (95%) but balances groups in val and test', () => {
    const train = groupCounts(rows, '0');
    // Groups g = 2y + place: 0 and 3 are the "matching" ones.
    expect((train[0] + train[3]) / COUNTS.train).toBeCloseTo(0.95, 2);
    expect(train[0] + train[1]).toBe(train[2] + train[3]); // classes equal in size
    expect(train[1]).toBeGreaterThan(0); // minority groups exist, as in Waterbirds
    expect(train[2]).toBeGreaterThan(0);
    for (const split of ['1', '2']) {
      for (const n of groupCounts(rows, split)) expect(Math.abs(n - 5)).toBeLessThanOrEqual(1);
    }
  });

  it('over-represents some regions in train only', () => {
    const count = (split: string, region: string) => rows.filter((r) => r.split === split && r.region === region).length;
    expect(count('0', 'Europe')).toBeGreaterThan(2 * count('0', 'Africa'));
    for (const split of ['1', '2']) {
      const perRegion = REGION_NAMES.map((r) => count(split, r));
      expect(Math.max(...perRegion) - Math.min(...perRegion)).toBeLessThanOrEqual(2);
    }
  });

  it('writes every image (RGB) and mask (binary, non-empty) at the requested size', async () => {
    for (const r of rows) {
      const img = await decode(path.join(dir, r.img_filename));
      expect([img.width, img.height, img.channels]).toEqual([SIZE, SIZE, 3]);
      const meta = await sharp(path.join(dir, r.mask_filename)).metadata();
      expect(meta.channels).toBe(1); // greyscale PNG on disk
      const mask = await sharp(path.join(dir, r.mask_filename)).extractChannel(0).raw().toBuffer();
      expect(mask.length).toBe(SIZE * SIZE);
      let on = 0;
      for (const v of mask) {
        if (v !== 0 && v !== 255) throw new Error(`${r.mask_filename} has value ${v}`);
        if (v === 255) on++;
      }
      expect(on).toBeGreaterThan(20);
      expect(on).toBeLessThan(SIZE * SIZE * 0.5);
    }
  });

  it('writes nothing beyond the listed files, plus a README naming the seed', async () => {
    const listed = new Set(rows.flatMap((r) => [r.img_filename, r.mask_filename]));
    for (const kind of ['images', 'masks']) {
      for (const cls of await readdir(path.join(dir, kind))) {
        for (const f of await readdir(path.join(dir, kind, cls))) expect(listed.has(`${kind}/${cls}/${f}`)).toBe(true);
      }
    }
    const readme = await readFile(path.join(dir, 'README.txt'), 'utf8');
    expect(readme).toContain('seed 7');
    expect(readme).toContain(`version ${DEMO_DATASET_VERSION}`);
  });

  it('reports progress up to the total', () => {
    expect(progress[0]).toEqual([0, 80]);
    expect(progress.at(-1)).toEqual([80, 80]);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBe(progress[i - 1][0] + 1);
  });

  it('is read by the table importer with the demo mapping (place, region, masks)', async () => {
    const table = await readDatasetTable({
      metadataPath: path.join(dir, 'metadata.csv'),
      imageRoot: dir,
      preset: 'waterbirds',
      mapping: DEMO_COLUMN_MAPPING,
    });
    expect(table.report.accepted).toBe(80);
    expect(table.report.rejected).toEqual([]);
    expect(table.attributes).toEqual(['place', 'region']);
    expect(table.samples.every((s) => s.maskPath?.startsWith('masks/'))).toBe(true);
  });

  it('rejects bad options with a message saying what to change', async () => {
    await expect(generateDemoDataset(path.join(tmp, 'bad'), { size: 3 })).rejects.toThrow(InputError);
    await expect(generateDemoDataset(path.join(tmp, 'bad'), { counts: { train: -1, val: 0, test: 0 } })).rejects.toThrow(/train count/);
    await expect(generateDemoDataset(path.join(tmp, 'bad'), { counts: { train: 0, val: 0, test: 0 } })).rejects.toThrow(InputError);
  });
});

describe('determinism', () => {
  const small = { train: 8, val: 4, test: 4 };

  async function snapshot(dir: string): Promise<{ csv: string; pixels: Map<string, Buffer> }> {
    const csv = await readFile(path.join(dir, 'metadata.csv'), 'utf8');
    const pixels = new Map<string, Buffer>();
    for (const r of parse(csv, { columns: true }) as Row[]) {
      pixels.set(r.img_filename, (await decode(path.join(dir, r.img_filename))).data);
      pixels.set(r.mask_filename, await sharp(path.join(dir, r.mask_filename)).extractChannel(0).raw().toBuffer());
    }
    return { csv, pixels };
  }

  it('gives byte-identical metadata and identical pixels for the same seed, and different ones for another', async () => {
    const a = await generateDemoDataset(path.join(tmp, 'det-a'), { seed: 99, size: 32, counts: small });
    const b = await generateDemoDataset(path.join(tmp, 'det-b'), { seed: 99, size: 32, counts: small });
    const c = await generateDemoDataset(path.join(tmp, 'det-c'), { seed: 100, size: 32, counts: small });
    const [sa, sb, sc] = await Promise.all([snapshot(a.dir), snapshot(b.dir), snapshot(c.dir)]);
    expect(sb.csv).toBe(sa.csv);
    expect(sb.pixels.size).toBe(32);
    for (const [file, data] of sa.pixels) expect(sb.pixels.get(file)!.equals(data)).toBe(true);
    const firstImage = [...sa.pixels.keys()][0];
    expect(sc.csv === sa.csv && sc.pixels.get(firstImage)?.equals(sa.pixels.get(firstImage)!)).toBe(false);
  });
});

describe('ensureDemoDataset', () => {
  const counts = { train: 8, val: 4, test: 4 };
  const opts = { seed: 3, size: 24, counts };

  it('generates once, marks the folder complete, then leaves it alone', async () => {
    const dir = path.join(tmp, 'ensure', 'demo');
    const first = await ensureDemoDataset(dir, opts);
    expect(first).toEqual({ dir, metadataPath: path.join(dir, 'metadata.csv'), rows: 16, generated: true });
    const marker = JSON.parse(await readFile(path.join(dir, COMPLETE_MARKER), 'utf8'));
    expect(marker).toMatchObject({ version: DEMO_DATASET_VERSION, seed: 3, size: 24, counts, rows: 16 });
    const before = (await stat(first.metadataPath)).mtimeMs;

    const second = await ensureDemoDataset(dir, opts);
    expect(second).toEqual({ ...first, generated: false });
    expect((await stat(first.metadataPath)).mtimeMs).toBe(before);
    // No temporary folders left beside it.
    expect(await readdir(path.dirname(dir))).toEqual(['demo']);
  });

  it('shares one generation between concurrent callers', async () => {
    const dir = path.join(tmp, 'ensure-concurrent', 'demo');
    const [a, b] = await Promise.all([ensureDemoDataset(dir, opts), ensureDemoDataset(dir, opts)]);
    expect(a).toEqual(b);
    expect(await readdir(path.dirname(dir))).toEqual(['demo']);
  });

  it('lets cancellable callers race safely to install the same dataset', async () => {
    const dir = path.join(tmp, 'ensure-race', 'demo');
    const signal = new AbortController().signal;
    const results = await Promise.all([ensureDemoDataset(dir, { ...opts, signal }), ensureDemoDataset(dir, { ...opts, signal })]);
    expect(results.some((r) => r.generated)).toBe(true);
    expect(results.every((r) => r.rows === 16)).toBe(true);
    expect(await readdir(path.dirname(dir))).toEqual(['demo']);
    expect((await ensureDemoDataset(dir, opts)).generated).toBe(false);
  });

  it('replaces a copy from another version or an incomplete folder', async () => {
    const dir = path.join(tmp, 'ensure-stale', 'demo');
    await ensureDemoDataset(dir, opts);
    const markerPath = path.join(dir, COMPLETE_MARKER);
    const marker = JSON.parse(await readFile(markerPath, 'utf8'));
    await writeFile(markerPath, JSON.stringify({ ...marker, version: DEMO_DATASET_VERSION - 1 }));
    await writeFile(path.join(dir, 'leftover.txt'), 'from the old copy');
    expect((await ensureDemoDataset(dir, opts)).generated).toBe(true);
    expect(existsSync(path.join(dir, 'leftover.txt'))).toBe(false);

    await rm(markerPath); // as if a crash hit before the marker was written
    expect((await ensureDemoDataset(dir, opts)).generated).toBe(true);
    expect(existsSync(markerPath)).toBe(true);

    // Different settings are a different dataset.
    expect((await ensureDemoDataset(dir, { ...opts, seed: 4 })).generated).toBe(true);
    expect(await readdir(path.dirname(dir))).toEqual(['demo']);
  });

  it('removes folders abandoned by a dead process', async () => {
    const parent = path.join(tmp, 'ensure-abandoned');
    // pid 2^22+ exceeds Linux's pid_max, so no live process can have it.
    const abandoned = path.join(parent, 'demo.partial-4194999-deadbeef');
    await generateDemoDataset(abandoned, { ...opts, counts: { train: 1, val: 0, test: 0 } });
    await ensureDemoDataset(path.join(parent, 'demo'), opts);
    expect(await readdir(parent)).toEqual(['demo']);
  });

  it('stops on cancel without leaving a dataset or temporary folder', async () => {
    const parent = path.join(tmp, 'ensure-cancel');
    const controller = new AbortController();
    const run = ensureDemoDataset(path.join(parent, 'demo'), {
      ...opts,
      counts: { train: 40, val: 0, test: 0 },
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 5) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(CancelledError);
    expect(await readdir(parent)).toEqual([]);
  });
});
