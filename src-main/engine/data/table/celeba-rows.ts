import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename, dirname, extname, join } from 'node:path';
import { InputError } from '../../../../src-shared/errors.ts';
import { assertReadableFile } from '../file-errors.ts';
import { openDelimited } from './delimited-rows.ts';
import { headLines, looksBinary, readHead } from './sniff.ts';
import type { TableRecord, TableSource } from './table-source.ts';

export const CELEBA_ID_COLUMN = 'image_id';
export const CELEBA_SPLIT_COLUMN = 'partition';

/** Original release: line 1 = image count, line 2 = attribute names, then `file v1 v2 ...`. */
export async function isCelebATextFormat(file: string): Promise<boolean> {
  const want = 16 * 1024;
  const head = await readHead(file, want);
  if (looksBinary(head)) return false;
  // A short read means the whole file is in `head`, so its last line is complete.
  const lines = headLines(head, head.length < want, 3);
  // Line 2 holds attribute names (letters), which tells it apart from a column of numbers.
  return lines.length >= 2 && /^\s*\d+\s*$/.test(lines[0]) && !/[,;\t|]/.test(lines[1].trim()) && /[A-Za-z]/.test(lines[1]);
}

/** The partition file beside the attribute file: `.txt` in the original release, `.csv` on Kaggle. */
export function findCelebAPartitionFile(attrFile: string): string | null {
  const dir = dirname(attrFile);
  for (const name of ['list_eval_partition.txt', 'list_eval_partition.csv']) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

// +1/-1 become 1/0 so labels and groups read like every other binary attribute (y * n_s + s).
function normalizeValue(v: string): string {
  if (v === '-1') return '0';
  if (v === '1' || v === '+1') return '1';
  return v;
}

async function* textLines(file: string): AsyncGenerator<{ line: number; text: string }> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      yield { line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text };
    }
  } finally {
    rl.close();
    stream.destroy();
  }
}

async function readPartition(file: string): Promise<Map<string, string>> {
  await assertReadableFile(file, 'CelebA partition file');
  const map = new Map<string, string>();
  if (extname(file).toLowerCase() === '.csv') {
    const t = await openDelimited(file, 'CelebA partition file');
    for await (const r of t.records) {
      if (r.fields.length >= 2) map.set(r.fields[0].trim(), r.fields[1].trim());
    }
    return map;
  }
  for await (const { text } of textLines(file)) {
    const parts = text.trim().split(/\s+/);
    if (parts.length >= 2) map.set(parts[0], parts[1]);
  }
  return map;
}

/**
 * CelebA's attribute list joined with its partition file, as one table with columns
 * image_id, <40 attributes>, partition.
 */
export async function openCelebA(attrFile: string): Promise<TableSource> {
  await assertReadableFile(attrFile, 'CelebA attribute file');
  const partitionFile = findCelebAPartitionFile(attrFile);
  const partition = partitionFile ? await readPartition(partitionFile) : null;
  const notes: string[] = [];
  const partitionName = partitionFile ? basename(partitionFile) : '';
  let unpartitioned = 0;

  const withPartition = (fields: string[]): string[] => {
    const out = fields.map((f, i) => (i === 0 ? f.trim() : normalizeValue(f.trim())));
    if (partition) {
      const p = partition.get(out[0]);
      if (p === undefined) unpartitioned++;
      out.push(p ?? '');
    }
    return out;
  };
  const finish = (): void => {
    if (unpartitioned > 0) {
      notes.push(`${unpartitioned} images have no entry in ${partitionName}; their split is empty.`);
    }
  };

  if (!(await isCelebATextFormat(attrFile))) {
    // Kaggle's list_attr_celeba.csv: a normal CSV whose first column is image_id.
    const t = await openDelimited(attrFile, 'CelebA attribute file');
    notes.push(...t.notes);
    const columns = [CELEBA_ID_COLUMN, ...t.columns.slice(1)];
    if (partition) columns.push(CELEBA_SPLIT_COLUMN);
    async function* records(): AsyncGenerator<TableRecord> {
      for await (const r of t.records) {
        if (r.fields.length !== t.columns.length) {
          yield { row: r.row, fields: r.fields, problem: `row has ${r.fields.length} fields but the header has ${t.columns.length}` };
        } else {
          yield { row: r.row, fields: withPartition(r.fields) };
        }
      }
      finish();
    }
    return {
      file: attrFile,
      preset: 'celeba',
      columns,
      companionFiles: partitionFile ? [partitionFile] : [],
      notes,
      records: records(),
      close: t.close,
    };
  }

  const lines = textLines(attrFile);
  const first = await lines.next();
  const second = await lines.next();
  if (first.done || second.done) {
    await lines.return(undefined);
    throw new InputError(
      `${attrFile} is not a CelebA attribute list: expected an image count on line 1 and attribute names on line 2.`,
      { file: attrFile },
    );
  }
  const declared = Number(first.value.text.trim());
  const attrs = second.value.text.trim().split(/\s+/);
  const columns = [CELEBA_ID_COLUMN, ...attrs];
  if (partition) columns.push(CELEBA_SPLIT_COLUMN);

  async function* records(): AsyncGenerator<TableRecord> {
    let count = 0;
    for await (const { line, text } of lines) {
      const t = text.trim();
      if (t === '') continue;
      count++;
      const fields = t.split(/\s+/);
      if (fields.length !== attrs.length + 1) {
        yield {
          row: line,
          fields,
          problem: `row has ${fields.length - 1} attribute values but line 2 names ${attrs.length} attributes`,
        };
      } else {
        yield { row: line, fields: withPartition(fields) };
      }
    }
    if (Number.isFinite(declared) && declared !== count) {
      notes.push(`Line 1 of ${basename(attrFile)} says ${declared} images but the file lists ${count}; it may be truncated.`);
    }
    finish();
  }
  return {
    file: attrFile,
    preset: 'celeba',
    columns,
    companionFiles: partitionFile ? [partitionFile] : [],
    notes,
    records: records(),
    close: () => void lines.return(undefined),
  };
}
