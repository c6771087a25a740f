// Implements the Api on top of the store and the job queue. The only place that orchestrates:
// transports (IPC, HTTP, CLI) call these methods after validating inputs.
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Api, ApiEvents, AppInfo, BackendInfo, PresetId } from '../../src-shared/api.ts';
import { ApiError } from '../../src-shared/api.ts';
import { InputError } from '../../src-shared/errors.ts';
import { alignRows, previewTable, readDatasetTable, readEmbeddingFile, readPredictionFile } from '../engine/data/index.ts';
import { ensureDemoDataset, type DemoOptions } from '../engine/data/demo/index.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { listTasks, findTask } from '../jobs/tasks/registry.ts';
import { collectVersions } from '../jobs/versions.ts';
import {
  allSamples, createRun, deleteDataset, deleteRun, findDataset, findDemoDataset, findRun, getRunDetail, getSettings,
  insertDataset, listArraySets, listDatasets, listRuns, querySamples, saveEmbeddingSet, savePredictionSet, setSettings,
  type Db, type StorePaths,
} from '../store/index.ts';
import { buildOverview } from './overview.ts';
import { makeThumbnail } from './thumbnails.ts';

type Emit = <E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]) => void;

export interface ServiceDeps {
  db: Db;
  paths: StorePaths;
  queue: JobQueue;
  emit: Emit;
  mode: AppInfo['mode'];
  /** Backend as reported by the most recent worker (the main process does not run tensors). */
  backend?: () => Promise<BackendInfo | null>;
  /** Demo dataset generation settings (tests use small counts). */
  demo?: DemoOptions;
}

export const DEMO_DATASET_NAME = 'Demo: birds on land and water';

function notFound(what: string, id: number): never {
  throw new ApiError('NotFound', `${what} ${id} does not exist (it may have been deleted).`);
}

export function createService(deps: ServiceDeps): Api {
  const { db, paths, queue, emit } = deps;

  const service: Api = {
    async 'app:info'() {
      return {
        version: collectVersions().faultline ?? '0.0.0',
        dbPath: paths.dbPath,
        dataDir: paths.dataDir,
        backend: (await deps.backend?.()) ?? null,
        mode: deps.mode,
      };
    },

    async 'datasets:list'() {
      return listDatasets(db);
    },

    async 'datasets:overview'({ datasetId, attribute }) {
      const dataset = findDataset(db, datasetId) ?? notFound('Dataset', datasetId);
      if (attribute !== undefined && !dataset.attributes.includes(attribute)) {
        throw new InputError(`Dataset "${dataset.name}" has no attribute "${attribute}"; it has: ${dataset.attributes.join(', ') || 'none'}.`);
      }
      return buildOverview(dataset, allSamples(db, datasetId), attribute, getSettings(db).minGroupSize);
    },

    async 'datasets:preview'({ metadataPath, preset }) {
      return previewTable(resolve(metadataPath), preset);
    },

    async 'datasets:import'(input) {
      const metadataPath = resolve(input.metadataPath);
      // The preview reads the whole table (row count); skip it when the caller chose everything.
      const preview = input.preset && input.mapping && input.imageRoot ? null : await previewTable(metadataPath, input.preset);
      const preset: PresetId = input.preset ?? preview!.preset;
      const mapping = input.mapping ?? preview!.suggestedMapping;
      const imageRoot = resolve(input.imageRoot ?? preview!.suggestedImageRoot);
      if (!existsSync(imageRoot)) throw new InputError(`The image folder ${imageRoot} does not exist. Choose the folder the image paths in ${basename(metadataPath)} are relative to.`, { file: imageRoot });
      const table = await readDatasetTable({ metadataPath, imageRoot, preset, mapping, verifyImages: input.verifyImages, allowMissingMedia: input.allowMissingImages });
      const name = input.name ?? `${basename(dirname(metadataPath))}/${basename(metadataPath)}`;
      const datasetId = insertDataset(
        db,
        { name, root: imageRoot, metadataPath, preset, mapping, report: table.report, labels: table.labels, attributes: table.attributes },
        table.samples,
      );
      emit('datasets:changed', { datasetId });
      return { dataset: listDatasets(db).find((d) => d.id === datasetId)!, report: table.report };
    },

    async 'datasets:ensureDemo'() {
      const existing = findDemoDataset(db);
      if (existing) return existing;
      const demo = await ensureDemoDataset(paths.demoDir, deps.demo ?? {});
      const preview = await previewTable(demo.metadataPath, 'waterbirds');
      const mapping = { ...preview.suggestedMapping, attributes: ['place', 'region'], maskPath: 'mask_filename' };
      const table = await readDatasetTable({ metadataPath: demo.metadataPath, imageRoot: demo.dir, preset: 'waterbirds', mapping });
      // A concurrent caller may have imported it while this one generated.
      const again = findDemoDataset(db);
      if (again) return again;
      const datasetId = insertDataset(
        db,
        { name: DEMO_DATASET_NAME, root: demo.dir, metadataPath: demo.metadataPath, preset: 'waterbirds', mapping, report: table.report, labels: table.labels, attributes: table.attributes, isDemo: true },
        table.samples,
      );
      emit('datasets:changed', { datasetId });
      return listDatasets(db).find((d) => d.id === datasetId)!;
    },

    async 'datasets:delete'({ datasetId }) {
      const active = listRuns(db, datasetId).filter((r) => r.status === 'running' || r.status === 'queued');
      if (active.length > 0) throw new ApiError('Busy', `Dataset ${datasetId} has ${active.length} run(s) in progress; cancel them first.`);
      if (!deleteDataset(db, datasetId)) notFound('Dataset', datasetId);
      emit('datasets:changed', { datasetId: null });
    },

    async 'samples:list'(q) {
      if (!findDataset(db, q.datasetId)) notFound('Dataset', q.datasetId);
      return querySamples(db, q);
    },

    async 'samples:thumbnail'({ sampleId, size }) {
      return makeThumbnail(db, paths.thumbsDir, sampleId, size ?? 128);
    },

    async 'arrays:list'({ datasetId }) {
      return listArraySets(db, datasetId);
    },

    async 'arrays:importEmbeddings'({ datasetId, name, path, idKey }) {
      const dataset = findDataset(db, datasetId) ?? notFound('Dataset', datasetId);
      const file = resolve(path);
      const read = await readEmbeddingFile(file, { idKey });
      const samples = allSamples(db, datasetId);
      // Extra rows (e.g. of metadata rows rejected at import) are ignored; every sample must be found.
      const order = alignRows(read.ids, read.rows, samples.map((s) => s.externalId), file, { allowUnknownIds: true });
      const aligned = new Float32Array(samples.length * read.cols);
      for (let i = 0; i < samples.length; i++) aligned.set(read.data.subarray(order[i]! * read.cols, (order[i]! + 1) * read.cols), i * read.cols);
      const summary = saveEmbeddingSet(db, paths.arraysDir, {
        datasetId, name, data: aligned, rows: samples.length, cols: read.cols, dtype: read.dtype, sourcePath: file,
        provenance: { source: 'import', sourceSha256: read.sha256, dataset: dataset.name },
      });
      emit('datasets:changed', { datasetId });
      return summary;
    },

    async 'arrays:importPredictions'({ datasetId, name, path, idKey }) {
      const dataset = findDataset(db, datasetId) ?? notFound('Dataset', datasetId);
      const file = resolve(path);
      const read = await readPredictionFile(file, { idKey, classNames: dataset.labels });
      const samples = allSamples(db, datasetId);
      const order = alignRows(read.ids, read.predicted.length, samples.map((s) => s.externalId), file, { allowUnknownIds: true });
      const predicted = samples.map((_, i) => read.predicted[order[i]!] ?? '');
      let scores: Float32Array | null = null;
      if (read.scores) {
        scores = new Float32Array(samples.length * read.cols);
        for (let i = 0; i < samples.length; i++) scores.set(read.scores.subarray(order[i]! * read.cols, (order[i]! + 1) * read.cols), i * read.cols);
      }
      const summary = savePredictionSet(db, paths.arraysDir, {
        datasetId, name, predicted, classNames: dataset.labels, scores, cols: read.cols, sourcePath: file,
        provenance: { source: 'import', sourceSha256: read.sha256 },
      });
      emit('datasets:changed', { datasetId });
      return summary;
    },

    async 'analyses:list'() {
      return listTasks();
    },

    async 'runs:list'({ datasetId }) {
      return listRuns(db, datasetId);
    },

    async 'runs:get'({ runId }) {
      return getRunDetail(db, runId) ?? notFound('Run', runId);
    },

    async 'runs:start'({ analysis, datasetId, config, seed }) {
      const task = findTask(analysis);
      if (!task) throw new InputError(`Unknown analysis "${analysis}". Available: ${listTasks().map((t) => t.id).join(', ')}.`);
      const dataset = findDataset(db, datasetId) ?? notFound('Dataset', datasetId);
      // Validate now so a bad config is reported to the caller, not as a failed run.
      const parsed = task.parseConfig({ ...config });
      const run = createRun(db, {
        analysis, datasetId, config: parsed, seed: seed ?? 0,
        provenance: { dataset: { id: dataset.id, name: dataset.name, metadataPath: dataset.metadataPath } },
      });
      emit('run:updated', run);
      queue.enqueue(run.id);
      return findRun(db, run.id)!;
    },

    async 'runs:cancel'({ runId }) {
      const run = findRun(db, runId) ?? notFound('Run', runId);
      if (run.status !== 'queued' && run.status !== 'running') return;
      queue.cancel(runId);
    },

    async 'runs:delete'({ runId }) {
      const run = findRun(db, runId) ?? notFound('Run', runId);
      if (run.status === 'running' || run.status === 'queued') throw new ApiError('Busy', `Run ${runId} is still ${run.status}; cancel it first.`);
      deleteRun(db, runId);
    },

    async 'jobs:active'() {
      return queue.activeProgress();
    },

    async 'settings:get'() {
      return getSettings(db);
    },

    async 'settings:set'(patch) {
      return setSettings(db, patch);
    },
  };
  return service;
}
