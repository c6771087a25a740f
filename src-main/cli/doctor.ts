// `faultline doctor`: which backend the job workers will use, why higher rungs were skipped,
// and the versions and paths that matter when something does not work.
import { describeEnvironment, formatEnvironment } from '../engine/tensor/environment.ts';
import { configureBackend } from '../engine/tensor/backend.ts';
import { getSettings, openDatabase } from '../store/index.ts';
import { resolveStorePaths } from '../store/paths.ts';
import type { GlobalOptions } from './context.ts';

export async function describeDoctor(opts: GlobalOptions): Promise<{ data: unknown; text: string }> {
  const paths = resolveStorePaths(opts.db);
  const db = openDatabase(paths.dbPath);
  const settings = getSettings(db);
  db.close();
  if (!process.env.FAULTLINE_BACKEND && settings.backend !== 'auto') configureBackend({ preference: settings.backend });
  const env = await describeEnvironment();
  const data = { ...env, database: paths.dbPath, dataDir: paths.dataDir, backendSetting: process.env.FAULTLINE_BACKEND ?? settings.backend };
  const text = `${formatEnvironment(env)}\nDatabase: ${paths.dbPath}\nBackend setting: ${data.backendSetting}`;
  return { data, text };
}
