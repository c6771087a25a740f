// Large arrays live beside the database as files named by the sha256 of their bytes, so the same
// content is stored once and a row in array_sets can be checked against its file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function asBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Writes bytes as `<sha256><ext>` in dir (atomically, via a temp file); returns the file name and hash. */
export function writeContentAddressed(dir: string, view: ArrayBufferView, ext: string): { file: string; sha256: string } {
  mkdirSync(dir, { recursive: true });
  const bytes = asBytes(view);
  const sha256 = sha256Bytes(bytes);
  const file = `${sha256}${ext}`;
  const target = join(dir, file);
  if (!existsSync(target)) {
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  }
  return { file, sha256 };
}

export function readFloat32File(path: string, expectedLength: number): Float32Array {
  const buf = readFileSync(path);
  if (buf.byteLength !== expectedLength * 4) {
    throw new Error(`Array file ${path} holds ${buf.byteLength / 4} values, expected ${expectedLength}; it was changed or truncated. Re-import the set.`);
  }
  const copy = new Float32Array(expectedLength);
  new Uint8Array(copy.buffer).set(buf);
  return copy;
}
