// Opens the SQLite database: WAL, foreign keys, migrations. Under Electron, better-sqlite3 must be
// the copy built for Electron's ABI (made by `npm start` into resources/native/); plain Node uses
// the build in node_modules.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Path of an Electron-ABI better_sqlite3.node (only used when running under Electron). */
  nativeBinding?: string;
}

export function electronNativeBinding(appRoot: string): string {
  return join(appRoot, 'resources', 'native', 'better_sqlite3.node');
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const nativeBinding = process.versions.electron ? options.nativeBinding : undefined;
  if (nativeBinding && !existsSync(nativeBinding)) {
    throw new Error(`The Electron build of better-sqlite3 is missing at ${nativeBinding}. Run \`npm start\` once with network access so it can be prepared.`);
  }
  const db = new Database(path, { readonly: options.readonly ?? false, nativeBinding });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration past user_version, each in its own transaction. */
export function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new Error(`This database was written by a newer Faultline (schema ${current}; this version knows ${migrations.length}). Update Faultline or choose another database.`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
