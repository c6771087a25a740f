import { isAbsolute, posix, relative } from 'node:path';

// Paths that need no normalising (the common case, checked once per row of a 200k-row table):
// no backslash, no leading slash or drive, no empty, "." or ".." segment.
const NEEDS_WORK = /\\|^\/|^[A-Za-z]:|\/\/|(^|\/)\.{1,2}(\/|$)/;

/**
 * A table's image/mask reference as a forward-slash path relative to the image root, the form
 * the store keeps so a dataset folder can move. Returns null for an empty value.
 */
export function toMediaPath(raw: string, imageRoot: string): string | null {
  let p = raw.trim();
  if (p === '') return null;
  if (!NEEDS_WORK.test(p)) return p;
  p = p.replace(/\\/g, '/');
  if (isAbsolute(p) || /^[A-Za-z]:\//.test(p)) {
    p = relative(imageRoot, p).replace(/\\/g, '/');
  }
  p = posix.normalize(p);
  if (p.startsWith('./')) p = p.slice(2);
  if (p === '.' || p === '') return null;
  return p;
}
