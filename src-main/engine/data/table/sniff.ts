import { open } from 'node:fs/promises';
import { extname } from 'node:path';

/** The first bytes of a file, enough to sniff its format without reading 200k rows. */
export async function readHead(file: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** NUL bytes never occur in text tables; they do in images, zips, .npy and spreadsheets (.xlsx). */
export function looksBinary(head: Uint8Array): boolean {
  return head.includes(0);
}

/** First lines of a head sample, dropping a last line that the byte cut may have truncated. */
export function headLines(head: Buffer, complete: boolean, max = 20): string[] {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (!complete) lines.pop();
  return lines.filter((l) => l.trim() !== '').slice(0, max);
}

const CANDIDATES = [',', '\t', ';', '|'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ch) n++;
  }
  return n;
}

/**
 * Picks the delimiter that splits the header into the most columns and splits the following
 * lines the same way (a comma inside free text must not beat a tab that is consistent).
 */
export function sniffDelimiter(lines: readonly string[], fileName: string): Delimiter {
  const preferTab = extname(fileName).toLowerCase() === '.tsv';
  let best: { d: Delimiter; consistency: number; count: number } | null = null;
  for (const d of CANDIDATES) {
    if (lines.length === 0) break;
    const count = countOutsideQuotes(lines[0], d);
    if (count === 0) continue;
    const rest = lines.slice(1);
    const same = rest.filter((l) => countOutsideQuotes(l, d) === count).length;
    const consistency = rest.length === 0 ? 1 : same / rest.length;
    const better =
      best === null ||
      consistency > best.consistency + 1e-9 ||
      (Math.abs(consistency - best.consistency) <= 1e-9 &&
        (count > best.count || (preferTab && d === '\t' && count === best.count)));
    if (better) best = { d, consistency, count };
  }
  if (best) return best.d;
  return preferTab ? '\t' : ',';
}
