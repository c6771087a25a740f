import { InputError } from '../../../../src-shared/errors.ts';
import { listSome } from '../file-errors.ts';
import { openDelimited } from '../table/delimited-rows.ts';
import type { FloatMatrix } from './matrix.ts';

/** Column names that hold sample ids when the user names none. */
export const AUTO_ID_COLUMNS = ['id', 'ids', 'sampleid', 'imgid', 'imageid', 'externalid'];
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/** Parses one cell; returns the number or a reason it is unusable. */
export function parseCell(raw: string): number | string {
  const s = raw.trim();
  if (s === '') return 'empty';
  const v = Number(s);
  if (Number.isNaN(v)) {
    if (/^[+-]?nan$/i.test(s)) return 'NaN';
    return NON_FINITE.test(s) ? 'infinite' : `"${s}", not a number`;
  }
  return Number.isFinite(v) ? v : 'infinite';
}

const isNumberLike = (s: string): boolean => {
  const t = s.trim();
  return t !== '' && (!Number.isNaN(Number(t)) || NON_FINITE.test(t));
};

/** Finds the id column: the one named, a usual id name, or pandas' unnamed index column. */
export function idColumn(columns: readonly string[], idKey: string | undefined, file: string): number {
  if (idKey !== undefined && idKey !== '') {
    const i = columns.indexOf(idKey);
    if (i < 0) {
      throw new InputError(`${file} has no column "${idKey}" for the sample ids. Its columns: ${listSome(columns, 20)}.`, {
        file,
        row: 1,
        column: idKey,
      });
    }
    return i;
  }
  const named = columns.findIndex((c) => AUTO_ID_COLUMNS.includes(norm(c)));
  if (named >= 0) return named;
  // df.to_csv() writes the index as a first column with an empty name; it is never a feature.
  return columns[0] === 'Unnamed: 0' ? 0 : -1;
}

/**
 * A numeric CSV/TSV (optionally with a header and an id column) as a float32 matrix. Cells are
 * checked as they stream by, so a bad value is reported by its file row and column.
 */
export async function readCsvMatrix(file: string, idKey?: string): Promise<{ matrix: FloatMatrix; ids: string[] | null }> {
  const t = await openDelimited(file, 'Embedding file');
  const headerless = t.header.fields.every(isNumberLike);
  if (headerless && idKey) {
    t.close();
    throw new InputError(`${file} has no header row (its first row is numbers), so it has no column "${idKey}" for ids.`, { file, row: 1, column: idKey });
  }
  const columns = headerless ? t.header.fields.map((_, i) => String(i + 1)) : t.columns;
  let idCol: number;
  try {
    idCol = headerless ? -1 : idColumn(columns, idKey, file);
  } catch (e) {
    t.close();
    throw e;
  }
  // pandas' unnamed index column beside a real id column is a row number, never a feature.
  const skipCol = !headerless && idCol !== 0 && columns[0] === 'Unnamed: 0' ? 0 : -1;
  const cols = columns.length - (idCol >= 0 ? 1 : 0) - (skipCol >= 0 ? 1 : 0);
  if (cols === 0) {
    t.close();
    throw new InputError(`${file} has no numeric columns besides the id column "${columns[idCol]}".`, { file, row: 1 });
  }

  const ids: string[] | null = idCol >= 0 ? [] : null;
  const chunks: Float32Array[] = [];
  const CHUNK_ROWS = 4096;
  let chunk = new Float32Array(CHUNK_ROWS * cols);
  let inChunk = 0;
  let rows = 0;

  const take = (row: number, fields: string[]): void => {
    if (fields.length !== columns.length) {
      throw new InputError(`${file}: row ${row} has ${fields.length} values but ${headerless ? 'row 1' : 'the header'} has ${columns.length}.`, { file, row });
    }
    let k = inChunk * cols;
    for (let j = 0; j < fields.length; j++) {
      if (j === skipCol) continue;
      if (j === idCol) {
        const id = fields[j].trim();
        if (id === '') throw new InputError(`${file}: row ${row} has an empty id in column "${columns[j]}".`, { file, row, column: columns[j] });
        ids!.push(id);
        continue;
      }
      const v = parseCell(fields[j]);
      if (typeof v !== 'number') {
        const hint = v.endsWith('not a number')
          ? idKey ? '' : ' If that column holds sample ids, give its name as the id column.'
          : ' Embeddings must be finite numbers; recompute or clean that row and import again.';
        throw new InputError(`${file}: row ${row}, column "${columns[j]}" is ${v}.${hint}`, { file, row, column: columns[j] });
      }
      chunk[k++] = v;
    }
    rows++;
    if (++inChunk === CHUNK_ROWS) {
      chunks.push(chunk);
      chunk = new Float32Array(CHUNK_ROWS * cols);
      inChunk = 0;
    }
  };

  if (headerless) take(t.header.row, t.header.fields);
  for await (const r of t.records) take(r.row, r.fields);
  if (rows === 0) throw new InputError(`${file} has a header but no data rows.`, { file });
  chunks.push(chunk.subarray(0, inChunk * cols));

  const data = new Float32Array(rows * cols);
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.length;
  }
  return { matrix: { data, rows, cols, dtype: 'text' }, ids };
}
