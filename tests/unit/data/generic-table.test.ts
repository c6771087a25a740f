import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewTable, readDatasetTable } from '../../../src-main/engine/data/index.ts';
import { makeTempDir, writeImage, writeText } from './helpers.ts';

const tmp = makeTempDir('generic');
afterAll(() => tmp.cleanup());

describe('generic tables', () => {
  let geode: string;
  beforeAll(async () => {
    geode = join(tmp.dir, 'geode');
    for (const f of ['images/bag/a.png', 'images/bag/b.png', 'images/car/c.png', 'images/car/d.png']) {
      await writeImage(join(geode, f));
    }
    await writeImage(join(geode, 'masks/a.png'), [255, 255, 255]);
  });

  it('GeoDE-style TSV: sniffs tabs, maps file_path/object/region, everything train with a warning', async () => {
    const tsv = writeText(
      join(geode, 'index.tsv'),
      'file_path\tobject\tregion\tnote\n' +
        'images/bag/a.png\tbag\tAfrica\ta, b, c\n' +
        'images/bag/b.png\tbag\tEurope\t"quoted, with\ttab"\n' +
        'images/car/c.png\tcar\tAfrica\t\n' +
        'images/car/d.png\tcar\tEastAsia\tx\n',
    );
    const p = await previewTable(tsv);
    expect(p.preset).toBe('generic');
    expect(p.columns).toEqual(['file_path', 'object', 'region', 'note']);
    expect(p.rows[1]).toEqual(['images/bag/b.png', 'bag', 'Europe', 'quoted, with\ttab']);
    expect(p.suggestedMapping).toEqual({ imagePath: 'file_path', label: 'object', attributes: ['region'] });
    expect(p.suggestedImageRoot).toBe(geode);
    const t = await readDatasetTable({ metadataPath: tsv, imageRoot: geode, preset: 'generic', mapping: p.suggestedMapping });
    expect(t.samples.map((s) => [s.externalId, s.split, s.label, s.attributes.region])).toEqual([
      ['0', 'train', 'bag', 'Africa'],
      ['1', 'train', 'bag', 'Europe'],
      ['2', 'train', 'car', 'Africa'],
      ['3', 'train', 'car', 'EastAsia'],
    ]);
    expect(t.labels).toEqual(['bag', 'car']);
    expect(t.report.warnings).toContain('No split column is mapped: all 4 samples are treated as train.');
  });

  it('DollarStreet-style CSV: imageRelPath, Region, Income_Group, id; image root found one level down', async () => {
    const csv = writeText(
      join(tmp.dir, 'dollarstreet.csv'),
      'id,imageRelPath,topics,Region,Income_Group,split\n' +
        'ds1,bag/a.png,bag,Africa,low,train\n' +
        'ds2,bag/b.png,bag,Europe,high,test\n',
    );
    const p = await previewTable(csv);
    expect(p.suggestedMapping).toEqual({
      id: 'id',
      imagePath: 'imageRelPath',
      split: 'split',
      label: 'topics',
      attributes: ['Region', 'Income_Group'],
    });
    const t = await readDatasetTable({
      metadataPath: csv,
      imageRoot: join(geode, 'images'),
      preset: 'generic',
      mapping: p.suggestedMapping,
    });
    expect(t.samples.map((s) => [s.externalId, s.split, s.attributes])).toEqual([
      ['ds1', 'train', { Region: 'Africa', Income_Group: 'low' }],
      ['ds2', 'test', { Region: 'Europe', Income_Group: 'high' }],
    ]);
  });

  it('suggests an images/ subfolder when the paths resolve there', async () => {
    const csv = writeText(join(geode, 'by-sub.csv'), 'image,label\nbag/a.png,bag\ncar/c.png,car\n');
    const p = await previewTable(csv);
    expect(p.suggestedImageRoot).toBe(join(geode, 'images'));
  });

  it('masks: maps mask_path, rejects a row whose mask is missing, empty mask means none', async () => {
    const csv = writeText(
      join(geode, 'with-masks.csv'),
      'image_path;label;mask_path;split\n' +
        'images/bag/a.png;bag;masks/a.png;train\n' +
        'images/bag/b.png;bag;masks/b.png;train\n' +
        'images/car/c.png;car;;val\n',
    );
    const p = await previewTable(csv);
    expect(p.suggestedMapping).toMatchObject({ imagePath: 'image_path', label: 'label', maskPath: 'mask_path', split: 'split' });
    const t = await readDatasetTable({ metadataPath: csv, imageRoot: geode, preset: 'generic', mapping: p.suggestedMapping });
    expect(t.samples.map((s) => [s.row, s.maskPath])).toEqual([
      [2, 'masks/a.png'],
      [4, null],
    ]);
    expect(t.report.rejected).toEqual([{ row: 3, reason: expect.stringMatching(/^mask file not found: masks\/b\.png/) }]);
  });

  it('normalises absolute, ./ and backslash paths to forward-slash paths under the root', async () => {
    const csv = writeText(
      join(tmp.dir, 'paths.csv'),
      `path,y\n${join(geode, 'images/bag/a.png')},1\n./images/bag/b.png,0\nimages\\car\\c.png,1\n`,
    );
    const t = await readDatasetTable({
      metadataPath: csv,
      imageRoot: geode,
      preset: 'generic',
      mapping: { imagePath: 'path', label: 'y', attributes: [] },
    });
    expect(t.samples.map((s) => s.mediaPath)).toEqual(['images/bag/a.png', 'images/bag/b.png', 'images/car/c.png']);
    expect(t.labels).toEqual(['0', '1']);
  });

  it('counts rows by file line when a quoted field spans lines, and keeps an explicit group column', async () => {
    const csv = writeText(
      join(geode, 'multiline.csv'),
      'path,label,caption,group\n' +
        'images/bag/a.png,bag,"two\nlines",g1\n' + // row 2-3
        'images/bag/missing.png,bag,plain,g1\n' + // row 4
        '\n' + // row 5 blank
        'images/car/c.png,car,"x",\n' + // row 6 empty group
        'images/car/d.png,car,"last",g2', // row 7, no final newline
    );
    const t = await readDatasetTable({
      metadataPath: csv,
      imageRoot: geode,
      preset: 'generic',
      mapping: { imagePath: 'path', label: 'label', attributes: [], group: 'group' },
    });
    expect(t.samples.map((s) => [s.row, s.group])).toEqual([
      [2, 'g1'],
      [7, 'g2'],
    ]);
    expect(t.report.rejected.map((r) => r.row)).toEqual([4, 6]);
    expect(t.report.rejected[1].reason).toMatch(/empty group in column "group"/);
  });

  it('verifyImages rejects a file that exists but does not decode', async () => {
    writeFileSync(join(geode, 'images/car/corrupt.png'), Buffer.from('not really a png at all'));
    const csv = writeText(join(geode, 'corrupt.csv'), 'path,label\nimages/car/c.png,car\nimages/car/corrupt.png,car\n');
    const mapping = { imagePath: 'path', label: 'label', attributes: [] };
    const loose = await readDatasetTable({ metadataPath: csv, imageRoot: geode, preset: 'generic', mapping });
    expect(loose.report.accepted).toBe(2);
    const strict = await readDatasetTable({ metadataPath: csv, imageRoot: geode, preset: 'generic', mapping, verifyImages: true });
    expect(strict.report.accepted).toBe(1);
    expect(strict.report.rejected).toEqual([
      { row: 3, reason: expect.stringMatching(/^image cannot be decoded \(corrupt or not an image\): images\/car\/corrupt\.png/) },
    ]);
  });

  it('names unnamed and repeated header columns like pandas and warns about it', async () => {
    const csv = writeText(join(geode, 'pandas.csv'), ',path,label,label\n0,images/bag/a.png,bag,x\n');
    const p = await previewTable(csv);
    expect(p.columns).toEqual(['Unnamed: 0', 'path', 'label', 'label.1']);
    const t = await readDatasetTable({
      metadataPath: csv,
      imageRoot: geode,
      preset: 'generic',
      mapping: { id: 'Unnamed: 0', imagePath: 'path', label: 'label', attributes: ['label.1'] },
    });
    expect(t.samples[0]).toMatchObject({ externalId: '0', label: 'bag', attributes: { 'label.1': 'x' } });
    expect(t.report.warnings.join('\n')).toMatch(/Column 1 has no header name/);
  });
});
