// What Faultline stores inside a trained model's model.json (userDefinedMetadata.faultline), so a
// checkpoint alone says how to feed it: preprocessing, class count, and the training config.
import { z } from 'zod';
import type { PreprocessSpec } from '../data/images/preprocess.ts';

const rgb = z.tuple([z.number(), z.number(), z.number()]);
const preprocessSchema = z.object({
  size: z.number().int().positive(),
  resize: z.enum(['center-crop', 'squash']),
  resizeTo: z.number().int().positive().optional(),
  normalization: z.union([z.enum(['imagenet', 'half', 'none']), z.object({ mean: rgb, std: rgb })]),
});

const metadataSchema = z.object({
  version: z.literal(1),
  preprocess: preprocessSchema,
  numClasses: z.number().int().min(2),
  config: z.record(z.string(), z.unknown()).optional(),
});

export type FaultlineModelMetadata = {
  version: 1;
  preprocess: PreprocessSpec;
  numClasses: number;
  config?: Record<string, unknown>;
};

/** The Faultline section of a model's metadata, or null for models made elsewhere. */
export function readFaultlineMetadata(userDefined: unknown): FaultlineModelMetadata | null {
  const section = (userDefined as { faultline?: unknown } | undefined)?.faultline;
  const parsed = metadataSchema.safeParse(section);
  return parsed.success ? (parsed.data as FaultlineModelMetadata) : null;
}

export function faultlineMetadata(meta: FaultlineModelMetadata): { faultline: FaultlineModelMetadata } {
  return { faultline: meta };
}
