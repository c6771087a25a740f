import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewTable, readDatasetTable } from '../../../src-main/engine/data/index.ts';
import { makeTempDir, writeImage, writeText } from './helpers.ts';

const HEADER = 'img_id,img_filename,y,split,place,place_filename';
const tmp = makeTempDir('waterbirds');
let root: string;

beforeAll(async () => {
  root = join(tmp.dir, 'waterbird_complete95_forest2water2');
  const files = [
    '001.Black_footed_Albatross/a_0001.jpg',
    '001.Black_footed_Albatross/a_0002.jpg',
    '002.Laysan_Albatross/b_0001.jpg',
    '003.Sooty_Albatross/c_0001.jpg',
    '004.Groove_billed_Ani/d_0001.jpg',
  ];
  for (const f of files) await writeImage(join(root, f));
});
afterAll(() => tmp.cleanup());

function waterbirdsCsv(lines: string[]): string {
  return writeText(join(root, 'metadata.csv'), [HEADER, ...lines].join('\n') + '\n');
}

describe('Waterbirds preset', () => {
  it('detects the preset and suggests its mapping and root', async () => {
    const csv = waterbirdsCsv([
      '1,001.Black_footed_Albatross/a_0001.jpg,1,0,1,/o/ocean/00002178.jpg',
      '2,001.Black_footed_Albatross/a_0002.jpg,1,1,0,/f/forest/00001.jpg',
      '3,002.Laysan_Albatross/b_0001.jpg,0,2,0,/b/bamboo/1.jpg',
    ]);
    const p = await previewTable(csv);
    expect(p.preset).toBe('waterbirds');
    expect(p.columns).toEqual(HEADER.split(','));
    expect(p.totalRows).toBe(3);
    expect(p.rows[0][1]).toBe('001.Black_footed_Albatross/a_0001.jpg');
    expect(p.suggestedMapping).toEqual({ id: 'img_id', imagePath: 'img_filename', split: 'split', label: 'y', attributes: ['place'] });
    expect(p.suggestedImageRoot).toBe(root);
    expect(p.companionFiles).toEqual([]);
  });

  it('reads samples with 0/1/2 splits, labels and place attribute', async () => {
    const csv = waterbirdsCsv([
      '1,001.Black_footed_Albatross/a_0001.jpg,1,0,1,x',
      '2,001.Black_footed_Albatross/a_0002.jpg,1,1,0,x',
      '3,002.Laysan_Albatross/b_0001.jpg,0,2,0,x',
      '4,003.Sooty_Albatross/c_0001.jpg,0,0,1,x',
    ]);
    const p = await previewTable(csv);
    const t = await readDatasetTable({ metadataPath: csv, imageRoot: root, preset: 'waterbirds', mapping: p.suggestedMapping });
    expect(t.report).toEqual({ file: csv, accepted: 4, rejected: [], warnings: [] });
    expect(t.labels).toEqual(['0', '1']);
    expect(t.attributes).toEqual(['place']);
    expect(t.samples.map((s) => s.split)).toEqual(['train', 'val', 'test', 'train']);
    expect(t.samples[0]).toEqual({
      row: 2,
      externalId: '1',
      split: 'train',
      label: '1',
      attributes: { place: '1' },
      mediaPath: '001.Black_footed_Albatross/a_0001.jpg',
      maskPath: null,
    });
  });

  it('rejects bad rows with their row number and reason, and keeps the rest', async () => {
    const csv = waterbirdsCsv([
      '1,001.Black_footed_Albatross/a_0001.jpg,1,0,1,x', // row 2 ok
      '2,001.Black_footed_Albatross/missing.jpg,1,0,1,x', // row 3 missing image
      '3,002.Laysan_Albatross/b_0001.jpg,0,5,0,x', // row 4 unknown split
      '4,003.Sooty_Albatross/c_0001.jpg,,0,1,x', // row 5 empty label
      '1,004.Groove_billed_Ani/d_0001.jpg,0,0,1,x', // row 6 duplicate id
      '6,004.Groove_billed_Ani/d_0001.jpg,0,0', // row 7 ragged
      '', // blank line 8 is not a row
      '7,004.Groove_billed_Ani/d_0001.jpg,0,test,0,x', // row 9 ok
    ]);
    const t = await readDatasetTable({
      metadataPath: csv,
      imageRoot: root,
      preset: 'waterbirds',
      mapping: { id: 'img_id', imagePath: 'img_filename', split: 'split', label: 'y', attributes: ['place'] },
    });
    expect(t.samples.map((s) => [s.row, s.externalId, s.split])).toEqual([
      [2, '1', 'train'],
      [9, '7', 'test'],
    ]);
    const byRow = Object.fromEntries(t.report.rejected.map((r) => [r.row, r.reason]));
    expect(Object.keys(byRow).map(Number)).toEqual([3, 4, 5, 6, 7]);
    expect(byRow[3]).toMatch(/image file not found: 001\.Black_footed_Albatross\/missing\.jpg/);
    expect(byRow[4]).toMatch(/unknown split value "5" in column "split"/);
    expect(byRow[5]).toMatch(/empty label in column "y"/);
    expect(byRow[6]).toMatch(/duplicate id "1" \(first used on row 2\)/);
    expect(byRow[7]).toMatch(/4 fields but the header has 6/);
    expect(t.report.accepted).toBe(2);
    expect(t.report.warnings.join('\n')).toMatch(/5 of 7 rows .* were rejected/);
    expect(t.report.warnings.join('\n')).toMatch(/No samples in split val/);
  });

  it('accepts spelled-out split names in any case', async () => {
    const csv = waterbirdsCsv([
      '1,001.Black_footed_Albatross/a_0001.jpg,1,Train,1,x',
      '2,001.Black_footed_Albatross/a_0002.jpg,1,valid,0,x',
      '3,002.Laysan_Albatross/b_0001.jpg,0,VALIDATION,0,x',
      '4,003.Sooty_Albatross/c_0001.jpg,0, val ,1,x',
      '5,004.Groove_billed_Ani/d_0001.jpg,0,TEST,1,x',
    ]);
    const t = await readDatasetTable({
      metadataPath: csv,
      imageRoot: root,
      preset: 'waterbirds',
      mapping: { id: 'img_id', imagePath: 'img_filename', split: 'split', label: 'y', attributes: ['place'] },
    });
    expect(t.samples.map((s) => s.split)).toEqual(['train', 'val', 'val', 'val', 'test']);
  });
});
