// runs, run_metrics, run_samples. A run's results (result JSON, metrics, per-sample outputs) are
// written together with its final status in one transaction: a run is either complete or not.
import type { RunDetail, RunMetric, RunStatus, RunSummary } from '../../src-shared/api.ts';
import { type Db, nowIso } from './database.ts';

interface RunRow {
  id: number;
  analysis: string;
  dataset_id: number;
  dataset_name: string;
  config_json: string;
  seed: number;
  status: RunStatus;
  stage: string | null;
  backend: string | null;
  provenance_json: string;
  error: string | null;
  result_json: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const SELECT = `SELECT r.*, d.name AS dataset_name FROM runs r JOIN datasets d ON d.id = r.dataset_id`;

function durationSeconds(r: RunRow): number | null {
  if (!r.started_at) return null;
  const end = r.finished_at ? Date.parse(r.finished_at) : Date.now();
  return Math.max(0, (end - Date.parse(r.started_at)) / 1000);
}

function toSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    analysis: r.analysis,
    datasetId: r.dataset_id,
    datasetName: r.dataset_name,
    status: r.status,
    stage: r.stage,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationSeconds: durationSeconds(r),
    backend: r.backend,
    seed: r.seed,
    error: r.error,
  };
}

export function createRun(db: Db, input: { analysis: string; datasetId: number; config: unknown; seed: number; provenance?: Record<string, unknown> }): RunSummary {
  const info = db
    .prepare(`INSERT INTO runs (analysis, dataset_id, config_json, seed, status, provenance_json, created_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)`)
    .run(input.analysis, input.datasetId, JSON.stringify(input.config), input.seed, JSON.stringify(input.provenance ?? {}), nowIso());
  return findRun(db, Number(info.lastInsertRowid))!;
}

export function findRun(db: Db, id: number): RunSummary | null {
  const r = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
  return r ? toSummary(r) : null;
}

export function listRuns(db: Db, datasetId?: number): RunSummary[] {
  const rows = (datasetId === undefined
    ? db.prepare(`${SELECT} ORDER BY r.id DESC`).all()
    : db.prepare(`${SELECT} WHERE r.dataset_id = ? ORDER BY r.id DESC`).all(datasetId)) as RunRow[];
  return rows.map(toSummary);
}

export function getRunDetail(db: Db, id: number): RunDetail | null {
  const r = db.prepare(`${SELECT} WHERE r.id = ?`).get(id) as RunRow | undefined;
  if (!r) return null;
  const metrics = db
    .prepare('SELECT scope_kind AS scopeKind, scope_key AS scopeKey, metric, value, lo, hi, n FROM run_metrics WHERE run_id = ? ORDER BY rowid')
    .all(id) as RunMetric[];
  return {
    ...toSummary(r),
    config: JSON.parse(r.config_json),
    provenance: JSON.parse(r.provenance_json),
    metrics,
    result: r.result_json ? JSON.parse(r.result_json) : null,
  };
}

export function getRunConfig(db: Db, id: number): { analysis: string; datasetId: number; config: Record<string, unknown>; seed: number } | null {
  const r = db.prepare('SELECT analysis, dataset_id, config_json, seed FROM runs WHERE id = ?').get(id) as
    | { analysis: string; dataset_id: number; config_json: string; seed: number }
    | undefined;
  return r ? { analysis: r.analysis, datasetId: r.dataset_id, config: JSON.parse(r.config_json), seed: r.seed } : null;
}

export function markRunStarted(db: Db, id: number, input: { backend: string | null; ownerPid: number; provenance: Record<string, unknown> }): void {
  db.prepare(`UPDATE runs SET status = 'running', started_at = ?, backend = ?, owner_pid = ?, provenance_json = ? WHERE id = ?`).run(
    nowIso(), input.backend, input.ownerPid, JSON.stringify(input.provenance), id);
}

/** Only a running run has a stage: a late progress message never touches a finished run. */
export function updateRunStage(db: Db, id: number, stage: string, backend?: string | null): void {
  if (backend !== undefined) db.prepare(`UPDATE runs SET stage = ?, backend = COALESCE(?, backend) WHERE id = ? AND status = 'running'`).run(stage, backend, id);
  else db.prepare(`UPDATE runs SET stage = ? WHERE id = ? AND status = 'running'`).run(stage, id);
}

export interface RunOutputs {
  result: unknown;
  metrics: { scopeKind: string; scopeKey: string; metric: string; value: number; lo?: number | null; hi?: number | null; n?: number | null }[];
  samples?: { sampleId: number; key: string; value: number }[];
  provenance?: Record<string, unknown>;
  backend?: string | null;
}

export function completeRun(db: Db, id: number, out: RunOutputs): void {
  db.transaction(() => {
    const m = db.prepare('INSERT INTO run_metrics (run_id, scope_kind, scope_key, metric, value, lo, hi, n) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const row of out.metrics) {
      if (!Number.isFinite(row.value)) continue;
      m.run(id, row.scopeKind, row.scopeKey, row.metric, row.value, row.lo ?? null, row.hi ?? null, row.n ?? null);
    }
    const s = db.prepare('INSERT INTO run_samples (run_id, sample_id, key, value) VALUES (?, ?, ?, ?)');
    for (const row of out.samples ?? []) s.run(id, row.sampleId, row.key, row.value);
    const prov = out.provenance
      ? JSON.stringify({ ...(JSON.parse((db.prepare('SELECT provenance_json FROM runs WHERE id = ?').get(id) as { provenance_json: string }).provenance_json)), ...out.provenance })
      : null;
    db.prepare(
      `UPDATE runs SET status = 'succeeded', stage = NULL, finished_at = ?, result_json = ?, error = NULL,
         provenance_json = COALESCE(?, provenance_json), backend = COALESCE(?, backend) WHERE id = ?`,
    ).run(nowIso(), JSON.stringify(out.result), prov, out.backend ?? null, id);
  })();
}

export function finishRunUnsuccessfully(db: Db, id: number, status: 'failed' | 'cancelled' | 'interrupted', error: string | null): void {
  db.prepare(`UPDATE runs SET status = ?, error = ?, finished_at = ?, stage = NULL WHERE id = ? AND status IN ('queued', 'running')`).run(status, error, nowIso(), id);
}

/**
 * Runs left 'running' or 'queued' by a process that is gone (crash, power loss) are marked
 * interrupted at start-up, so nothing stays "running" forever.
 */
export function markOrphanedRunsInterrupted(db: Db, isAlive: (pid: number) => boolean): number {
  const rows = db.prepare(`SELECT id, owner_pid FROM runs WHERE status IN ('running', 'queued')`).all() as { id: number; owner_pid: number | null }[];
  let n = 0;
  for (const r of rows) {
    if (r.owner_pid !== null && isAlive(r.owner_pid)) continue;
    finishRunUnsuccessfully(db, r.id, 'interrupted', 'The app stopped while this run was in progress.');
    n++;
  }
  return n;
}

export function setRunOwner(db: Db, id: number, pid: number): void {
  db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(pid, id);
}

export function deleteRun(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
}

export function runSampleValues(db: Db, runId: number, key: string): { sampleId: number; value: number }[] {
  return db.prepare('SELECT sample_id AS sampleId, value FROM run_samples WHERE run_id = ? AND key = ?').all(runId, key) as { sampleId: number; value: number }[];
}
