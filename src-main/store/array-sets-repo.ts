// array_sets: embedding and prediction sets attached to a dataset. Embeddings are stored as raw
// float32 row-major files aligned to the dataset's sample order; prediction sets as JSON
// (predicted label per sample, optional scores as a float32 file).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArraySetSummary } from '../../src-shared/api.ts';
import { type Db, nowIso } from './database.ts';
import { readFloat32File, writeContentAddressed } from './array-files.ts';

interface ArraySetRow {
  id: number;
  dataset_id: number;
  kind: 'embedding' | 'prediction';
  name: string;
  rows: number;
  cols: number;
  dtype: string;
  file: string;
  sha256: string;
  source_path: string;
  provenance_json: string;
  created_at: string;
}

function toSummary(r: ArraySetRow): ArraySetSummary {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    name: r.name,
    kind: r.kind,
    rows: r.rows,
    cols: r.cols,
    dtype: r.dtype,
    sourcePath: r.source_path,
    sha256: r.sha256,
    createdAt: r.created_at,
  };
}

export interface StoredPredictions {
  /** Predicted label per sample in dataset order ('' where the file had no row for it). */
  predicted: string[];
  scoresFile: string | null;
  classNames: string[];
}

export function listArraySets(db: Db, datasetId: number): ArraySetSummary[] {
  return (db.prepare('SELECT * FROM array_sets WHERE dataset_id = ? ORDER BY kind, name').all(datasetId) as ArraySetRow[]).map(toSummary);
}

function findRow(db: Db, datasetId: number, kind: 'embedding' | 'prediction', name: string): ArraySetRow | undefined {
  return db.prepare('SELECT * FROM array_sets WHERE dataset_id = ? AND kind = ? AND name = ?').get(datasetId, kind, name) as ArraySetRow | undefined;
}

export function findArraySet(db: Db, datasetId: number, kind: 'embedding' | 'prediction', name: string): ArraySetSummary | null {
  const r = findRow(db, datasetId, kind, name);
  return r ? toSummary(r) : null;
}

export function findArraySetByHash(db: Db, datasetId: number, kind: 'embedding' | 'prediction', sha256: string): ArraySetSummary | null {
  const r = db.prepare('SELECT * FROM array_sets WHERE dataset_id = ? AND kind = ? AND sha256 = ? LIMIT 1').get(datasetId, kind, sha256) as ArraySetRow | undefined;
  return r ? toSummary(r) : null;
}

/** Replaces a set of the same name (re-import), writing the file first so the row never points nowhere. */
export function saveEmbeddingSet(
  db: Db,
  arraysDir: string,
  input: { datasetId: number; name: string; data: Float32Array; rows: number; cols: number; dtype: string; sourcePath: string; provenance?: Record<string, unknown> },
): ArraySetSummary {
  const { file, sha256 } = writeContentAddressed(arraysDir, input.data, '.f32');
  db.transaction(() => {
    db.prepare('DELETE FROM array_sets WHERE dataset_id = ? AND kind = ? AND name = ?').run(input.datasetId, 'embedding', input.name);
    db.prepare(
      `INSERT INTO array_sets (dataset_id, kind, name, rows, cols, dtype, file, sha256, source_path, provenance_json, created_at)
       VALUES (?, 'embedding', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.datasetId, input.name, input.rows, input.cols, input.dtype, file, sha256, input.sourcePath, JSON.stringify(input.provenance ?? {}), nowIso());
  })();
  return findArraySet(db, input.datasetId, 'embedding', input.name)!;
}

export function savePredictionSet(
  db: Db,
  arraysDir: string,
  input: { datasetId: number; name: string; predicted: string[]; classNames: string[]; scores: Float32Array | null; cols: number; sourcePath: string; provenance?: Record<string, unknown> },
): ArraySetSummary {
  const scoresFile = input.scores ? writeContentAddressed(arraysDir, input.scores, '.f32').file : null;
  const payload: StoredPredictions = { predicted: input.predicted, scoresFile, classNames: input.classNames };
  const { file, sha256 } = writeContentAddressed(arraysDir, new TextEncoder().encode(JSON.stringify(payload)), '.json');
  db.transaction(() => {
    db.prepare('DELETE FROM array_sets WHERE dataset_id = ? AND kind = ? AND name = ?').run(input.datasetId, 'prediction', input.name);
    db.prepare(
      `INSERT INTO array_sets (dataset_id, kind, name, rows, cols, dtype, file, sha256, source_path, provenance_json, created_at)
       VALUES (?, 'prediction', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.datasetId, input.name, input.predicted.length, input.cols, input.scores ? 'float32' : 'label', file, sha256, input.sourcePath, JSON.stringify(input.provenance ?? {}), nowIso());
  })();
  return findArraySet(db, input.datasetId, 'prediction', input.name)!;
}

export function loadEmbeddingSet(db: Db, arraysDir: string, datasetId: number, name: string): { summary: ArraySetSummary; data: Float32Array } {
  const r = findRow(db, datasetId, 'embedding', name);
  if (!r) throw new Error(`No embedding set named "${name}" on dataset ${datasetId}.`);
  return { summary: toSummary(r), data: readFloat32File(join(arraysDir, r.file), r.rows * r.cols) };
}

export function loadPredictionSet(db: Db, arraysDir: string, datasetId: number, name: string): { summary: ArraySetSummary; predictions: StoredPredictions } {
  const r = findRow(db, datasetId, 'prediction', name);
  if (!r) throw new Error(`No prediction set named "${name}" on dataset ${datasetId}.`);
  return { summary: toSummary(r), predictions: JSON.parse(readFileSync(join(arraysDir, r.file), 'utf8')) as StoredPredictions };
}

/** The embedding set extracted with this cache key (dataset, model bytes, layer, preprocessing), if any. */
export function findEmbeddingSetByCacheKey(db: Db, datasetId: number, cacheKey: string): ArraySetSummary | null {
  const r = db
    .prepare(`SELECT * FROM array_sets WHERE dataset_id = ? AND kind = 'embedding' AND json_extract(provenance_json, '$.cacheKey') = ? ORDER BY id DESC LIMIT 1`)
    .get(datasetId, cacheKey) as ArraySetRow | undefined;
  return r ? toSummary(r) : null;
}
