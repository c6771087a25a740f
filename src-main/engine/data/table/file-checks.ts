import { readdir, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import sharp from 'sharp';
import { mapLimit } from '../concurrency.ts';

// Listing a folder once answers existence for all its files: CelebA keeps 202,599 images in one
// folder, where 202,599 stat calls would cost seconds. Misses and symlinks fall back to stat
// (also right on case-insensitive disks, where a listing compares names exactly).
const LIST_CONCURRENCY = 8;
const STAT_CONCURRENCY = 32;
const DECODE_CONCURRENCY = 4;

type Listing = Map<string, 'file' | 'other'> | null;

async function listFolder(dir: string): Promise<Listing> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const m = new Map<string, 'file' | 'other'>();
    for (const e of entries) m.set(e.name, e.isFile() ? 'file' : 'other');
    return m;
  } catch {
    return null;
  }
}

async function isFile(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isFile();
  } catch {
    return false;
  }
}

/** Which of `relPaths` (forward slashes, relative to `root`) are existing regular files. */
export async function filesExist(root: string, relPaths: readonly string[], signal?: AbortSignal): Promise<boolean[]> {
  const rootPosix = root.replace(/\\/g, '/');
  const byDir = new Map<string, number[]>();
  relPaths.forEach((p, i) => {
    const dir = posix.dirname(posix.join(rootPosix, p));
    let list = byDir.get(dir);
    if (!list) byDir.set(dir, (list = []));
    list.push(i);
  });
  const result = new Array<boolean>(relPaths.length).fill(false);
  const unsure: number[] = [];
  const dirs = [...byDir.keys()];
  await mapLimit(dirs, LIST_CONCURRENCY, async (dir) => {
    const listing = await listFolder(dir);
    // A folder that cannot be listed holds none of its files (stat would fail the same way).
    if (!listing) return;
    for (const i of byDir.get(dir)!) {
      const kind = listing.get(posix.basename(relPaths[i]));
      if (kind === 'file') result[i] = true;
      else unsure.push(i);
    }
  }, signal);
  await mapLimit(unsure, STAT_CONCURRENCY, async (i) => {
    result[i] = await isFile(posix.join(rootPosix, relPaths[i]));
  }, signal);
  return result;
}

/** Reads each image's header with sharp; returns an error message per file, or null when it decodes. */
export async function imageProblems(root: string, relPaths: readonly string[], signal?: AbortSignal): Promise<(string | null)[]> {
  const rootPosix = root.replace(/\\/g, '/');
  return mapLimit(relPaths, DECODE_CONCURRENCY, async (p) => {
    try {
      const meta = await sharp(posix.join(rootPosix, p)).metadata();
      if (!meta.width || !meta.height) return 'image has no size in its header';
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }, signal);
}
