// datasets + samples tables. A dataset and all its samples are written in one transaction, so a
// failed import leaves the database as it was.
import type { ColumnMapping, DatasetDetail, DatasetSummary, ImportReport, PresetId, SampleQuery, SampleRow, Split } from '../../src-shared/api.ts';
import type { ParsedSample } from '../engine/data/table/types.ts';
import { type Db, nowIso } from './database.ts';

/** A validated table row as the importer produces it, minus what the store does not keep. */
export type NewSample = Omit<ParsedSample, 'row' | 'group'>;

export interface NewDataset {
  name: string;
  root: string;
  metadataPath: string;
  preset: PresetId;
  mapping: ColumnMapping;
  report: ImportReport;
  labels: string[];
  attributes: string[];
  isDemo?: boolean;
}

interface DatasetRow {
  id: number;
  name: string;
  root: string;
  metadata_path: string;
  preset: PresetId;
  mapping_json: string;
  import_report_json: string;
  labels_json: string;
  attributes_json: string;
  is_demo: number;
  created_at: string;
}

interface SampleDbRow {
  id: number;
  external_id: string;
  split: Split;
  label: string;
  attributes_json: string;
  media_path: string;
  mask_path: string | null;
}

const REGION_NAMES = ['region', 'Region', 'continent', 'geo_region'];

export function insertDataset(db: Db, meta: NewDataset, samples: NewSample[]): number {
  return db.transaction(() => {
    const info = db
      .prepare(
        `INSERT INTO datasets (name, root, metadata_path, preset, mapping_json, import_report_json, labels_json, attributes_json, is_demo, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(meta.name, meta.root, meta.metadataPath, meta.preset, JSON.stringify(meta.mapping), JSON.stringify(meta.report),
        JSON.stringify(meta.labels), JSON.stringify(meta.attributes), meta.isDemo ? 1 : 0, nowIso());
    const datasetId = Number(info.lastInsertRowid);
    const insert = db.prepare(
      `INSERT INTO samples (dataset_id, row_index, external_id, split, label, attributes_json, media_path, mask_path)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    samples.forEach((s, i) => {
      insert.run(datasetId, i, s.externalId, s.split, s.label, JSON.stringify(s.attributes), s.mediaPath, s.maskPath);
    });
    return datasetId;
  })();
}

function splitCounts(db: Db, datasetId: number): Record<Split, number> {
  const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };
  const rows = db.prepare('SELECT split, COUNT(*) AS n FROM samples WHERE dataset_id = ? GROUP BY split').all(datasetId) as { split: Split; n: number }[];
  for (const r of rows) counts[r.split] = r.n;
  return counts;
}

function toSummary(db: Db, row: DatasetRow): DatasetSummary {
  const splits = splitCounts(db, row.id);
  return {
    id: row.id,
    name: row.name,
    root: row.root,
    metadataPath: row.metadata_path,
    preset: row.preset,
    createdAt: row.created_at,
    sampleCount: splits.train + splits.val + splits.test,
    labels: JSON.parse(row.labels_json),
    attributes: JSON.parse(row.attributes_json),
    splits,
    isDemo: row.is_demo === 1,
  };
}

export function listDatasets(db: Db): DatasetSummary[] {
  const rows = db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[];
  return rows.map((r) => toSummary(db, r));
}

export function findDataset(db: Db, id: number): DatasetDetail | null {
  const row = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
  if (!row) return null;
  const summary = toSummary(db, row);
  const hasMasks = (db.prepare('SELECT 1 FROM samples WHERE dataset_id = ? AND mask_path IS NOT NULL LIMIT 1').get(id) ?? null) !== null;
  return {
    ...summary,
    mapping: JSON.parse(row.mapping_json),
    importReport: JSON.parse(row.import_report_json),
    hasMasks,
    regionAttribute: summary.attributes.find((a) => REGION_NAMES.includes(a)) ?? null,
  };
}

export function findDemoDataset(db: Db): DatasetSummary | null {
  const row = db.prepare('SELECT * FROM datasets WHERE is_demo = 1 ORDER BY id DESC LIMIT 1').get() as DatasetRow | undefined;
  return row ? toSummary(db, row) : null;
}

export function deleteDataset(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
}

function toSampleRow(r: SampleDbRow): SampleRow {
  return {
    id: r.id,
    externalId: r.external_id,
    split: r.split,
    label: r.label,
    attributes: JSON.parse(r.attributes_json),
    mediaPath: r.media_path,
    maskPath: r.mask_path,
  };
}

/** All samples of a dataset in import order (row_index): the order every array set is aligned to. */
export function allSamples(db: Db, datasetId: number): SampleRow[] {
  const rows = db
    .prepare('SELECT id, external_id, split, label, attributes_json, media_path, mask_path FROM samples WHERE dataset_id = ? ORDER BY row_index')
    .all(datasetId) as SampleDbRow[];
  return rows.map(toSampleRow);
}

export function querySamples(db: Db, q: SampleQuery): { total: number; rows: SampleRow[] } {
  const where = ['dataset_id = ?'];
  const params: (string | number)[] = [q.datasetId];
  if (q.split) {
    where.push('split = ?');
    params.push(q.split);
  }
  if (q.label !== undefined) {
    where.push('label = ?');
    params.push(q.label);
  }
  for (const [k, v] of Object.entries(q.attributes ?? {})) {
    where.push('json_extract(attributes_json, ?) = ?');
    params.push(`$."${k.replaceAll('"', '')}"`, v);
  }
  const clause = where.join(' AND ');
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM samples WHERE ${clause}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT id, external_id, split, label, attributes_json, media_path, mask_path FROM samples WHERE ${clause} ORDER BY row_index LIMIT ? OFFSET ?`)
    .all(...params, q.limit ?? 200, q.offset ?? 0) as SampleDbRow[];
  return { total, rows: rows.map(toSampleRow) };
}

export function findSample(db: Db, sampleId: number): (SampleRow & { datasetId: number; root: string }) | null {
  const r = db
    .prepare(
      `SELECT s.id, s.external_id, s.split, s.label, s.attributes_json, s.media_path, s.mask_path, s.dataset_id, d.root
       FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE s.id = ?`,
    )
    .get(sampleId) as (SampleDbRow & { dataset_id: number; root: string }) | undefined;
  return r ? { ...toSampleRow(r), datasetId: r.dataset_id, root: r.root } : null;
}
