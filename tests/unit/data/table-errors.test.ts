import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src-shared/errors.ts';
import { previewTable, readDatasetTable } from '../../../src-main/engine/data/index.ts';
import { makeTempDir, rejectionOf, writeBytes, writeImage, writeText } from './helpers.ts';

const tmp = makeTempDir('table-errors');
afterAll(() => tmp.cleanup());
const mapping = { imagePath: 'path', label: 'label', attributes: [] as string[] };
const read = (file: string, m = mapping) =>
  readDatasetTable({ metadataPath: file, imageRoot: tmp.dir, preset: 'generic', mapping: m });

beforeAll(async () => {
  await writeImage(join(tmp.dir, 'a.png'));
});

describe('whole-file errors name the file and what to do', () => {
  it('missing file', async () => {
    const file = join(tmp.dir, 'nope.csv');
    for (const e of [await rejectionOf(previewTable(file)), await rejectionOf(read(file))]) {
      expect(e).toBeInstanceOf(InputError);
      expect(e.message).toContain(`${file} does not exist`);
      expect(e.details).toEqual({ file });
    }
  });

  it('a folder instead of a file', async () => {
    const dir = join(tmp.dir, 'folder.csv');
    mkdirSync(dir, { recursive: true });
    const e = await rejectionOf(previewTable(dir));
    expect(e.message).toContain('is a folder, not a file');
  });

  it('empty file', async () => {
    const file = writeText(join(tmp.dir, 'empty.csv'), '');
    expect((await rejectionOf(read(file))).message).toContain('is empty');
  });

  it('not a table: binary data (an image chosen by mistake)', async () => {
    const file = writeBytes(join(tmp.dir, 'photo.csv'), await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).png().toBuffer());
    const e = await rejectionOf(previewTable(file));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/photo\.csv is not a text table \(it contains binary data\)/);
  });

  it('not a table: a single column', async () => {
    const file = writeText(join(tmp.dir, 'one.csv'), 'just some words\nmore words\n');
    const e = await rejectionOf(previewTable(file));
    expect(e.message).toMatch(/one\.csv does not look like a table: its header has a single column/);
  });

  it('malformed quote names the line', async () => {
    const file = writeText(join(tmp.dir, 'quote.csv'), 'path,label\na.png,x\na.png,"unterminated\na.png,y\n');
    const e = await rejectionOf(read(file));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/quote\.csv: malformed table at line \d+/);
    expect(e.message).toMatch(/double quote/);
    expect(e.details?.file).toBe(file);
    expect(e.details?.row).toBeGreaterThanOrEqual(3);
  });

  it('invalid closing quote names its line', async () => {
    const file = writeText(join(tmp.dir, 'quote2.csv'), 'path,label\na.png,x\n"a.png"x,y\n');
    const e = await rejectionOf(read(file));
    expect(e.message).toMatch(/quote2\.csv: malformed table at line 3/);
    expect(e.details?.row).toBe(3);
  });

  it('a stray quote inside an unquoted field names its line', async () => {
    const file = writeText(join(tmp.dir, 'quote3.csv'), 'path,label\na.png,x\na.png,5\'10"\n');
    const e = await rejectionOf(read(file));
    expect(e.message).toMatch(/quote3\.csv: malformed table at line 3: .*Invalid Opening Quote/);
  });

  it('a mapped column the header lacks: names it and lists the available ones', async () => {
    const file = writeText(join(tmp.dir, 'cols.csv'), 'path,label,region\na.png,x,eu\n');
    const e = await rejectionOf(read(file, { ...mapping, attributes: ['Region'] }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('the header has no column "Region" (mapped as attribute)');
    expect(e.message).toContain('Available columns: "path", "label", "region"');
    expect(e.details).toEqual({ file, row: 1, column: 'Region' });
  });

  it('no label column chosen', async () => {
    const file = writeText(join(tmp.dir, 'nolabel.csv'), 'path,label\na.png,x\n');
    const e = await rejectionOf(read(file, { ...mapping, label: '' }));
    expect(e.message).toMatch(/no column is chosen as the label/);
  });

  it('header only', async () => {
    const file = writeText(join(tmp.dir, 'header.csv'), 'path,label\n\n');
    expect((await rejectionOf(previewTable(file))).message).toContain('has a header but no data rows');
    expect((await rejectionOf(read(file))).message).toContain('has a header but no data rows');
  });

  it('zero accepted rows: says so, quotes the first reason and hints at the image folder', async () => {
    const file = writeText(join(tmp.dir, 'allmissing.csv'), 'path,label\nb.png,x\nc.png,y\n');
    const e = await rejectionOf(read(file));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain('all 2 rows were rejected');
    expect(e.message).toContain('row 2: image file not found: b.png');
    expect(e.message).toContain(`check that the image folder (${tmp.dir})`);
    expect(e.details).toEqual({ file, row: 2 });
  });

  it('a cancelled read stops with CancelledError', async () => {
    const file = writeText(join(tmp.dir, 'ok.csv'), 'path,label\na.png,x\n');
    const ac = new AbortController();
    ac.abort();
    const e = await rejectionOf(readDatasetTable({ metadataPath: file, imageRoot: tmp.dir, preset: 'generic', mapping, signal: ac.signal }));
    expect(e.name).toBe('CancelledError');
  });
});
