import type { Settings } from '../../src-shared/api.ts';
import { settingsSchema } from '../../src-shared/schemas.ts';
import type { Db } from './database.ts';

export const DEFAULT_SETTINGS: Settings = { backend: 'auto', minGroupSize: 20, theme: 'system' };

export function getSettings(db: Db): Settings {
  const rows = db.prepare('SELECT key, value_json FROM settings').all() as { key: string; value_json: string }[];
  const stored: Record<string, unknown> = {};
  for (const r of rows) stored[r.key] = JSON.parse(r.value_json);
  // Unknown or invalid stored values fall back to defaults instead of breaking start-up.
  const merged = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
  return merged.success ? merged.data : DEFAULT_SETTINGS;
}

export function setSettings(db: Db, patch: Partial<Settings>): Settings {
  const next = settingsSchema.parse({ ...getSettings(db), ...patch });
  const upsert = db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json');
  db.transaction(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) upsert.run(k, JSON.stringify(v));
  })();
  return next;
}
