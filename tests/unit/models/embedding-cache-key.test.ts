import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddingCacheKey, modelSha256 } from '../../../src-main/engine/models/embedding-cache-key.ts';
import { tempDir, removeTempDirs } from '../images/synthetic-images.ts';

afterAll(removeTempDirs);

const base = {
  datasetId: 3,
  modelSha256: 'ab'.repeat(32),
  layer: 'embedding',
  preprocess: { size: 224, resize: 'center-crop' as const, resizeTo: 256, normalization: 'imagenet' as const },
};

describe('embeddingCacheKey', () => {
  it('is a stable sha256 hex string', () => {
    const k = embeddingCacheKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(embeddingCacheKey({ ...base })).toBe(k);
    // Same request written differently: key order, string id, upper-case hash, explicit preset values.
    expect(
      embeddingCacheKey({
        preprocess: { normalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, resizeTo: 256, resize: 'center-crop', size: 224 },
        layer: 'embedding',
        modelSha256: 'AB'.repeat(32),
        datasetId: '3',
      }),
    ).toBe(k);
  });

  it('changes with anything that changes the numbers', () => {
    const k = embeddingCacheKey(base);
    const variants = [
      { ...base, datasetId: 4 },
      { ...base, modelSha256: 'cd'.repeat(32) },
      { ...base, layer: 'logits' },
      { ...base, preprocess: { ...base.preprocess, size: 192 } },
      { ...base, preprocess: { ...base.preprocess, resizeTo: 224 } },
      { ...base, preprocess: { ...base.preprocess, resize: 'squash' as const } },
      { ...base, preprocess: { ...base.preprocess, normalization: 'half' as const } },
      { ...base, masked: { keep: 'object' as const } },
      { ...base, masked: { keep: 'background' as const } },
    ];
    const keys = new Set(variants.map(embeddingCacheKey));
    expect(keys.size).toBe(variants.length);
    expect(keys.has(k)).toBe(false);
  });

  it('hashes a model file, or model.json with its weights', async () => {
    const dir = await tempDir('faultline-sha-');
    await writeFile(join(dir, 'm.onnx'), 'abc');
    expect(await modelSha256(join(dir, 'm.onnx'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const tfjs = join(dir, 'tfjs');
    await mkdir(tfjs);
    await writeFile(join(tfjs, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [] }] }));
    await writeFile(join(tfjs, 'w.bin'), 'weights-1');
    const a = await modelSha256(tfjs);
    expect(await modelSha256(join(tfjs, 'model.json'))).toBe(a);
    await writeFile(join(tfjs, 'w.bin'), 'weights-2');
    expect(await modelSha256(tfjs)).not.toBe(a);
  });
});
