// models: checkpoints trained in the app (tfjs format, a folder beside the database) and their
// provenance (config, seed, data, history).
import { type Db, nowIso } from './database.ts';

export interface StoredModel {
  id: number;
  datasetId: number | null;
  name: string;
  kind: string;
  dir: string;
  sha256: string;
  provenance: Record<string, unknown>;
  createdAt: string;
}

export function insertModel(db: Db, m: Omit<StoredModel, 'id' | 'createdAt'>): StoredModel {
  const info = db
    .prepare('INSERT INTO models (dataset_id, name, kind, dir, sha256, provenance_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(m.datasetId, m.name, m.kind, m.dir, m.sha256, JSON.stringify(m.provenance), nowIso());
  return { ...m, id: Number(info.lastInsertRowid), createdAt: nowIso() };
}

interface ModelRow {
  id: number;
  dataset_id: number | null;
  name: string;
  kind: string;
  dir: string;
  sha256: string;
  provenance_json: string;
  created_at: string;
}

function toModel(r: ModelRow): StoredModel {
  return { id: r.id, datasetId: r.dataset_id, name: r.name, kind: r.kind, dir: r.dir, sha256: r.sha256, provenance: JSON.parse(r.provenance_json), createdAt: r.created_at };
}

export function listModels(db: Db, datasetId: number): StoredModel[] {
  return (db.prepare('SELECT * FROM models WHERE dataset_id = ? ORDER BY id').all(datasetId) as ModelRow[]).map(toModel);
}

export function findModel(db: Db, id: number): StoredModel | null {
  const r = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as ModelRow | undefined;
  return r ? toModel(r) : null;
}
