// The service behind every front door, on a real database and real files: imports with bad rows
// and bad files, array sets with bad values, the overview numbers, run validation.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { nodeWorkerLauncher } from '../../../src-main/jobs/node-launcher.ts';
import { createAppContext } from '../../../src-main/service/app-context.ts';
import { tempDir, tempStorePaths } from '../../helpers/temp.ts';
import { npyBytes } from '../data/array-writers.ts';

const dir = tempDir();
const ctx = createAppContext({ paths: tempStorePaths(), mode: 'cli', launcher: nodeWorkerLauncher() });
afterAll(() => ctx.close());
const api = ctx.api;

async function png(path: string): Promise<void> {
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 10, g: 200, b: 30 } } }).png().toFile(path);
}

function npyF32(rows: number, cols: number, fill: (i: number, j: number) => number): Uint8Array {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = fill(i, j);
  return npyBytes(data, { shape: [rows, cols] });
}

describe('service', async () => {
  mkdirSync(join(dir, 'img'), { recursive: true });
  const lines = ['id,file,split,label,place'];
  for (let i = 0; i < 40; i++) {
    await png(join(dir, 'img', `${i}.png`));
    // label and place agree in train 90% of the time; val/test balanced
    const split = i < 24 ? 'train' : i < 32 ? 'val' : 'test';
    const label = i % 2;
    const place = split === 'train' ? (i % 10 === 0 ? 1 - label : label) : (i >> 1) % 2;
    lines.push(`s${i},img/${i}.png,${split},${label},${place}`);
  }
  lines.push('s40,img/missing.png,train,1,1'); // row 42: missing image
  lines.push('s41,img/1.png,train,1'); // row 43: ragged
  lines.push('s0,img/2.png,val,0,0'); // row 44: duplicate id
  const csv = join(dir, 'meta.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  const mapping = { id: 'id', imagePath: 'file', split: 'split', label: 'label', attributes: ['place'] };

  it('imports a table, rejecting bad rows with their row numbers and reasons', async () => {
    const { dataset, report } = await api['datasets:import']({ metadataPath: csv, imageRoot: dir, preset: 'generic', mapping, name: 'toy' });
    expect(report.accepted).toBe(40);
    expect(report.rejected.map((r) => r.row)).toEqual([42, 43, 44]);
    expect(report.rejected[0]!.reason).toMatch(/image file not found: img\/missing\.png/);
    expect(report.rejected[1]!.reason).toMatch(/field|column/i);
    expect(report.rejected[2]!.reason).toMatch(/duplicate/i);
    expect(dataset.splits).toEqual({ train: 24, val: 8, test: 8 });
  });

  it('leaves the database unchanged when an import fails', async () => {
    const before = await api['datasets:list']();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id,file,split,label\n1,"img/0.png,train,0\n');
    await expect(api['datasets:import']({ metadataPath: bad, imageRoot: dir, preset: 'generic', mapping: { ...mapping, attributes: [] } })).rejects.toThrow(/bad\.csv/);
    await expect(api['datasets:import']({ metadataPath: join(dir, 'absent.csv') })).rejects.toThrow(/absent\.csv/);
    await expect(api['datasets:import']({ metadataPath: csv, imageRoot: dir, preset: 'generic', mapping: { ...mapping, label: 'class' } })).rejects.toThrow(/class/);
    expect(await api['datasets:list']()).toEqual(before);
  });

  it('computes the overview: group table, association per split, warnings', async () => {
    const [ds] = await api['datasets:list']();
    const o = await api['datasets:overview']({ datasetId: ds!.id });
    const cell = (split: string, label: string, place: string) => o.groupTable.cells.find((c) => c.split === split && c.label === label && c.attributes.place === place)?.count ?? 0;
    expect(cell('train', '0', '0') + cell('train', '1', '1')).toBe(24 - 3);
    expect(cell('train', '1', '0') + cell('train', '0', '1')).toBe(3);
    const trainAssoc = o.association.find((a) => a.split === 'train' && a.attribute === 'place')!;
    const testAssoc = o.association.find((a) => a.split === 'test' && a.attribute === 'place')!;
    expect(trainAssoc.cramersV).toBeGreaterThan(0.6);
    expect(testAssoc.cramersV).toBeLessThan(0.1);
    expect(o.warnings.some((w) => /Small group in train/.test(w))).toBe(true);
    expect(o.warnings.some((w) => /rejected at import/.test(w))).toBe(true);
    await expect(api['datasets:overview']({ datasetId: ds!.id, attribute: 'colour' })).rejects.toThrow(/no attribute "colour"/);
  });

  it('imports embeddings with shape checks and rejects NaN, wrong row counts and missing files', async () => {
    const [ds] = await api['datasets:list']();
    const good = join(dir, 'good.npy');
    writeFileSync(good, npyF32(40, 3, (i, j) => i + j / 10));
    const set = await api['arrays:importEmbeddings']({ datasetId: ds!.id, name: 'good', path: good });
    expect(set).toMatchObject({ rows: 40, cols: 3, kind: 'embedding' });
    const nan = join(dir, 'nan.npy');
    writeFileSync(nan, npyF32(40, 3, (i, j) => (i === 7 && j === 2 ? Number.NaN : 1)));
    await expect(api['arrays:importEmbeddings']({ datasetId: ds!.id, name: 'nan', path: nan })).rejects.toThrow(/NaN|not a number/i);
    const short = join(dir, 'short.npy');
    writeFileSync(short, npyF32(39, 3, () => 1));
    await expect(api['arrays:importEmbeddings']({ datasetId: ds!.id, name: 'short', path: short })).rejects.toThrow(/39 rows but the dataset has 40 samples/);
    await expect(api['arrays:importEmbeddings']({ datasetId: ds!.id, name: 'x', path: join(dir, 'none.npy') })).rejects.toThrow(/none\.npy/);
    expect((await api['arrays:list']({ datasetId: ds!.id })).map((s) => s.name)).toEqual(['good']);
  });

  it('imports predictions by id and validates labels', async () => {
    const [ds] = await api['datasets:list']();
    const preds = join(dir, 'preds.csv');
    writeFileSync(preds, ['id,pred', ...Array.from({ length: 40 }, (_, i) => `s${i},${i % 2}`)].join('\n'));
    const set = await api['arrays:importPredictions']({ datasetId: ds!.id, name: 'erm', path: preds, idKey: 'id' });
    expect(set).toMatchObject({ rows: 40, kind: 'prediction' });
    const bad = join(dir, 'bad-preds.csv');
    writeFileSync(bad, ['id,pred', ...Array.from({ length: 40 }, (_, i) => `s${i},${i === 5 ? 'cat' : '0'}`)].join('\n'));
    await expect(api['arrays:importPredictions']({ datasetId: ds!.id, name: 'bad', path: bad, idKey: 'id' })).rejects.toThrow(/cat/);
  });

  it('validates a run before creating it', async () => {
    const [ds] = await api['datasets:list']();
    await expect(api['runs:start']({ analysis: 'telepathy', datasetId: ds!.id, config: {} })).rejects.toThrow(/Unknown analysis "telepathy"/);
    await expect(api['runs:start']({ analysis: 'spurious', datasetId: ds!.id, config: { method: 'magic' } })).rejects.toThrow();
    await expect(api['runs:start']({ analysis: 'spurious', datasetId: 999, config: {} })).rejects.toThrow(/Dataset 999 does not exist/);
    expect(await api['runs:list']({})).toEqual([]);
  });

  it('makes and caches thumbnails, and names a missing image', async () => {
    const [ds] = await api['datasets:list']();
    const page = await api['samples:list']({ datasetId: ds!.id, split: 'test', limit: 2 });
    expect(page.total).toBe(8);
    const thumb = await api['samples:thumbnail']({ sampleId: page.rows[0]!.id, size: 32 });
    expect(thumb.mime).toBe('image/webp');
    const meta = await sharp(Buffer.from(thumb.base64, 'base64')).metadata();
    expect(meta.width).toBe(32);
  });
});
