#!/usr/bin/env node
// `npm start` step: better-sqlite3 is not N-API, so the desktop app needs a copy built for
// Electron's ABI. This fetches the matching prebuilt binary (prebuild-install, in a scratch copy
// so the Node build that tests use stays untouched) into resources/native/better_sqlite3.node.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'resources', 'native', 'better_sqlite3.node');
const stamp = `${target}.version`;
const electronVersion = require('electron/package.json').version;
const sqlitePkgDir = dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = require('better-sqlite3/package.json').version;
const want = `electron ${electronVersion} ${process.platform}-${process.arch} better-sqlite3 ${sqliteVersion}`;

if (existsSync(target) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) process.exit(0);

const scratch = mkdtempSync(join(os.tmpdir(), 'faultline-native-'));
try {
  cpSync(sqlitePkgDir, join(scratch, 'better-sqlite3'), { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release')}`) });
  const prebuild = join(dirname(require.resolve('prebuild-install/package.json')), 'bin.js');
  execFileSync(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform], {
    cwd: join(scratch, 'better-sqlite3'),
    stdio: 'inherit',
  });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(scratch, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), target);
  writeFileSync(stamp, want);
  console.log(`Prepared better-sqlite3 for Electron ${electronVersion} at ${target}`);
} catch (e) {
  console.error(
    `\nCould not prepare better-sqlite3 for Electron ${electronVersion}: ${e instanceof Error ? e.message : e}\n` +
      'The desktop app needs a better-sqlite3 binary built for Electron, downloaded from the better-sqlite3 releases.\n' +
      'Without network access to them (as on build machines with only the npm registry), use browser mode instead:\n' +
      '  npm run serve\n',
  );
  process.exit(1);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
