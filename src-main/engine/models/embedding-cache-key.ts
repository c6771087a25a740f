// Identity of an embedding set: the same dataset, model bytes, layer and preprocessing give the
// same key, so the store can answer a repeated extraction from its cache. Preprocessing is
// canonicalised first ('imagenet' and its explicit mean/std are the same thing; key order and
// defaults do not matter).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MaskedVariant } from '../data/images/masks.ts';
import { resolveNormalization } from '../data/images/normalization.ts';
import type { PreprocessSpec } from '../data/images/preprocess.ts';
import { MODEL_JSON, readModelJson } from './tfjs-files.ts';

export interface EmbeddingCacheKeyInput {
  datasetId: number | string;
  modelSha256: string;
  layer: string;
  preprocess: PreprocessSpec;
  /** Object-only / background-only extractions are different sets. */
  masked?: MaskedVariant;
}

const KEY_VERSION = 'faultline-embeddings/v1';

export function embeddingCacheKey(input: EmbeddingCacheKeyInput): string {
  const norm = resolveNormalization(input.preprocess.normalization);
  const p = input.preprocess;
  const canonical = {
    v: KEY_VERSION,
    dataset: String(input.datasetId),
    model: input.modelSha256.toLowerCase(),
    layer: input.layer,
    size: p.size,
    resize: p.resize,
    resizeTo: p.resize === 'center-crop' ? (p.resizeTo ?? p.size) : null,
    mean: norm.mean.map(round),
    std: norm.std.map(round),
    masked: input.masked ? { keep: input.masked.keep, fill: input.masked.fillRgb?.map(round) ?? null } : null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * SHA-256 of a model's bytes: the .onnx file, or for TF.js the model.json followed by each
 * weights file in manifest order (a folder means its model.json).
 */
export async function modelSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  const s = await stat(path);
  const file = s.isDirectory() ? join(path, MODEL_JSON) : path;
  await hashFile(hash, file);
  if (file.toLowerCase().endsWith('.json')) {
    const json = await readModelJson(file);
    for (const group of json.weightsManifest) for (const p of group.paths) await hashFile(hash, join(dirname(file), p));
  }
  return hash.digest('hex');
}

async function hashFile(hash: ReturnType<typeof createHash>, file: string): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

/** Floats as written in configs: 0.485 and 0.48500000001 are the same preset. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
