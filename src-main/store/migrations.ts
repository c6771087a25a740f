// Numbered schema migrations. Never edit a shipped migration: append a new one.
// PRAGMA user_version holds the number of migrations applied.

export const migrations: string[] = [
  /* 1: initial schema */ `
  CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    root TEXT NOT NULL,
    metadata_path TEXT NOT NULL,
    preset TEXT NOT NULL,
    mapping_json TEXT NOT NULL,
    import_report_json TEXT NOT NULL,
    labels_json TEXT NOT NULL,
    attributes_json TEXT NOT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE samples (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    row_index INTEGER NOT NULL,
    external_id TEXT NOT NULL,
    split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
    label TEXT NOT NULL,
    attributes_json TEXT NOT NULL,
    media_path TEXT NOT NULL,
    mask_path TEXT,
    UNIQUE (dataset_id, external_id),
    UNIQUE (dataset_id, row_index)
  );
  CREATE INDEX samples_by_split_label ON samples(dataset_id, split, label);
  CREATE TABLE array_sets (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('embedding', 'prediction')),
    name TEXT NOT NULL,
    rows INTEGER NOT NULL,
    cols INTEGER NOT NULL,
    dtype TEXT NOT NULL,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    source_path TEXT NOT NULL,
    provenance_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    UNIQUE (dataset_id, kind, name)
  );
  CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    dir TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    provenance_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
  );
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    analysis TEXT NOT NULL,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    config_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
    stage TEXT,
    backend TEXT,
    provenance_json TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    result_json TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    owner_pid INTEGER
  );
  CREATE INDEX runs_by_dataset ON runs(dataset_id, created_at);
  CREATE TABLE run_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    scope_kind TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    metric TEXT NOT NULL,
    value REAL NOT NULL,
    lo REAL,
    hi REAL,
    n INTEGER
  );
  CREATE INDEX run_metrics_by_run ON run_metrics(run_id, scope_kind);
  CREATE TABLE run_samples (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    sample_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    value REAL NOT NULL
  );
  CREATE INDEX run_samples_by_run ON run_samples(run_id, key);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
  );
  `,
];
