import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ColumnMapping, PresetId } from '../../../../src-shared/api.ts';
import { CELEBA_ID_COLUMN, CELEBA_SPLIT_COLUMN } from './celeba-rows.ts';
import { toMediaPath } from './media-path.ts';

// Names seen in the reference formats (METHODS.md section 5) and common exports, best first.
// Compared after lower-casing and dropping everything but letters and digits.
const IMAGE_NAMES = [
  'filepath', 'imgfilename', 'imagerelpath', 'imagepath', 'imgpath', 'path', 'image', 'imagefile',
  'imagefilename', 'filename', 'file', 'img', 'imagename', 'relpath',
];
const LABEL_NAMES = ['y', 'label', 'labels', 'class', 'classname', 'classlabel', 'object', 'target', 'category', 'labelname', 'topic', 'topics'];
const ID_NAMES = ['id', 'imgid', 'sampleid', 'uid', 'imageid', 'key', 'idx', 'index'];
const SPLIT_NAMES = ['split', 'partition', 'fold', 'subset', 'set', 'splitname'];
const MASK_NAMES = ['mask', 'maskpath', 'maskfile', 'maskfilename', 'maskrelpath', 'segmentation', 'segmentationpath', 'segpath'];
const GROUP_NAMES = ['group', 'groupid'];
const ATTRIBUTE_NAMES = [
  'region', 'place', 'country', 'continent', 'subregion', 'incomegroup', 'income', 'incomebucket', 'object',
  'attribute', 'spurious', 'bias', 'background', 'gender', 'sex', 'male', 'race', 'age', 'location',
  'hemisphere', 'a',
];
const IMAGE_EXT = /\.(png|jpe?g|bmp|gif|tiff?|webp|ppm|pgm)$/i;

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function pick(columns: readonly string[], names: readonly string[], taken: Set<string>): string | undefined {
  for (const name of names) {
    const c = columns.find((col) => norm(col) === name && !taken.has(col));
    if (c !== undefined) return c;
  }
  return undefined;
}

/** The first column whose sample values mostly look like image files. */
function imageByValues(columns: readonly string[], rows: readonly string[][], taken: Set<string>): string | undefined {
  return columns.find((c, j) => {
    if (taken.has(c) || rows.length === 0) return false;
    const hits = rows.filter((r) => IMAGE_EXT.test((r[j] ?? '').trim())).length;
    return hits * 2 > rows.length;
  });
}

export function suggestMapping(preset: PresetId, columns: readonly string[], rows: readonly string[][]): ColumnMapping {
  const has = (c: string): boolean => columns.includes(c);
  if (preset === 'waterbirds') {
    return { id: 'img_id', imagePath: 'img_filename', split: 'split', label: 'y', attributes: ['place'] };
  }
  if (preset === 'celeba') {
    const attrs = columns.filter((c) => c !== CELEBA_ID_COLUMN && c !== CELEBA_SPLIT_COLUMN);
    return {
      id: CELEBA_ID_COLUMN,
      imagePath: CELEBA_ID_COLUMN,
      ...(has(CELEBA_SPLIT_COLUMN) ? { split: CELEBA_SPLIT_COLUMN } : {}),
      label: has('Blond_Hair') ? 'Blond_Hair' : (attrs[0] ?? ''),
      attributes: has('Male') ? ['Male'] : [],
    };
  }
  const taken = new Set<string>();
  const take = (c: string | undefined): string | undefined => {
    if (c !== undefined) taken.add(c);
    return c;
  };
  const imagePath = take(pick(columns, IMAGE_NAMES, taken) ?? imageByValues(columns, rows, taken));
  const maskPath = take(pick(columns, MASK_NAMES, taken));
  const split = take(pick(columns, SPLIT_NAMES, taken));
  const label = take(pick(columns, LABEL_NAMES, taken));
  const group = take(pick(columns, GROUP_NAMES, taken));
  const id = take(pick(columns, ID_NAMES, taken));
  const attributes = columns.filter((c) => !taken.has(c) && ATTRIBUTE_NAMES.includes(norm(c)));
  return {
    ...(id !== undefined ? { id } : {}),
    imagePath: imagePath ?? '',
    ...(split !== undefined ? { split } : {}),
    label: label ?? '',
    attributes,
    ...(maskPath !== undefined ? { maskPath } : {}),
    ...(group !== undefined ? { group } : {}),
  };
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The folder the image paths are relative to: the table's folder (Waterbirds, WILDS) unless the
 * first rows' paths resolve better under a usual sub- or parent folder.
 */
export function suggestImageRoot(
  metadataPath: string,
  preset: PresetId,
  imageValues: readonly string[],
): string {
  const dir = dirname(metadataPath);
  if (preset === 'celeba') {
    const sub = join(dir, 'img_align_celeba');
    // Some archives nest the folder twice (img_align_celeba/img_align_celeba/*.jpg).
    const nested = join(sub, 'img_align_celeba');
    if (isDir(nested) && !existsSync(join(sub, imageValues[0] ?? '\0'))) return nested;
    return isDir(sub) ? sub : dir;
  }
  const candidates = [dir, join(dir, 'images'), join(dir, 'imgs'), join(dir, 'img'), join(dir, 'data'), dirname(dir)];
  let best = dir;
  let bestHits = 0;
  for (const root of candidates) {
    if (!isDir(root)) continue;
    let hits = 0;
    for (const v of imageValues) {
      const rel = toMediaPath(v, root);
      if (rel !== null && existsSync(join(root, rel))) hits++;
    }
    if (hits > bestHits) {
      best = root;
      bestHits = hits;
    }
  }
  return best;
}
