// A task is what a run executes inside a worker process: an analysis wrapped with the code that
// loads its inputs from the store, or a data job (verify images, train, extract).
import type { BackendInfo } from '../../../src-shared/api.ts';
import type { ProgressUpdate } from '../../engine/analyses/types.ts';
import type { Db } from '../../store/database.ts';
import type { StorePaths } from '../../store/paths.ts';
import type { RunOutputs } from '../../store/runs-repo.ts';

export interface TaskContext<C> {
  runId: number;
  datasetId: number;
  config: C;
  seed: number;
  signal: AbortSignal;
  progress(update: ProgressUpdate): void;
  db: Db;
  paths: StorePaths;
  backend: BackendInfo | null;
}

export interface TaskDefinition<C = Record<string, unknown>> {
  id: string;
  title: string;
  description: string;
  /** Validates a stored or submitted config, filling defaults; throws a ZodError or InputError. */
  parseConfig(raw: unknown): C;
  defaults: Record<string, unknown>;
  run(ctx: TaskContext<C>): Promise<RunOutputs>;
}

export function defineTask<C>(def: TaskDefinition<C>): TaskDefinition<C> {
  return def;
}
