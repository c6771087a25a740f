import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse, CsvError } from 'csv-parse';
import { InputError } from '../../../../src-shared/errors.ts';
import { assertReadableFile } from '../file-errors.ts';
import { headLines, looksBinary, readHead, sniffDelimiter, type Delimiter } from './sniff.ts';
import type { TableRecord } from './table-source.ts';

export interface DelimitedTable {
  delimiter: Delimiter;
  /** The first record as read (readers of headerless numeric files treat it as data). */
  header: TableRecord;
  /** Header names, trimmed; blanks become "Unnamed: i" and repeats "name.1" (as pandas does). */
  columns: string[];
  /** Notes about header repairs, shown as import warnings. */
  notes: string[];
  /** Data records after the header; `row` is the file line where the record starts (header = 1). */
  records: AsyncGenerator<TableRecord>;
  /** Stops reading; needed when the records are never iterated to the end. */
  close(): void;
}

function csvErrorToInput(e: unknown, file: string): unknown {
  if (e instanceof CsvError) {
    const line = (e as CsvError & { lines?: number }).lines;
    const where = line ? ` at line ${line}` : '';
    const hint = e.code.includes('QUOTE')
      ? 'A double quote may only open a field (which must then end with one) and is written twice ("") inside it.'
      : 'Check the file is a valid CSV/TSV table.';
    return new InputError(`${file}: malformed table${where}: ${e.message.replace(/\s+at line \d+/, '')}. ${hint}`, {
      file,
      row: line,
    });
  }
  return e;
}

export function normalizeHeader(raw: readonly string[]): { columns: string[]; notes: string[] } {
  const notes: string[] = [];
  const seen = new Map<string, number>();
  const columns = raw.map((r, i) => {
    let name = r.trim();
    if (name === '') {
      name = `Unnamed: ${i}`;
      notes.push(`Column ${i + 1} has no header name; it is called "${name}".`);
    }
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n > 0) {
      const renamed = `${name}.${n}`;
      notes.push(`Header name "${name}" appears more than once; column ${i + 1} is called "${renamed}".`);
      name = renamed;
    }
    return name;
  });
  return { columns, notes };
}

/** Newlines inside quoted fields: the record started that many lines before csv-parse's line count. */
function embeddedNewlines(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.indexOf('\n') < 0) continue;
    for (let i = 0; i < f.length; i++) if (f.charCodeAt(i) === 10) n++;
  }
  return n;
}

/**
 * Opens a delimited text table as a stream: the header is read now, data records on demand, so a
 * 200k-row file is parsed in one linear pass without holding the text in memory.
 */
export async function openDelimited(
  file: string,
  what: string,
  options: { delimiter?: Delimiter } = {},
): Promise<DelimitedTable> {
  const size = await assertReadableFile(file, what);
  const head = await readHead(file);
  if (looksBinary(head)) {
    throw new InputError(
      `${what} ${file} is not a text table (it contains binary data). Export it as CSV or TSV with a header row.`,
      { file },
    );
  }
  const lines = headLines(head, head.length >= size);
  if (lines.length === 0) throw new InputError(`${what} ${file} has no rows (only blank lines).`, { file });
  const delimiter = options.delimiter ?? sniffDelimiter(lines, basename(file));

  // No `info` option: it doubles csv-parse's cost. Line numbers are counted here instead, which
  // is why blank lines are kept (as single empty fields) and skipped below.
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    // Strict quotes: a stray quote means the columns may be misread, so the user fixes that line.
    relax_quotes: false,
    skip_empty_lines: false,
  });
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('error', (e) => parser.destroy(e));
  stream.pipe(parser);
  const it = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let line = 1;

  const nextRecord = async (): Promise<TableRecord | null> => {
    for (;;) {
      let r: IteratorResult<string[]>;
      try {
        r = await it.next();
      } catch (e) {
        throw csvErrorToInput(e, file);
      }
      if (r.done) return null;
      const fields = r.value;
      const row = line;
      line += 1 + embeddedNewlines(fields);
      // Lines holding only spaces or delimiters are blank lines, not data rows.
      if (fields.every((f) => f.trim() === '')) continue;
      return { row, fields };
    }
  };

  const close = (): void => {
    stream.destroy();
    parser.destroy();
  };

  let header: TableRecord | null;
  try {
    header = await nextRecord();
  } catch (e) {
    close();
    throw e;
  }
  if (!header) {
    close();
    throw new InputError(`${what} ${file} has no rows.`, { file });
  }
  const { columns, notes } = normalizeHeader(header.fields);

  async function* records(): AsyncGenerator<TableRecord> {
    try {
      for (;;) {
        const r = await nextRecord();
        if (!r) return;
        yield r;
      }
    } finally {
      close();
    }
  }
  return { delimiter, header, columns, notes, records: records(), close };
}
