// The spurious-feature analysis (METHODS.md section 1): DFR last-layer retraining, shortcut
// decodability and backbone comparison, as an AnalysisDefinition the job runner can call.
import type { SpuriousResult } from '../../../../src-shared/results/spurious.ts';
import type { AnalysisDefinition } from '../types.ts';
import { spuriousConfigSchema, spuriousDefaults } from './config.ts';
import type { SpuriousConfig } from './config.ts';
import type { SpuriousInputs } from './prepare.ts';
import { runSpurious } from './run.ts';

export const spuriousAnalysis: AnalysisDefinition<SpuriousConfig, SpuriousInputs, SpuriousResult> = {
  id: 'spurious',
  title: 'Spurious-feature probes (DFR)',
  description:
    'Retrains the last layer on group-balanced data (Deep Feature Reweighting) for each embedding set, compares worst-group ' +
    'accuracy with the model or a plain train-split probe, and measures how decodable the spurious attribute is. ' +
    'Refits default to 20 (dfr-val) or 10 (dfr-train).',
  configSchema: spuriousConfigSchema,
  defaults: spuriousDefaults,
  run: runSpurious,
};

export { toCliJson } from './cli-json.ts';
export type { CliMeta } from './cli-json.ts';
export { spuriousConfigSchema, spuriousDefaults, resolveRetrains, DFR_CS } from './config.ts';
export type { SpuriousConfig, DfrMethod } from './config.ts';
export type { SpuriousInputs } from './prepare.ts';
export { runDfr } from './dfr.ts';
