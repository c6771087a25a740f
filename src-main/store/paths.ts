// Where Faultline keeps its database and files. `--db` / FAULTLINE_DB choose the database; every
// other file (arrays, models, thumbnails, the demo dataset) lives beside it.
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';

export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Faultline');
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Faultline');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Faultline');
}

export interface StorePaths {
  dbPath: string;
  dataDir: string;
  arraysDir: string;
  modelsDir: string;
  thumbsDir: string;
  demoDir: string;
}

export function resolveStorePaths(dbOption?: string): StorePaths {
  const dbPath = resolve(dbOption ?? process.env.FAULTLINE_DB ?? join(defaultDataDir(), 'faultline.db'));
  const dataDir = dirname(dbPath);
  return {
    dbPath,
    dataDir,
    arraysDir: join(dataDir, 'arrays'),
    modelsDir: join(dataDir, 'models'),
    thumbsDir: join(dataDir, 'thumbnails'),
    demoDir: join(dataDir, 'demo-dataset'),
  };
}
