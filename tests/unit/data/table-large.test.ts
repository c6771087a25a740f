import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatasetTable } from '../../../src-main/engine/data/index.ts';
import { makeTempDir, writeImage, writeText } from './helpers.ts';

// Sanity, not timing: a 100k-row table parses in one streaming pass and every row is accounted for.
const ROWS = 100_000;
const tmp = makeTempDir('large');
let csv: string;

beforeAll(async () => {
  for (let i = 0; i < 10; i++) await writeImage(join(tmp.dir, 'img', `${i}.png`));
  const lines = ['img_id,img_filename,y,split,place,place_filename'];
  for (let i = 0; i < ROWS; i++) {
    // Every 10,000th row points at a missing image and must come back rejected.
    const image = i % 10_000 === 9_999 ? 'img/missing.png' : `img/${i % 10}.png`;
    lines.push(`${i},${image},${i % 2},${i % 3},${(i >> 1) % 2},x`);
  }
  csv = writeText(join(tmp.dir, 'metadata.csv'), lines.join('\n') + '\n');
});
afterAll(() => tmp.cleanup());

describe('large tables', () => {
  // One pass only (previewTable's row count is covered on small files) to keep the suite quick.
  it(`reads ${ROWS} rows`, async () => {
    const mapping = { id: 'img_id', imagePath: 'img_filename', split: 'split', label: 'y', attributes: ['place'] };
    const t = await readDatasetTable({ metadataPath: csv, imageRoot: tmp.dir, preset: 'waterbirds', mapping });
    expect(t.report.accepted).toBe(ROWS - 10);
    expect(t.report.rejected).toHaveLength(10);
    expect(t.report.rejected[0]).toEqual({ row: 10_001, reason: expect.stringMatching(/^image file not found: img\/missing\.png/) });
    // The last data row (i = 99,999) is one of the missing images; the one before it is kept.
    expect(t.samples.at(-1)).toMatchObject({ row: ROWS, externalId: String(ROWS - 2) });
    expect(t.report.rejected.at(-1)!.row).toBe(ROWS + 1);
    expect(t.samples.filter((s) => s.split === 'val')).toHaveLength(33_330);
  });
});
