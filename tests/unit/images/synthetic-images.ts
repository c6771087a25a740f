// Tiny generated images for the image and model tests: written with sharp into a temp folder.
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

const made: string[] = [];

/** Removes every folder tempDir() made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A fresh temp folder; removeTempDirs() deletes it. */
export async function tempDir(prefix = 'faultline-img-'): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** An RGB image whose pixel (x, y) is given by `color`. */
export async function writeImage(
  path: string,
  width: number,
  height: number,
  color: (x: number, y: number) => [number, number, number],
  format: 'png' | 'jpeg' | 'webp' = 'png',
): Promise<string> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = color(x, y);
      const o = (y * width + x) * 3;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
    }
  }
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  const out = format === 'png' ? img.png() : format === 'jpeg' ? img.jpeg({ quality: 95 }) : img.webp({ lossless: true });
  await out.toFile(path);
  return path;
}

/** A single-channel mask PNG, 255 where `inside` is true. */
export async function writeMask(path: string, width: number, height: number, inside: (x: number, y: number) => boolean): Promise<string> {
  const raw = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * width + x] = inside(x, y) ? 255 : 0;
  await sharp(raw, { raw: { width, height, channels: 1 } }).png().toFile(path);
  return path;
}

/** Writes the first `fraction` of a valid image's bytes: a truncated file. */
export async function writeTruncated(path: string, source: Buffer, fraction = 0.5): Promise<string> {
  await writeFile(path, source.subarray(0, Math.floor(source.length * fraction)));
  return path;
}

/** Small deterministic noise so synthetic classes are not pixel-identical. */
export function noise(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) % 1000) / 1000;
  };
}

/**
 * An easy two-class set: class 0 has a bright square in the top half, class 1 in the bottom
 * half, on a noisy background. Sizes vary so resize/crop paths are exercised.
 */
export async function writeTwoClassSet(dir: string, perClass: number, size = 40): Promise<{ path: string; label: number }[]> {
  const items: { path: string; label: number }[] = [];
  for (let label = 0; label < 2; label++) {
    for (let i = 0; i < perClass; i++) {
      const rnd = noise(label * 1000 + i + 1);
      const w = size + (i % 3) * 4;
      const h = size + ((i + 1) % 3) * 4;
      const cx = Math.floor(w * (0.3 + 0.4 * rnd()));
      const cy = Math.floor(label === 0 ? h * 0.25 : h * 0.75);
      const r = Math.floor(size / 6);
      const path = join(dir, `c${label}_${i}.png`);
      await writeImage(path, w, h, (x, y) => {
        const inSquare = Math.abs(x - cx) <= r && Math.abs(y - cy) <= r;
        const n = Math.floor(rnd() * 60);
        return inSquare ? [230, 220, 40 + n] : [40 + n, 60 + n, 90 + n];
      });
      items.push({ path, label });
    }
  }
  return items;
}
