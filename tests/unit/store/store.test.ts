import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  completeRun, createRun, findDataset, finishRunUnsuccessfully, getRunDetail, getSettings, insertDataset, listDatasets,
  markOrphanedRunsInterrupted, markRunStarted, migrations, openDatabase, querySamples, schemaVersion, setSettings,
  saveEmbeddingSet, loadEmbeddingSet, listArraySets, type NewSample,
} from '../../../src-main/store/index.ts';
import { tempDir } from '../../helpers/temp.ts';

const report = { file: 'm.csv', accepted: 3, rejected: [], warnings: [] };
const mapping = { imagePath: 'img', label: 'y', attributes: ['place'] };
const samples: NewSample[] = [
  { externalId: 'a', split: 'train', label: '0', attributes: { place: '0' }, mediaPath: 'a.png', maskPath: null },
  { externalId: 'b', split: 'val', label: '1', attributes: { place: '1' }, mediaPath: 'b.png', maskPath: 'b_mask.png' },
  { externalId: 'c', split: 'test', label: '1', attributes: { place: '0' }, mediaPath: 'c.png', maskPath: null },
];
const meta = { name: 'toy', root: '/data', metadataPath: '/data/m.csv', preset: 'generic' as const, mapping, report, labels: ['0', '1'], attributes: ['place'] };

describe('store', () => {
  it('migrates a new database to the latest schema in WAL mode with foreign keys', () => {
    const path = join(tempDir(), 'a.db');
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    // Reopening applies nothing twice.
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(migrations.length);
    again.close();
  });

  it('refuses a database written by a newer schema', () => {
    const path = join(tempDir(), 'newer.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${migrations.length + 5}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer Faultline/);
  });

  it('stores a dataset with its samples, and a failed import changes nothing', () => {
    const db = openDatabase(':memory:');
    const id = insertDataset(db, meta, samples);
    const detail = findDataset(db, id)!;
    expect(detail.sampleCount).toBe(3);
    expect(detail.splits).toEqual({ train: 1, val: 1, test: 1 });
    expect(detail.hasMasks).toBe(true);
    expect(querySamples(db, { datasetId: id, attributes: { place: '0' } }).total).toBe(2);
    expect(querySamples(db, { datasetId: id, split: 'test', label: '1' }).rows.map((r) => r.externalId)).toEqual(['c']);
    // duplicate external id in the second import -> whole transaction rolled back
    expect(() => insertDataset(db, { ...meta, name: 'dup' }, [...samples, samples[0]!])).toThrow();
    expect(listDatasets(db).map((d) => d.name)).toEqual(['toy']);
    expect((db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n).toBe(3);
  });

  it('keeps a run complete or not: results and status are written together', () => {
    const db = openDatabase(':memory:');
    const datasetId = insertDataset(db, meta, samples);
    const run = createRun(db, { analysis: 'x', datasetId, config: { a: 1 }, seed: 7 });
    expect(run.status).toBe('queued');
    markRunStarted(db, run.id, { backend: 'wasm', ownerPid: process.pid, provenance: { p: 1 } });
    completeRun(db, run.id, {
      result: { ok: true },
      metrics: [{ scopeKind: 'group', scopeKey: 'g0', metric: 'acc', value: 0.5, lo: 0.2, hi: 0.8, n: 10 }, { scopeKind: 'overall', scopeKey: 'all', metric: 'nan', value: Number.NaN }],
      samples: [{ sampleId: 1, key: 'pred', value: 1 }],
      provenance: { extra: true },
    });
    const detail = getRunDetail(db, run.id)!;
    expect(detail.status).toBe('succeeded');
    expect(detail.result).toEqual({ ok: true });
    expect(detail.metrics).toEqual([{ scopeKind: 'group', scopeKey: 'g0', metric: 'acc', value: 0.5, lo: 0.2, hi: 0.8, n: 10 }]);
    expect(detail.provenance).toEqual({ p: 1, extra: true });
    // a finished run is never overwritten by a late failure
    finishRunUnsuccessfully(db, run.id, 'failed', 'late');
    expect(getRunDetail(db, run.id)!.status).toBe('succeeded');
  });

  it('marks runs of dead processes interrupted on start-up', () => {
    const db = openDatabase(':memory:');
    const datasetId = insertDataset(db, meta, samples);
    const dead = createRun(db, { analysis: 'x', datasetId, config: {}, seed: 0 });
    markRunStarted(db, dead.id, { backend: null, ownerPid: 999999, provenance: {} });
    const alive = createRun(db, { analysis: 'x', datasetId, config: {}, seed: 0 });
    markRunStarted(db, alive.id, { backend: null, ownerPid: process.pid, provenance: {} });
    expect(markOrphanedRunsInterrupted(db, (pid) => pid === process.pid)).toBe(1);
    expect(getRunDetail(db, dead.id)!.status).toBe('interrupted');
    expect(getRunDetail(db, alive.id)!.status).toBe('running');
  });

  it('stores embeddings content-addressed beside the database and reads them back', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'f.db'));
    const datasetId = insertDataset(db, meta, samples);
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const set = saveEmbeddingSet(db, join(dir, 'arrays'), { datasetId, name: 'e', data, rows: 3, cols: 2, dtype: 'float32', sourcePath: '/x.npy' });
    expect(set.sha256).toHaveLength(64);
    expect(Array.from(loadEmbeddingSet(db, join(dir, 'arrays'), datasetId, 'e').data)).toEqual([1, 2, 3, 4, 5, 6]);
    // re-import under the same name replaces the set
    saveEmbeddingSet(db, join(dir, 'arrays'), { datasetId, name: 'e', data: new Float32Array(6), rows: 3, cols: 2, dtype: 'float32', sourcePath: '/y.npy' });
    expect(listArraySets(db, datasetId)).toHaveLength(1);
    db.close();
  });

  it('settings merge with defaults and reject invalid values', () => {
    const db = openDatabase(':memory:');
    expect(getSettings(db).backend).toBe('auto');
    expect(setSettings(db, { minGroupSize: 5 }).minGroupSize).toBe(5);
    expect(getSettings(db).minGroupSize).toBe(5);
    expect(() => setSettings(db, { backend: 'quantum' as never })).toThrow();
  });
});
