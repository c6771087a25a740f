// An in-memory ApiClient for the dev harness and tests: answers every method with fake-data and
// simulates a run (progress events, then success) when one is started.
import { ApiError, type ApiEventName, type ApiEvents, type ApiInput, type ApiMethod, type ApiOutput, type Api, type RunSummary } from '../../src-shared/api.ts';
import type { ApiClient } from '../lib/api/client.ts';
import * as data from './fake-data.ts';

type Handler = { [M in ApiMethod]: (input: ApiInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> };

export interface FakeOptions {
  /** Start with no datasets, to exercise the first-launch path. */
  empty?: boolean;
  /** Milliseconds per simulated step of a run. */
  stepMs?: number;
  latencyMs?: number;
}

export function createFakeClient(opts: FakeOptions = {}): ApiClient & { emit<E extends ApiEventName>(e: E, p: ApiEvents[E]): void } {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const emit = <E extends ApiEventName>(e: E, p: ApiEvents[E]) => listeners.get(e)?.forEach((cb) => cb(p));
  let datasets = opts.empty ? [] : [data.demoDataset(), data.celebaDataset()];
  const runs: RunSummary[] = opts.empty ? [] : data.runSummaries();
  let settings: Awaited<ReturnType<Api['settings:get']>> = { backend: 'auto', minGroupSize: 20, theme: 'system' };
  const thumbCache = new Map<number, string>();

  function thumbSvg(sampleId: number, size: number): string {
    if (!thumbCache.has(sampleId)) {
      const i = sampleId % 1_000_000;
      const water = (i * 7) % 5 < 3 ? i % 4 === 3 : i % 4 !== 3;
      const sky = water ? '#9cc6e8' : '#cfe3f0';
      const ground = water ? '#3f7fb0' : ['#8a9a4a', '#a98d55', '#6f8f3f', '#b49a5e'][i % 4];
      const bird = i % 4 === 3 ? '#f2f2ee' : '#6b4a2f';
      thumbCache.set(
        sampleId,
        `<svg xmlns="http://www.w3.org/2000/svg" width="SIZE" height="SIZE" viewBox="0 0 64 64"><rect width="64" height="38" fill="${sky}"/><rect y="38" width="64" height="26" fill="${ground}"/><ellipse cx="${28 + (i % 9)}" cy="34" rx="11" ry="7" fill="${bird}"/><circle cx="${39 + (i % 9)}" cy="29" r="4" fill="${bird}"/><path d="M${42 + (i % 9)} 29 l5 1 -5 1z" fill="#e69f00"/></svg>`,
      );
    }
    return btoa(thumbCache.get(sampleId)!.replaceAll('SIZE', String(size)));
  }

  function simulate(run: RunSummary) {
    const stepMs = opts.stepMs ?? 400;
    const stages = ['loading embeddings', 'fitting probes', 'bootstrap intervals'];
    const total = 30;
    let done = 0;
    setTimeout(() => {
      run.status = 'running';
      run.startedAt = new Date().toISOString();
      emit('run:updated', { ...run });
      const t = setInterval(() => {
        if (run.status !== 'running') return clearInterval(t);
        done++;
        emit('job:progress', { runId: run.id, stage: stages[Math.min(2, Math.floor((done / total) * 3))], done, total, etaSeconds: ((total - done) * stepMs) / 1000 });
        if (done >= total) {
          clearInterval(t);
          run.status = 'succeeded';
          run.finishedAt = new Date().toISOString();
          run.durationSeconds = (total * stepMs) / 1000;
          emit('run:updated', { ...run });
        }
      }, stepMs);
    }, stepMs);
  }

  const h: Handler = {
    'app:info': () => ({ version: '0.1.0', dbPath: '/home/me/.faultline/faultline.sqlite', dataDir: '/home/me/.faultline', mode: 'browser', backend: { name: 'wasm', device: 'CPU (2 cores, SIMD)', kernels: 'onnxruntime', skipped: [{ backend: 'tensorflow-gpu', reason: 'tfjs-node-gpu is not installed' }, { backend: 'tensorflow', reason: 'tfjs-node is not installed' }] } }),
    'datasets:list': () => datasets.map(({ mapping: _m, importReport: _r, hasMasks: _h, regionAttribute: _g, ...s }) => s),
    'datasets:overview': ({ datasetId, attribute }) => {
      if (datasetId === 1) return data.demoOverview(attribute);
      const ds = datasets.find((d) => d.id === datasetId);
      if (!ds) throw new ApiError('NotFound', `Dataset ${datasetId} does not exist.`);
      return {
        dataset: ds,
        groupTable: { datasetId, attribute: 'Male', labels: ['0', '1'], attributeValues: ['0', '1'], cells: (['train', 'val', 'test'] as const).flatMap((s, si) => [[0, 0, 71629], [0, 1, 66874], [1, 0, 22880], [1, 1, 1387]].map(([y, m, c]) => ({ split: s, label: String(y), attributes: { Male: String(m) }, count: Math.round(c / [1, 8.2, 8.15][si]) }))) },
        association: [{ split: 'train', attribute: 'Male', cramersV: 0.32, majorityShare: [{ label: '0', value: '0', share: 0.517, n: 138503 }, { label: '1', value: '0', share: 0.943, n: 24267 }] }],
        regions: [],
        warnings: [],
      };
    },
    'datasets:preview': ({ metadataPath }) => {
      if (!metadataPath.endsWith('.csv') && !metadataPath.endsWith('.txt')) throw new ApiError('InputError', 'Cannot read this file as a table: the header has 1 column. Is it a CSV with commas?', { file: metadataPath, row: 1 });
      return {
        metadataPath,
        preset: 'waterbirds',
        companionFiles: [],
        columns: ['img_id', 'img_filename', 'y', 'split', 'place', 'place_filename'],
        rows: Array.from({ length: 8 }, (_, i) => [String(i + 1), `001.Black_footed_Albatross/Black_Footed_Albatross_00${i + 1}.jpg`, String(i % 2), String(i % 3), String((i + 1) % 2), `/o/ocean/000${i}.jpg`]),
        totalRows: 11788,
        suggestedMapping: { id: 'img_id', imagePath: 'img_filename', split: 'split', label: 'y', attributes: ['place'] },
        suggestedImageRoot: metadataPath.replace(/[^/]+$/, ''),
      };
    },
    'datasets:import': (input) => {
      const ds = { ...data.demoDataset(), id: datasets.length + 10, name: input.name ?? 'Imported', isDemo: false, metadataPath: input.metadataPath };
      datasets = [...datasets, ds];
      const report = { file: input.metadataPath, accepted: 11785, rejected: [{ row: 18, reason: 'image file not found: 001.Black_footed_Albatross/Black_Footed_Albatross_0017.jpg' }, { row: 2044, reason: "split '7' is not one of train/val/test or 0/1/2" }, { row: 9001, reason: "label column 'y' is empty" }], warnings: ['3 rows rejected.'] };
      emit('datasets:changed', { datasetId: ds.id });
      const { mapping: _m, importReport: _r, hasMasks: _h, regionAttribute: _g, ...summary } = ds;
      return { dataset: summary, report };
    },
    'datasets:ensureDemo': () => {
      if (!datasets.some((d) => d.isDemo)) datasets = [data.demoDataset(), ...datasets];
      const { mapping: _m, importReport: _r, hasMasks: _h, regionAttribute: _g, ...s } = datasets.find((d) => d.isDemo)!;
      return s;
    },
    'datasets:delete': ({ datasetId }) => {
      datasets = datasets.filter((d) => d.id !== datasetId);
    },
    'samples:list': (q) => {
      const ds = datasets.find((d) => d.id === q.datasetId);
      const n = ds?.sampleCount ?? 0;
      const make = data.demoSamples(q.datasetId, n);
      const filtered = !q.split && !q.label && !q.attributes;
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 100;
      if (filtered) return { total: n, rows: Array.from({ length: Math.max(0, Math.min(limit, n - offset)) }, (_, k) => make(offset + k)) };
      // Filtering a fake 200k dataset row by row is slow; scan the demo only.
      const all: ReturnType<typeof make>[] = [];
      for (let i = 0; i < Math.min(n, 20000); i++) {
        const r = make(i);
        if (q.split && r.split !== q.split) continue;
        if (q.label && r.label !== q.label) continue;
        if (q.attributes && Object.entries(q.attributes).some(([k, v]) => r.attributes[k] !== v)) continue;
        all.push(r);
      }
      return { total: all.length, rows: all.slice(offset, offset + limit) };
    },
    'samples:thumbnail': ({ sampleId, size }) => ({ sampleId, mime: 'image/svg+xml', base64: thumbSvg(sampleId, size ?? 128) }),
    'arrays:list': ({ datasetId }) => (datasetId === 1 ? data.arraySets() : []),
    'arrays:importEmbeddings': (input) => ({ id: 99, datasetId: input.datasetId, name: input.name, kind: 'embedding', rows: 11788, cols: 768, dtype: 'float32', sourcePath: input.path, sha256: 'ffff0000', createdAt: new Date().toISOString() }),
    'arrays:importPredictions': (input) => ({ id: 98, datasetId: input.datasetId, name: input.name, kind: 'prediction', rows: 11788, cols: 2, dtype: 'float32', sourcePath: input.path, sha256: 'eeee0000', createdAt: new Date().toISOString() }),
    'analyses:list': () => data.analyses(),
    'runs:list': ({ datasetId }) => runs.filter((r) => datasetId == null || r.datasetId === datasetId).map((r) => ({ ...r })),
    'runs:get': ({ runId }) => {
      const r = runs.find((x) => x.id === runId);
      if (!r) throw new ApiError('NotFound', `Run ${runId} does not exist.`);
      return data.runDetail({ ...r });
    },
    'runs:start': (input) => {
      const ds = datasets.find((d) => d.id === input.datasetId);
      const run: RunSummary = { id: Math.max(0, ...runs.map((r) => r.id)) + 1, analysis: input.analysis, datasetId: input.datasetId, datasetName: ds?.name ?? '?', status: 'queued', stage: null, createdAt: new Date().toISOString(), startedAt: null, finishedAt: null, durationSeconds: null, backend: 'wasm', seed: input.seed ?? 0, error: null };
      runs.unshift(run);
      simulate(run);
      return { ...run };
    },
    'runs:cancel': ({ runId }) => {
      const r = runs.find((x) => x.id === runId);
      if (r && (r.status === 'running' || r.status === 'queued')) {
        r.status = 'cancelled';
        emit('run:updated', { ...r });
      }
    },
    'runs:delete': () => undefined,
    'jobs:active': () => [],
    'settings:get': () => settings,
    'settings:set': (patch) => (settings = { ...settings, ...patch }),
  };

  return {
    mode: 'browser',
    async call<M extends ApiMethod>(method: M, input?: ApiInput<M>): Promise<ApiOutput<M>> {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      const fn = h[method] as (i: ApiInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>;
      return structuredClone(await fn(input as ApiInput<M>));
    },
    on<E extends ApiEventName>(event: E, cb: (payload: ApiEvents[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const w = (p: unknown) => cb(p as ApiEvents[E]);
      set.add(w);
      return () => set.delete(w);
    },
    emit,
  };
}
