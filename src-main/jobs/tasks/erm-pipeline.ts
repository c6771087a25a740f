// "From images only": train the default CNN on the train split with plain ERM, then store its
// embeddings of every sample and its own predictions, so DFR can compare the model (baseline)
// with its retrained last layer. Cached by (dataset, config, seed): a second run reuses them.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../../src-shared/errors.ts';
import type { AnalysisSample } from '../../engine/analyses/types.ts';
import { loadBackbone } from '../../engine/models/backbone.ts';
import { extractEmbeddings } from '../../engine/models/extract-embeddings.ts';
import { modelSha256 } from '../../engine/models/embedding-cache-key.ts';
import { predict } from '../../engine/models/predict.ts';
import { trainCnn } from '../../engine/models/train-cnn.ts';
import { findArraySet, findDataset, insertModel, saveEmbeddingSet, savePredictionSet } from '../../store/index.ts';
import type { TaskContext } from './types.ts';

export const ermConfigSchema = z.strictObject({
  epochs: z.number().int().min(1).max(500).default(6),
  width: z.number().int().min(4).max(256).default(16),
  batchSize: z.number().int().min(2).max(1024).default(64),
  optimizer: z.enum(['sgd', 'adam']).default('adam'),
  lr: z.number().positive().max(10).default(0.002),
  inputSize: z.number().int().min(16).max(512).default(64),
});
export type ErmConfig = z.infer<typeof ermConfigSchema>;
export const ermDefaults: ErmConfig = ermConfigSchema.parse({});

export interface ErmArtifacts {
  embeddingSet: string;
  predictionSet: string;
  provenance: Record<string, unknown>;
}

export async function ensureErmEmbeddings(ctx: TaskContext<unknown>, samples: AnalysisSample[], cfg: ErmConfig): Promise<ErmArtifacts> {
  const dataset = findDataset(ctx.db, ctx.datasetId);
  if (!dataset) throw new Error(`Dataset ${ctx.datasetId} no longer exists.`);
  const key = createHash('sha256').update(JSON.stringify({ dataset: dataset.id, samples: samples.length, cfg, seed: ctx.seed, v: 1 })).digest('hex').slice(0, 10);
  const embeddingSet = `erm-cnn-${key}`;
  const predictionSet = `erm-cnn-${key}-predictions`;
  if (findArraySet(ctx.db, ctx.datasetId, 'embedding', embeddingSet) && findArraySet(ctx.db, ctx.datasetId, 'prediction', predictionSet)) {
    return { embeddingSet, predictionSet, provenance: { cached: true, key } };
  }
  const classes = dataset.labels;
  const toItem = (s: AnalysisSample) => ({ path: join(dataset.root, s.mediaPath), label: classes.indexOf(s.label) });
  const train = samples.filter((s) => s.split === 'train').map(toItem);
  const val = samples.filter((s) => s.split === 'val').map(toItem);
  if (train.length === 0) throw new InputError(`Dataset "${dataset.name}" has no train split to train a CNN on; import embeddings instead.`);
  if (classes.length < 2) throw new InputError(`Dataset "${dataset.name}" has a single class; a classifier needs at least two.`);

  const trained = await trainCnn({
    items: train,
    valItems: val.length > 0 ? val : undefined,
    config: {
      inputSize: cfg.inputSize, width: cfg.width, numClasses: classes.length, epochs: cfg.epochs, batchSize: cfg.batchSize,
      optimizer: cfg.optimizer, lr: cfg.lr, schedule: 'cosine', seed: ctx.seed, augment: { scaleMin: 1, hflip: true },
    },
    checkpointDir: join(ctx.paths.modelsDir, `run-${ctx.runId}-erm-cnn`),
    onProgress: (p) => ctx.progress({ ...p, stage: 'training CNN' }),
    signal: ctx.signal,
  });
  const allItems = samples.map(toItem);
  const backbone = await loadBackbone({ path: trained.modelDir });
  let features;
  try {
    features = await extractEmbeddings({
      backbone, items: allItems, onError: 'fail', signal: ctx.signal,
      onProgress: (p) => ctx.progress({ ...p, stage: 'extracting embeddings' }),
    });
  } finally {
    await backbone.dispose();
  }
  const preds = await predict({
    model: trained.modelDir, items: allItems, onError: 'fail', signal: ctx.signal,
    onProgress: (p) => ctx.progress({ ...p, stage: 'predicting' }),
  });
  const sha256 = await modelSha256(trained.modelDir);
  const history = trained.history;
  const model = insertModel(ctx.db, {
    datasetId: ctx.datasetId, name: `ERM CNN (seed ${ctx.seed})`, kind: 'tfjs-layers', dir: trained.modelDir, sha256,
    provenance: { config: cfg, seed: ctx.seed, runId: ctx.runId, history },
  });
  const provenance = { model: { id: model.id, sha256, dir: trained.modelDir }, config: cfg, history };
  saveEmbeddingSet(ctx.db, ctx.paths.arraysDir, {
    datasetId: ctx.datasetId, name: embeddingSet, data: features.data, rows: features.rows, cols: features.cols, dtype: 'float32',
    sourcePath: trained.modelDir, provenance: { ...provenance, layer: backbone.layer },
  });
  savePredictionSet(ctx.db, ctx.paths.arraysDir, {
    datasetId: ctx.datasetId, name: predictionSet, predicted: Array.from(preds.predicted, (c) => (c >= 0 ? classes[c]! : '')),
    classNames: classes, scores: preds.scores, cols: preds.numClasses, sourcePath: trained.modelDir, provenance,
  });
  return { embeddingSet, predictionSet, provenance: { ...provenance, cached: false, key } };
}
