// Installs the demo dataset once. It is built in a sibling temporary folder and renamed into
// place only when complete (`.complete` written last), so a crash or cancel never leaves a
// half-written dataset where the importer would find it.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateDemoDataset, resolveDemoSettings, type DemoOptions, type DemoResult, type ResolvedDemoSettings } from './generate.ts';

export const COMPLETE_MARKER = '.complete';

export interface EnsureDemoResult extends DemoResult {
  /** False when a complete copy of the same version and settings was already there (or was
   * installed by a concurrent caller first), so this call changed nothing on disk. */
  generated: boolean;
}

interface Marker extends ResolvedDemoSettings {
  rows: number;
}

// Two plain callers in one process asking for the same dataset share one generation. Callers
// with a signal or progress callback run their own (a shared job could be cancelled by someone
// else, or report progress to only one of them); the install step tolerates the race.
const inFlight = new Map<string, Promise<EnsureDemoResult>>();

/**
 * Makes sure `dir` holds a complete demo dataset of the current version and the given settings
 * (defaults as for `generateDemoDataset`); generates it only when it does not.
 * A folder at `dir` that is incomplete or from another version is replaced.
 */
export function ensureDemoDataset(dir: string, opts: DemoOptions = {}): Promise<EnsureDemoResult> {
  const settings = resolveDemoSettings(opts);
  const root = path.resolve(dir);
  if (opts.signal || opts.onProgress) return ensure(root, settings, opts);
  const key = `${root}\n${JSON.stringify(settings)}`;
  let job = inFlight.get(key);
  if (!job) {
    job = ensure(root, settings, opts).finally(() => inFlight.delete(key));
    inFlight.set(key, job);
  }
  return job;
}

async function ensure(root: string, settings: ResolvedDemoSettings, opts: DemoOptions): Promise<EnsureDemoResult> {
  const existing = await readMarker(root, settings);
  if (existing) return { ...paths(root), rows: existing.rows, generated: false };

  const parent = path.dirname(root);
  const base = path.basename(root);
  await mkdir(parent, { recursive: true });
  await removeAbandoned(parent, base);

  const temp = path.join(parent, `${base}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  let rows: number;
  try {
    rows = (await generateDemoDataset(temp, opts)).rows;
    const marker: Marker = { ...settings, rows };
    await writeFile(path.join(temp, COMPLETE_MARKER), JSON.stringify(marker) + '\n');
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }

  // Another caller may have installed the same dataset meanwhile: keep theirs, it may be in use.
  const installed = await readMarker(root, settings);
  if (installed) {
    await rm(temp, { recursive: true, force: true });
    return { ...paths(root), rows: installed.rows, generated: false };
  }

  // Move any stale copy aside first: rename cannot replace a non-empty folder.
  let old: string | null = null;
  if (await exists(root)) {
    old = path.join(parent, `${base}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
    await rename(root, old);
  }
  try {
    await rename(temp, root);
  } catch (err) {
    // Another process may have installed the same dataset in the meantime; that is fine.
    await rm(temp, { recursive: true, force: true });
    const theirs = await readMarker(root, settings);
    if (!theirs) throw err;
    rows = theirs.rows;
  }
  if (old) await rm(old, { recursive: true, force: true });
  return { ...paths(root), rows, generated: true };
}

function paths(root: string): { dir: string; metadataPath: string } {
  return { dir: root, metadataPath: path.join(root, 'metadata.csv') };
}

/** The marker in `root` if it is there and records exactly these settings. */
async function readMarker(root: string, settings: ResolvedDemoSettings): Promise<Marker | null> {
  let marker: Partial<Marker>;
  try {
    marker = JSON.parse(await readFile(path.join(root, COMPLETE_MARKER), 'utf8')) as Partial<Marker>;
  } catch {
    return null;
  }
  const same =
    marker.version === settings.version &&
    marker.seed === settings.seed &&
    marker.size === settings.size &&
    marker.counts?.train === settings.counts.train &&
    marker.counts?.val === settings.counts.val &&
    marker.counts?.test === settings.counts.test &&
    typeof marker.rows === 'number';
  return same ? (marker as Marker) : null;
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Deletes temporary folders left by earlier runs whose process is gone (crash, kill). */
async function removeAbandoned(parent: string, base: string): Promise<void> {
  const pattern = new RegExp(`^${escapeRegExp(base)}\\.(?:partial|old)-(\\d+)-[0-9a-f]+$`);
  for (const name of await readdir(parent)) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
