// Configuration of the spurious-feature analysis: what the run form sends, validated with zod.
// Defaults follow METHODS.md section 1 (the DFR paper's Waterbirds grid and refit counts).
import { z } from 'zod';

export type DfrMethod = 'dfr-val' | 'dfr-train';

export interface SpuriousConfig {
  /** 'label' = the sample's class label; any other value names an attribute column used as target. */
  label: string;
  /** Spurious attribute names. Absent: 'place' when the data has it (Waterbirds), else required. */
  attributes?: string[];
  method: DfrMethod;
  /** Inverse L1 strengths to tune over. */
  Cs: number[];
  /** Balanced refits averaged in the final model. Absent: 20 for dfr-val, 10 for dfr-train. */
  retrains?: number;
  /** Number of seeds: runs the whole procedure with seed, seed + 1, ... */
  seeds: number;
  /** Groups smaller than this are flagged (never dropped). */
  minGroupSize: number;
  /** Bootstrap resamples for the worst-group accuracy interval. */
  bootstrapReps: number;
}

export const DFR_CS: readonly number[] = [1, 0.7, 0.3, 0.1, 0.07, 0.03, 0.01];

export const spuriousDefaults: SpuriousConfig = {
  label: 'label',
  method: 'dfr-val',
  Cs: [...DFR_CS],
  seeds: 1,
  minGroupSize: 20,
  bootstrapReps: 1000,
};

const attributeName = z.string().trim().min(1).max(200);

export const spuriousConfigSchema: z.ZodType<SpuriousConfig> = z.strictObject({
  label: attributeName.default(spuriousDefaults.label),
  attributes: z.array(attributeName).min(1).max(8).optional(),
  method: z.enum(['dfr-val', 'dfr-train']).default(spuriousDefaults.method),
  Cs: z
    .array(z.number().positive().finite())
    .min(1)
    .max(50)
    .default(() => [...DFR_CS]),
  retrains: z.number().int().min(1).max(500).optional(),
  seeds: z.number().int().min(1).max(50).default(spuriousDefaults.seeds),
  minGroupSize: z.number().int().min(1).max(1_000_000).default(spuriousDefaults.minGroupSize),
  bootstrapReps: z.number().int().min(50).max(100_000).default(spuriousDefaults.bootstrapReps),
});

/** The reference script's refit counts: 20 on val, 10 on train subsamples. */
export function resolveRetrains(config: SpuriousConfig): number {
  return config.retrains ?? (config.method === 'dfr-val' ? 20 : 10);
}
