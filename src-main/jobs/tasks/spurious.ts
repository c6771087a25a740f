// The spurious-feature analysis (DFR) as a run: loads the chosen embedding sets (or, with none,
// trains the default CNN on the images and extracts its embeddings first), the optional
// prediction set of the original model, and runs the engine analysis.
import { z } from 'zod';
import { spuriousAnalysis, spuriousConfigSchema, spuriousDefaults } from '../../engine/analyses/spurious/index.ts';
import { listArraySets } from '../../store/index.ts';
import { loadEmbeddings, loadPredictions, loadSamples } from './load-inputs.ts';
import { defineTask } from './types.ts';
import { ensureErmEmbeddings, ermConfigSchema, ermDefaults } from './erm-pipeline.ts';

// Keys the task adds to the engine's (strict) config schema.
const taskKeysSchema = z.strictObject({
  /** Embedding sets to evaluate; empty = every stored set, or train a CNN when there is none. */
  embeddingSets: z.array(z.string().min(1).max(200)).max(20).default([]),
  /** 'train-cnn': always evaluate the in-app ERM CNN (trained once per config and seed, then cached). */
  source: z.enum(['auto', 'train-cnn']).default('auto'),
  /** Prediction set of the original model (the baseline); absent = a logistic regression on train. */
  predictionSet: z.string().min(1).max(200).optional(),
  /** Settings of the in-app CNN, used only when it has to be trained. */
  erm: ermConfigSchema.default(ermDefaults),
});

function parseConfig(raw: unknown) {
  const { embeddingSets, predictionSet, erm, source, ...engine } = (raw ?? {}) as Record<string, unknown>;
  return { ...spuriousConfigSchema.parse(engine), ...taskKeysSchema.parse({ embeddingSets, predictionSet, erm, source }) };
}

export const spuriousTask = defineTask({
  id: 'spurious',
  title: 'Spurious-feature probes (DFR)',
  description: 'Does the model lean on a shortcut? Retrains the last layer on group-balanced data (DFR) and compares worst-group accuracy with the baseline.',
  parseConfig,
  defaults: { ...spuriousDefaults, embeddingSets: [], source: 'auto', erm: ermDefaults },
  async run(ctx) {
    const config = ctx.config;
    const samples = loadSamples(ctx.db, ctx.datasetId);
    let names = config.embeddingSets;
    let predictionSet = config.predictionSet;
    const provenance: Record<string, unknown> = {};
    if (names.length === 0) {
      names = config.source === 'train-cnn' ? [] : listArraySets(ctx.db, ctx.datasetId).filter((s) => s.kind === 'embedding').map((s) => s.name);
      if (names.length === 0) {
        const erm = await ensureErmEmbeddings(ctx, samples, config.erm);
        names = [erm.embeddingSet];
        predictionSet ??= erm.predictionSet;
        provenance.erm = erm.provenance;
      }
    }
    const { matrices, hashes } = loadEmbeddings(ctx.db, ctx.paths, ctx.datasetId, names);
    const predictions = predictionSet ? loadPredictions(ctx.db, ctx.paths, ctx.datasetId, predictionSet) : undefined;
    const { embeddingSets: _e, predictionSet: _p, erm: _erm, source: _s, ...analysisConfig } = config;
    const out = await spuriousAnalysis.run(
      { samples, embeddings: matrices, predictions: predictions ? { name: predictions.name, predicted: predictions.predicted } : undefined },
      analysisConfig,
      { seed: ctx.seed, signal: ctx.signal, progress: ctx.progress, backend: ctx.backend },
    );
    return {
      result: out.result,
      metrics: out.metrics,
      samples: (out.samples ?? []).map((s) => ({ sampleId: samples[s.sampleIndex]!.id, key: s.key, value: s.value })),
      provenance: {
        ...provenance,
        inputs: { embeddingSets: hashes, predictionSet: predictions ? { name: predictions.name, sha256: predictions.sha256 } : null },
      },
    };
  },
});
