import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewTable, readDatasetTable } from '../../../src-main/engine/data/index.ts';
import { makeTempDir, writeImage, writeText } from './helpers.ts';

const ATTRS = ['5_o_Clock_Shadow', 'Blond_Hair', 'Male', 'Young'];
const tmp = makeTempDir('celeba');
afterAll(() => tmp.cleanup());

/** A CelebA folder in the original release layout (double spaces, as in the real file). */
async function celebaFolder(
  name: string,
  rows: string[],
  opts: { partition?: string[]; imagesFolder?: boolean; declared?: number; attrName?: string } = {},
): Promise<{ dir: string; attrFile: string; images: string }> {
  const dir = join(tmp.dir, name);
  const images = opts.imagesFolder === false ? dir : join(dir, 'img_align_celeba');
  mkdirSync(images, { recursive: true });
  for (let i = 1; i <= 6; i++) await writeImage(join(images, `00000${i}.jpg`), [i * 30, 90, 160]);
  const attrFile = writeText(
    join(dir, opts.attrName ?? 'list_attr_celeba.txt'),
    [String(opts.declared ?? rows.length), ATTRS.join(' '), ...rows].join('\n') + '\n',
  );
  if (opts.partition) writeText(join(dir, 'list_eval_partition.txt'), opts.partition.join('\n') + '\n');
  return { dir, attrFile, images };
}

const ROWS = [
  '000001.jpg -1  1 -1  1',
  '000002.jpg -1 -1 -1  1',
  '000003.jpg  1 -1  1 -1',
  '000004.jpg -1  1  1  1',
  '000005.jpg -1 -1  1 -1',
  '000006.jpg -1 -1 -1 -1',
];
const PARTITION = ['000001.jpg 0', '000002.jpg 0', '000003.jpg 1', '000004.jpg 1', '000005.jpg 2', '000006.jpg 2'];

describe('CelebA preset', () => {
  let folder: Awaited<ReturnType<typeof celebaFolder>>;
  beforeAll(async () => {
    folder = await celebaFolder('full', ROWS, { partition: PARTITION });
  });

  it('previews the attribute list joined with its partition file', async () => {
    const p = await previewTable(folder.attrFile);
    expect(p.preset).toBe('celeba');
    expect(p.columns).toEqual(['image_id', ...ATTRS, 'partition']);
    expect(p.companionFiles).toEqual([join(folder.dir, 'list_eval_partition.txt')]);
    expect(p.totalRows).toBe(6);
    // +1/-1 read as 1/0 so groups are y * n_s + s like other binary attributes.
    expect(p.rows[0]).toEqual(['000001.jpg', '0', '1', '0', '1', '0']);
    expect(p.suggestedMapping).toEqual({
      id: 'image_id',
      imagePath: 'image_id',
      split: 'partition',
      label: 'Blond_Hair',
      attributes: ['Male'],
    });
    expect(p.suggestedImageRoot).toBe(folder.images);
  });

  it('reads samples with label Blond_Hair, attribute Male and splits from the partition file', async () => {
    const p = await previewTable(folder.attrFile);
    const t = await readDatasetTable({
      metadataPath: folder.attrFile,
      imageRoot: p.suggestedImageRoot,
      preset: 'celeba',
      mapping: p.suggestedMapping,
      verifyImages: true,
    });
    expect(t.report.rejected).toEqual([]);
    expect(t.report.warnings).toEqual([]);
    expect(t.labels).toEqual(['0', '1']);
    expect(t.attributes).toEqual(['Male']);
    expect(t.samples.map((s) => [s.row, s.externalId, s.split, s.label, s.attributes.Male])).toEqual([
      [3, '000001.jpg', 'train', '1', '0'],
      [4, '000002.jpg', 'train', '0', '0'],
      [5, '000003.jpg', 'val', '0', '1'],
      [6, '000004.jpg', 'val', '1', '1'],
      [7, '000005.jpg', 'test', '0', '1'],
      [8, '000006.jpg', 'test', '0', '0'],
    ]);
    expect(t.samples[0].mediaPath).toBe('000001.jpg');
  });

  it('rejects a line with the wrong number of values and an image without a partition entry', async () => {
    const f = await celebaFolder(
      'bad-rows',
      ['000001.jpg -1  1 -1  1', '000002.jpg -1 -1 -1', '000003.jpg  1 -1  1 -1', '000009.jpg  1 -1  1 -1'],
      { partition: ['000001.jpg 0', '000002.jpg 0'], declared: 5 },
    );
    const p = await previewTable(f.attrFile);
    const t = await readDatasetTable({ metadataPath: f.attrFile, imageRoot: f.images, preset: 'celeba', mapping: p.suggestedMapping });
    expect(t.samples.map((s) => s.row)).toEqual([3]);
    expect(t.report.rejected).toEqual([
      { row: 4, reason: 'row has 3 attribute values but line 2 names 4 attributes' },
      { row: 5, reason: expect.stringMatching(/no split value in column "partition"/) },
      { row: 6, reason: expect.stringMatching(/no split value in column "partition"/) },
    ]);
    const warnings = t.report.warnings.join('\n');
    expect(warnings).toMatch(/says 5 images but the file lists 4/);
    expect(warnings).toMatch(/2 images have no entry in list_eval_partition\.txt/);
  });

  it('without a partition file treats everything as train, with a warning; images in the folder itself', async () => {
    const f = await celebaFolder('no-partition', ROWS.slice(0, 3), { imagesFolder: false });
    const p = await previewTable(f.attrFile);
    expect(p.companionFiles).toEqual([]);
    expect(p.suggestedMapping.split).toBeUndefined();
    expect(p.suggestedImageRoot).toBe(f.dir);
    const t = await readDatasetTable({ metadataPath: f.attrFile, imageRoot: p.suggestedImageRoot, preset: 'celeba', mapping: p.suggestedMapping });
    expect(t.samples.every((s) => s.split === 'train')).toBe(true);
    expect(t.report.warnings).toContain('No split column is mapped: all 3 samples are treated as train.');
  });

  it('asks for the partition file when the split is mapped to it but it is missing', async () => {
    const f = await celebaFolder('lost-partition', ROWS.slice(0, 2));
    const e = await readDatasetTable({
      metadataPath: f.attrFile,
      imageRoot: f.images,
      preset: 'celeba',
      mapping: { id: 'image_id', imagePath: 'image_id', split: 'partition', label: 'Blond_Hair', attributes: ['Male'] },
    }).catch((err: unknown) => err as Error);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/list_eval_partition\.txt, which is not in .*lost-partition\. Put it next to the attribute file/);
  });

  it('recognises a renamed attribute list by its layout', async () => {
    const f = await celebaFolder('renamed', ROWS.slice(0, 2), { attrName: 'attributes.txt', partition: PARTITION });
    const p = await previewTable(f.attrFile);
    expect(p.preset).toBe('celeba');
    expect(p.totalRows).toBe(2);
  });

  it("reads Kaggle's CSV layout (list_attr_celeba.csv + list_eval_partition.csv)", async () => {
    const dir = join(tmp.dir, 'kaggle');
    for (let i = 1; i <= 3; i++) await writeImage(join(dir, 'img_align_celeba', 'img_align_celeba', `00000${i}.jpg`));
    const attrFile = writeText(
      join(dir, 'list_attr_celeba.csv'),
      ['image_id,' + ATTRS.join(','), '000001.jpg,-1,1,-1,1', '000002.jpg,-1,-1,1,1', '000003.jpg,1,-1,1,-1'].join('\r\n') + '\r\n',
    );
    writeText(join(dir, 'list_eval_partition.csv'), 'image_id,partition\n000001.jpg,0\n000002.jpg,1\n000003.jpg,2\n');
    const p = await previewTable(attrFile);
    expect(p.preset).toBe('celeba');
    expect(p.columns).toEqual(['image_id', ...ATTRS, 'partition']);
    expect(p.suggestedImageRoot).toBe(join(dir, 'img_align_celeba', 'img_align_celeba'));
    const t = await readDatasetTable({ metadataPath: attrFile, imageRoot: p.suggestedImageRoot, preset: 'celeba', mapping: p.suggestedMapping });
    expect(t.samples.map((s) => [s.row, s.split, s.label, s.attributes.Male])).toEqual([
      [2, 'train', '1', '0'],
      [3, 'val', '0', '1'],
      [4, 'test', '0', '1'],
    ]);
  });
});
