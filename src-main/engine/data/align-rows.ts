import { InputError } from '../../../src-shared/errors.ts';
import { listSome } from './file-errors.ts';

/**
 * For each dataset sample (in the given order), the row of an imported array that belongs to it.
 * Without ids, row i is sample i and the counts must match; with ids, every sample needs exactly
 * one row. Ids the dataset does not know are an error unless `allowUnknownIds` (e.g. rows of
 * samples rejected at import).
 */
export function alignRows(
  ids: string[] | null,
  rows: number,
  sampleExternalIds: string[],
  file: string,
  opts: { allowUnknownIds?: boolean } = {},
): Int32Array {
  const n = sampleExternalIds.length;
  const order = new Int32Array(n);
  if (ids === null) {
    if (rows !== n) {
      throw new InputError(
        `${file} has ${rows} rows but the dataset has ${n} samples. Without an id column/array, row i must belong to sample i; ` +
          'export one row per sample in dataset order, or include sample ids and name them as the id key.',
        { file },
      );
    }
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }
  if (ids.length !== rows) {
    throw new InputError(`${file}: ${ids.length} ids for ${rows} rows; every row needs one id.`, { file });
  }
  const rowOf = new Map<string, number>();
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
    const first = rowOf.get(id);
    if (first !== undefined) {
      throw new InputError(`${file}: id "${id}" appears twice (data rows ${first + 1} and ${r + 1}, not counting a header); each sample may have only one row.`, {
        file,
        row: r + 1,
      });
    }
    rowOf.set(id, r);
  }
  const missing: string[] = [];
  const known = new Set<string>();
  for (let i = 0; i < n; i++) {
    const id = sampleExternalIds[i];
    const r = rowOf.get(id);
    if (r === undefined) missing.push(id);
    else order[i] = r;
    known.add(id);
  }
  if (missing.length > 0) {
    throw new InputError(
      `${file} has no row for ${missing.length} of the dataset's ${n} samples (for example ids ${listSome(missing)}). ` +
        `Its ids look like ${listSome(ids.slice(0, 3))}. Check that the ids match the dataset's id column.`,
      { file },
    );
  }
  if (!opts.allowUnknownIds && rows > n) {
    const unknown = ids.filter((id) => !known.has(id));
    throw new InputError(
      `${file} has ${unknown.length} rows whose ids are not samples of this dataset (for example ${listSome(unknown)}). ` +
        'Remove those rows, or check that the file belongs to this dataset.',
      { file, row: rowOf.get(unknown[0])! + 1 },
    );
  }
  return order;
}
