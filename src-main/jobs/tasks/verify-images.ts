// Decodes every image (and mask) of a dataset to find missing, truncated or corrupt files, so a
// user learns about them before an analysis trips over one.
import { join } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { throwIfAborted } from '../../../src-shared/errors.ts';
import { allSamples } from '../../store/datasets-repo.ts';
import { findDataset } from '../../store/datasets-repo.ts';
import { defineTask } from './types.ts';

const configSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(32).default(4),
  checkMasks: z.boolean().default(true),
});

export const verifyImagesTask = defineTask({
  id: 'verify-images',
  title: 'Verify images',
  description: 'Decodes every image and mask of the dataset and lists the files that are missing or corrupt.',
  parseConfig: (raw) => configSchema.parse(raw ?? {}),
  defaults: { concurrency: 4, checkMasks: true },
  async run(ctx) {
    const dataset = findDataset(ctx.db, ctx.datasetId);
    if (!dataset) throw new Error(`Dataset ${ctx.datasetId} no longer exists.`);
    const samples = allSamples(ctx.db, ctx.datasetId);
    const problems: { sampleId: number; file: string; problem: string }[] = [];
    let done = 0;
    let next = 0;
    sharp.concurrency(1);
    const check = async (file: string): Promise<string | null> => {
      try {
        await sharp(file, { failOn: 'truncated' }).raw().toBuffer();
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    const worker = async () => {
      while (next < samples.length) {
        throwIfAborted(ctx.signal);
        const s = samples[next++]!;
        const image = join(dataset.root, s.mediaPath);
        const err = await check(image);
        if (err) problems.push({ sampleId: s.id, file: s.mediaPath, problem: err });
        if (ctx.config.checkMasks && s.maskPath) {
          const maskErr = await check(join(dataset.root, s.maskPath));
          if (maskErr) problems.push({ sampleId: s.id, file: s.maskPath, problem: maskErr });
        }
        done++;
        if (done % 50 === 0 || done === samples.length) ctx.progress({ stage: 'decoding', done, total: samples.length });
      }
    };
    await Promise.all(Array.from({ length: ctx.config.concurrency }, worker));
    problems.sort((a, b) => a.sampleId - b.sampleId);
    return {
      result: { analysis: 'verify-images', checked: samples.length, problems },
      metrics: [
        { scopeKind: 'overall', scopeKey: 'all', metric: 'checked', value: samples.length },
        { scopeKind: 'overall', scopeKey: 'all', metric: 'problems', value: problems.length },
      ],
      samples: problems.map((p) => ({ sampleId: p.sampleId, key: 'corrupt', value: 1 })),
    };
  },
});
