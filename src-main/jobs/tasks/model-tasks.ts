// Data jobs of the compute core: train the default CNN on a split, extract embeddings through any
// backbone (in-app model or a local ONNX / TF.js file) into a cached embedding set, and store a
// model's predictions as a prediction set.
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../../src-shared/errors.ts';
import type { ProgressUpdate } from '../../engine/analyses/types.ts';
import { loadBackbone } from '../../engine/models/backbone.ts';
import { embeddingCacheKey, modelSha256 } from '../../engine/models/embedding-cache-key.ts';
import { extractEmbeddings } from '../../engine/models/extract-embeddings.ts';
import { predict } from '../../engine/models/predict.ts';
import { trainCnn } from '../../engine/models/train-cnn.ts';
import {
  findDataset, findEmbeddingSetByCacheKey, findModel, insertModel, saveEmbeddingSet, savePredictionSet, type Db,
} from '../../store/index.ts';
import { loadSamples } from './load-inputs.ts';
import { defineTask, type TaskContext } from './types.ts';

const splitSchema = z.enum(['train', 'val', 'test']);
const normalizationSchema = z.enum(['imagenet', 'half', 'none']);

/** A model given by a stored id (trained in the app) or a local file path. */
const modelRefSchema = z.union([z.strictObject({ modelId: z.number().int().positive() }), z.strictObject({ path: z.string().min(1).max(4096) })]);

function resolveModelPath(db: Db, ref: z.infer<typeof modelRefSchema>): { path: string; name: string } {
  if ('path' in ref) return { path: resolve(ref.path), name: ref.path };
  const model = findModel(db, ref.modelId);
  if (!model) throw new InputError(`No stored model with id ${ref.modelId}.`);
  return { path: model.dir, name: model.name };
}

function datasetItems(ctx: TaskContext<unknown>, splits: string[] | null) {
  const dataset = findDataset(ctx.db, ctx.datasetId);
  if (!dataset) throw new Error(`Dataset ${ctx.datasetId} no longer exists.`);
  const samples = loadSamples(ctx.db, ctx.datasetId);
  const chosen = splits ? samples.filter((s) => splits.includes(s.split)) : samples;
  const items = chosen.map((s) => ({ path: join(dataset.root, s.mediaPath), label: dataset.labels.indexOf(s.label) }));
  return { dataset, samples, chosen, items };
}

const stage = (ctx: TaskContext<unknown>, name: string) => (p: ProgressUpdate) => ctx.progress({ ...p, stage: name });

const trainConfig = z.strictObject({
  split: splitSchema.default('train'),
  name: z.string().min(1).max(200).optional(),
  inputSize: z.number().int().min(16).max(512).default(64),
  width: z.number().int().min(4).max(256).default(16),
  epochs: z.number().int().min(1).max(500).default(6),
  batchSize: z.number().int().min(2).max(1024).default(64),
  optimizer: z.enum(['sgd', 'adam']).default('adam'),
  lr: z.number().positive().max(10).default(0.002),
  schedule: z.enum(['cosine', 'step', 'constant']).default('cosine'),
  scaleMin: z.number().min(0.01).max(1).default(1),
  hflip: z.boolean().default(true),
  reweight: z.enum(['none', 'class', 'group']).default('none'),
});

export const trainCnnTask = defineTask({
  id: 'train-cnn',
  title: 'Train the default CNN',
  description: 'Trains a compact ResNet-style network on one split (ERM by default) and stores the checkpoint for extraction and predictions.',
  parseConfig: (raw) => trainConfig.parse(raw ?? {}),
  defaults: trainConfig.parse({}),
  async run(ctx) {
    const cfg = ctx.config;
    const { dataset, chosen, items } = datasetItems(ctx, [cfg.split]);
    if (items.length === 0) throw new InputError(`Dataset "${dataset.name}" has no ${cfg.split} samples to train on.`);
    const groupKeys = chosen.map((s) => `${s.label}|${Object.values(s.attributes).join('|')}`);
    const groupIds = [...new Set(groupKeys)];
    const trained = await trainCnn({
      items,
      config: {
        inputSize: cfg.inputSize, width: cfg.width, numClasses: dataset.labels.length, epochs: cfg.epochs, batchSize: cfg.batchSize,
        optimizer: cfg.optimizer, lr: cfg.lr, schedule: cfg.schedule, seed: ctx.seed, augment: { scaleMin: cfg.scaleMin, hflip: cfg.hflip },
        reweight: cfg.reweight, groups: groupKeys.map((k) => groupIds.indexOf(k)),
      },
      checkpointDir: join(ctx.paths.modelsDir, `run-${ctx.runId}-cnn`),
      onProgress: stage(ctx, 'training'),
      signal: ctx.signal,
    });
    const sha256 = await modelSha256(trained.modelDir);
    const model = insertModel(ctx.db, {
      datasetId: ctx.datasetId, name: cfg.name ?? `CNN run ${ctx.runId} (seed ${ctx.seed})`, kind: 'tfjs-layers', dir: trained.modelDir, sha256,
      provenance: { config: cfg, seed: ctx.seed, runId: ctx.runId, history: trained.history },
    });
    const last = trained.history.at(-1);
    return {
      result: { analysis: 'train-cnn', model: { id: model.id, name: model.name, dir: model.dir, sha256 }, history: trained.history, skipped: trained.errors },
      metrics: trained.history.flatMap((h) => [
        { scopeKind: 'epoch', scopeKey: String(h.epoch), metric: 'train_loss', value: h.trainLoss },
        { scopeKind: 'epoch', scopeKey: String(h.epoch), metric: 'train_accuracy', value: h.trainAccuracy },
      ]).concat(last ? [{ scopeKind: 'overall', scopeKey: 'all', metric: 'train_accuracy', value: last.trainAccuracy }] : []),
      provenance: { model: { id: model.id, sha256 } },
    };
  },
});

const extractConfig = z.strictObject({
  model: modelRefSchema,
  layer: z.string().min(1).max(200).optional(),
  inputSize: z.number().int().min(8).max(1024).optional(),
  normalization: normalizationSchema.optional(),
  name: z.string().min(1).max(200).optional(),
  batchSize: z.number().int().min(1).max(1024).default(64),
  onError: z.enum(['skip', 'fail']).default('fail'),
});

export const extractEmbeddingsTask = defineTask({
  id: 'extract-embeddings',
  title: 'Extract embeddings',
  description: 'Runs every image through a backbone (a model trained here, or a local .onnx / TF.js model) and stores the features as an embedding set; a repeated request is answered from the cache.',
  parseConfig: (raw) => extractConfig.parse(raw ?? {}),
  defaults: { model: { modelId: 1 }, batchSize: 64, onError: 'fail' },
  async run(ctx) {
    const cfg = ctx.config;
    const { path, name: modelName } = resolveModelPath(ctx.db, cfg.model);
    const backbone = await loadBackbone({ path, layer: cfg.layer, inputSize: cfg.inputSize, normalization: cfg.normalization });
    try {
      const sha256 = await modelSha256(path);
      const cacheKey = embeddingCacheKey({ datasetId: ctx.datasetId, modelSha256: sha256, layer: backbone.layer, preprocess: backbone.preprocess });
      const cached = findEmbeddingSetByCacheKey(ctx.db, ctx.datasetId, cacheKey);
      if (cached) {
        ctx.progress({ stage: 'cached', done: 1, total: 1 });
        return {
          result: { analysis: 'extract-embeddings', embeddingSet: cached.name, rows: cached.rows, cols: cached.cols, cached: true, cacheKey },
          metrics: [{ scopeKind: 'overall', scopeKey: 'all', metric: 'dim', value: cached.cols }],
          provenance: { cacheKey },
        };
      }
      const { items } = datasetItems(ctx, null);
      const features = await extractEmbeddings({ backbone, items, batchSize: cfg.batchSize, onError: cfg.onError, onProgress: stage(ctx, 'extracting'), signal: ctx.signal });
      const name = cfg.name ?? `${modelName.split(/[\\/]/).pop()}:${backbone.layer}`;
      const set = saveEmbeddingSet(ctx.db, ctx.paths.arraysDir, {
        datasetId: ctx.datasetId, name, data: features.data, rows: features.rows, cols: features.cols, dtype: 'float32', sourcePath: path,
        provenance: { cacheKey, model: { path, sha256, layer: backbone.layer, kind: backbone.kind }, preprocess: backbone.preprocess, skipped: features.errors.length },
      });
      return {
        result: { analysis: 'extract-embeddings', embeddingSet: set.name, rows: set.rows, cols: set.cols, cached: false, cacheKey, skipped: features.errors },
        metrics: [{ scopeKind: 'overall', scopeKey: 'all', metric: 'dim', value: set.cols }, { scopeKind: 'overall', scopeKey: 'all', metric: 'skipped', value: features.errors.length }],
        provenance: { cacheKey, model: { path, sha256 } },
      };
    } finally {
      await backbone.dispose();
    }
  },
});

const predictConfig = z.strictObject({
  model: modelRefSchema,
  name: z.string().min(1).max(200).optional(),
  batchSize: z.number().int().min(1).max(1024).default(64),
});

export const predictTask = defineTask({
  id: 'predict',
  title: 'Store model predictions',
  description: 'Predicts every sample with a trained classifier and stores labels and class scores as a prediction set (the baseline of DFR).',
  parseConfig: (raw) => predictConfig.parse(raw ?? {}),
  defaults: { model: { modelId: 1 }, batchSize: 64 },
  async run(ctx) {
    const cfg = ctx.config;
    const { path, name: modelName } = resolveModelPath(ctx.db, cfg.model);
    const { dataset, samples, items } = datasetItems(ctx, null);
    const preds = await predict({ model: path, items, batchSize: cfg.batchSize, onError: 'fail', onProgress: stage(ctx, 'predicting'), signal: ctx.signal });
    if (preds.numClasses !== dataset.labels.length) {
      throw new InputError(`The model predicts ${preds.numClasses} classes but the dataset has ${dataset.labels.length} (${dataset.labels.join(', ')}).`);
    }
    const predicted = Array.from(preds.predicted, (c) => (c >= 0 ? dataset.labels[c]! : ''));
    const set = savePredictionSet(ctx.db, ctx.paths.arraysDir, {
      datasetId: ctx.datasetId, name: cfg.name ?? `${modelName.split(/[\\/]/).pop()} predictions`, predicted, classNames: dataset.labels,
      scores: preds.scores, cols: preds.numClasses, sourcePath: path, provenance: { model: { path, sha256: await modelSha256(path) } },
    });
    const correct = samples.filter((s, i) => s.label === predicted[i]).length;
    return {
      result: { analysis: 'predict', predictionSet: set.name, rows: set.rows, accuracy: correct / samples.length },
      metrics: [{ scopeKind: 'overall', scopeKey: 'all', metric: 'accuracy', value: correct / samples.length, n: samples.length }],
      samples: samples.map((s, i) => ({ sampleId: s.id, key: 'predicted', value: preds.predicted[i]! })),
    };
  },
});
