import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

/** A fresh temp folder per test file; removed by the returned cleanup. */
export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `faultline-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeText(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

export function writeBytes(path: string, bytes: Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

/** A real, tiny image encoded by sharp (PNG or JPEG by extension). */
export async function writeImage(path: string, rgb: [number, number, number] = [40, 120, 200]): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const img = sharp({ create: { width: 4, height: 3, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  const bytes = /\.jpe?g$/i.test(path) ? await img.jpeg().toBuffer() : await img.png().toBuffer();
  writeFileSync(path, bytes);
  return path;
}

/** Catches the error a promise rejects with, failing the test if it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { details?: Record<string, unknown> };
  }
  throw new Error('expected the promise to reject');
}
