// The shape every analysis has. An analysis is a pure async function of loaded inputs and a
// validated config; it reports progress, honours the AbortSignal and returns its result plus
// generic metric rows (run_metrics) and optional per-sample outputs (run_samples).
import type { z } from 'zod';
import type { BackendInfo, Split } from '../../../src-shared/api.ts';

export interface ProgressUpdate {
  stage: string;
  done: number;
  total: number;
  message?: string;
}

export interface AnalysisContext {
  seed: number;
  signal: AbortSignal;
  progress(update: ProgressUpdate): void;
  backend: BackendInfo | null;
}

export interface MetricRow {
  /** e.g. 'overall', 'group', 'class', 'region', 'object', 'tuning'. */
  scopeKind: string;
  /** e.g. 'y=1|place=0', 'Africa', 'C=0.3'. */
  scopeKey: string;
  metric: string;
  value: number;
  lo?: number | null;
  hi?: number | null;
  n?: number | null;
}

export interface SampleOutput {
  /** Row index into the inputs' sample list. */
  sampleIndex: number;
  key: string;
  value: number;
}

export interface AnalysisOutput<R> {
  result: R;
  metrics: MetricRow[];
  samples?: SampleOutput[];
}

/** One dataset row as analyses see it (aligned with every array set row by row). */
export interface AnalysisSample {
  /** Store id of the sample (or the row number when running on files). */
  id: number;
  externalId: string;
  split: Split;
  label: string;
  attributes: Record<string, string>;
  mediaPath: string;
}

export interface LoadedMatrix {
  name: string;
  /** Row-major rows x cols. */
  data: Float32Array;
  rows: number;
  cols: number;
}

export interface AnalysisDefinition<C, I, R> {
  id: string;
  title: string;
  description: string;
  configSchema: z.ZodType<C>;
  defaults: C;
  run(inputs: I, config: C, ctx: AnalysisContext): Promise<AnalysisOutput<R>>;
}
