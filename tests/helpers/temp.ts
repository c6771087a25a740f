import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { resolveStorePaths, type StorePaths } from '../../src-main/store/paths.ts';

/** A fresh temporary folder removed after the test file. */
export function tempDir(prefix = 'faultline-test-'): string {
  const dir = mkdtempSync(join(os.tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempStorePaths(): StorePaths {
  return resolveStorePaths(join(tempDir(), 'faultline.db'));
}
