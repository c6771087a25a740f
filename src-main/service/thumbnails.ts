// Thumbnails are made on first request and cached on disk beside the database.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Thumbnail } from '../../src-shared/api.ts';
import { ApiError } from '../../src-shared/api.ts';
import { InputError } from '../../src-shared/errors.ts';
import type { Db } from '../store/database.ts';
import { findSample } from '../store/datasets-repo.ts';

export async function makeThumbnail(db: Db, thumbsDir: string, sampleId: number, size: number): Promise<Thumbnail> {
  const sample = findSample(db, sampleId);
  if (!sample) throw new ApiError('NotFound', `Sample ${sampleId} does not exist.`);
  const source = join(sample.root, sample.mediaPath);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(source).mtimeMs;
  } catch {
    throw new InputError(`Image file ${source} is missing (sample ${sample.externalId}).`, { file: source });
  }
  const cached = join(thumbsDir, `${sampleId}-${size}-${Math.round(mtimeMs)}.webp`);
  try {
    return { sampleId, mime: 'image/webp', base64: readFileSync(cached).toString('base64') };
  } catch {
    // not cached yet
  }
  let bytes: Buffer;
  try {
    bytes = await sharp(source).resize(size, size, { fit: 'inside', withoutEnlargement: false }).webp({ quality: 80 }).toBuffer();
  } catch (e) {
    throw new InputError(`Image file ${source} cannot be decoded: ${(e as Error).message}`, { file: source });
  }
  mkdirSync(thumbsDir, { recursive: true });
  writeFileSync(cached, bytes);
  return { sampleId, mime: 'image/webp', base64: bytes.toString('base64') };
}
