// The one contract between the UI (renderer, browser mode, CLI) and the main side.
// Pure types: no node:, electron or DOM imports. Inputs are validated on the main side with the
// zod schemas in ./schemas.ts, whose names match the method names here.

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

export interface BackendInfo {
  /** The backend that runs tensors in the job worker, e.g. "wasm", "tensorflow" (tfjs-node), "cpu". */
  name: string;
  /** Human description of the device, e.g. "CPU (2 cores, SIMD)" or "NVIDIA H200". */
  device: string;
  /** Why higher rungs of the ladder were skipped, in order tried. */
  skipped: { backend: string; reason: string }[];
  /** Which engine runs dense kernels (matmul, pairwise distances). */
  kernels: string;
}

export interface AppInfo {
  version: string;
  dbPath: string;
  dataDir: string;
  backend: BackendInfo | null;
  mode: 'electron' | 'browser' | 'cli';
}

export type PresetId = 'waterbirds' | 'celeba' | 'generic';

/** Which table column plays which role. Attribute columns keep their column name as attribute name. */
export interface ColumnMapping {
  id?: string;
  imagePath: string;
  split?: string;
  label: string;
  attributes: string[];
  maskPath?: string;
  /** Optional explicit group column (overrides label x attribute groups). */
  group?: string;
}

export interface TablePreview {
  metadataPath: string;
  preset: PresetId;
  /** Extra files the preset uses (CelebA partition file). */
  companionFiles: string[];
  columns: string[];
  rows: string[][];
  totalRows: number;
  suggestedMapping: ColumnMapping;
  suggestedImageRoot: string;
}

export interface RejectedRow {
  /** 1-based data row number as a user sees it in the file (header is row 1 for CSVs). */
  row: number;
  reason: string;
}

export interface ImportReport {
  file: string;
  accepted: number;
  rejected: RejectedRow[];
  warnings: string[];
}

export interface DatasetSummary {
  id: number;
  name: string;
  root: string;
  metadataPath: string;
  preset: PresetId;
  createdAt: string;
  sampleCount: number;
  labels: string[];
  attributes: string[];
  splits: Record<Split, number>;
  isDemo: boolean;
}

export interface DatasetDetail extends DatasetSummary {
  mapping: ColumnMapping;
  importReport: ImportReport;
  hasMasks: boolean;
  regionAttribute: string | null;
}

export interface GroupCell {
  split: Split;
  label: string;
  attributes: Record<string, string>;
  count: number;
}

export interface GroupTable {
  datasetId: number;
  attribute: string | null;
  labels: string[];
  attributeValues: string[];
  cells: GroupCell[];
}

export interface AssociationRow {
  split: Split;
  attribute: string;
  cramersV: number;
  /** Per label: share of the label's samples carrying its most frequent attribute value. */
  majorityShare: { label: string; value: string; share: number; n: number }[];
}

export interface RegionCount {
  region: string;
  split: Split;
  count: number;
}

export interface DatasetOverview {
  dataset: DatasetDetail;
  groupTable: GroupTable;
  association: AssociationRow[];
  regions: RegionCount[];
  warnings: string[];
}

export interface SampleRow {
  id: number;
  externalId: string;
  split: Split;
  label: string;
  attributes: Record<string, string>;
  mediaPath: string;
  maskPath: string | null;
}

export interface SampleQuery {
  datasetId: number;
  split?: Split;
  label?: string;
  attributes?: Record<string, string>;
  offset?: number;
  limit?: number;
}

export interface SamplePage {
  total: number;
  rows: SampleRow[];
}

export interface Thumbnail {
  sampleId: number;
  mime: string;
  base64: string;
}

export interface ArraySetSummary {
  id: number;
  datasetId: number;
  name: string;
  kind: 'embedding' | 'prediction';
  rows: number;
  /** Embedding dimension, or number of classes for prediction sets with scores (0 if labels only). */
  cols: number;
  dtype: string;
  sourcePath: string;
  sha256: string;
  createdAt: string;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

export interface RunSummary {
  id: number;
  analysis: string;
  datasetId: number;
  datasetName: string;
  status: RunStatus;
  stage: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  backend: string | null;
  seed: number;
  error: string | null;
}

export interface RunMetric {
  scopeKind: string;
  scopeKey: string;
  metric: string;
  value: number;
  lo: number | null;
  hi: number | null;
  n: number | null;
}

export interface RunDetail extends RunSummary {
  config: unknown;
  provenance: Record<string, unknown>;
  metrics: RunMetric[];
  result: unknown;
}

export interface JobProgress {
  runId: number;
  stage: string;
  done: number;
  total: number;
  etaSeconds: number | null;
  message?: string;
}

export interface AnalysisInfo {
  id: string;
  title: string;
  description: string;
  /** Defaults of its config, for the form. */
  defaults: Record<string, unknown>;
}

export interface Settings {
  backend: 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  minGroupSize: number;
  theme: 'system' | 'light' | 'dark';
}

export interface StartRunInput {
  analysis: string;
  datasetId: number;
  config: Record<string, unknown>;
  seed?: number;
}

export interface ImportDatasetInput {
  name?: string;
  metadataPath: string;
  imageRoot?: string;
  preset?: PresetId;
  mapping?: ColumnMapping;
  /** Decode every image to detect corrupt files (slower); otherwise only existence is checked. */
  verifyImages?: boolean;
  /** Keep rows whose image file is missing (embedding-only analyses), with a warning. */
  allowMissingImages?: boolean;
}

export interface ImportArraySetInput {
  datasetId: number;
  name: string;
  path: string;
  /** Column (CSV) or array name (.npz/.safetensors) holding sample ids; rows align with samples otherwise. */
  idKey?: string;
}

/** Every method the UI may call. Each takes at most one argument (an object or a number). */
export interface Api {
  'app:info'(): Promise<AppInfo>;
  'datasets:list'(): Promise<DatasetSummary[]>;
  'datasets:overview'(input: { datasetId: number; attribute?: string }): Promise<DatasetOverview>;
  'datasets:preview'(input: { metadataPath: string; preset?: PresetId }): Promise<TablePreview>;
  'datasets:import'(input: ImportDatasetInput): Promise<{ dataset: DatasetSummary; report: ImportReport }>;
  'datasets:ensureDemo'(): Promise<DatasetSummary>;
  'datasets:delete'(input: { datasetId: number }): Promise<void>;
  'samples:list'(input: SampleQuery): Promise<SamplePage>;
  'samples:thumbnail'(input: { sampleId: number; size?: number }): Promise<Thumbnail>;
  'arrays:list'(input: { datasetId: number }): Promise<ArraySetSummary[]>;
  'arrays:importEmbeddings'(input: ImportArraySetInput): Promise<ArraySetSummary>;
  'arrays:importPredictions'(input: ImportArraySetInput): Promise<ArraySetSummary>;
  'analyses:list'(): Promise<AnalysisInfo[]>;
  'runs:list'(input: { datasetId?: number }): Promise<RunSummary[]>;
  'runs:get'(input: { runId: number }): Promise<RunDetail>;
  'runs:start'(input: StartRunInput): Promise<RunSummary>;
  'runs:cancel'(input: { runId: number }): Promise<void>;
  'runs:delete'(input: { runId: number }): Promise<void>;
  'jobs:active'(): Promise<JobProgress[]>;
  'settings:get'(): Promise<Settings>;
  'settings:set'(input: Partial<Settings>): Promise<Settings>;
}

export type ApiMethod = keyof Api;
export type ApiInput<M extends ApiMethod> = Parameters<Api[M]> extends [infer I] ? I : undefined;
export type ApiOutput<M extends ApiMethod> = Awaited<ReturnType<Api[M]>>;

/** Events pushed from the main side to every UI. */
export interface ApiEvents {
  'job:progress': JobProgress;
  'run:updated': RunSummary;
  'datasets:changed': { datasetId: number | null };
  /** Desktop menu items and accelerators handled by the UI. */
  'menu:command': { command: 'import' | 'export' };
}
export type ApiEventName = keyof ApiEvents;

/** Errors cross transports as plain data and are re-created as ApiError on the other side. */
export interface SerializedError {
  name: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  readonly details?: unknown;
  constructor(name: string, message: string, details?: unknown) {
    super(message);
    this.name = name;
    this.details = details;
  }
  static from(e: SerializedError): ApiError {
    return new ApiError(e.name, e.message, e.details);
  }
}

/** The HTTP transport of browser mode (shared so client and server agree). */
export const HTTP = {
  /** POST body: JSON input (or empty); response: { ok: true, value } | { ok: false, error }. */
  callPath: (method: ApiMethod) => `/api/call/${encodeURIComponent(method)}`,
  eventsPath: '/api/events',
  tokenHeader: 'x-faultline-token',
  tokenQuery: 'token',
} as const;
