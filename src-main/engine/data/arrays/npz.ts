import { unzipSync } from 'fflate';
import { InputError } from '../../../../src-shared/errors.ts';
import { listSome } from '../file-errors.ts';
import type { FloatMatrix } from './matrix.ts';
import { describeNpy, isFloatMatrix, npyToIds, npyToMatrix, parseNpy, type NpyArray } from './npy.ts';

/** Array names that hold sample ids when the user names none. */
export const AUTO_ID_NAMES = ['ids', 'id', 'sample_ids', 'sample_id'];
/** Array names that hold the embeddings, best first, before falling back to the first 2-D float array. */
export const EMBEDDING_NAMES = ['embeddings', 'features', 'arr_0'];

function entryNames(zip: Uint8Array, file: string): string[] {
  const names: string[] = [];
  try {
    unzipSync(zip, {
      filter: (f) => {
        names.push(f.name);
        return false;
      },
    });
  } catch (e) {
    throw new InputError(`${file} is not a valid .npz (zip) archive: ${(e as Error).message}. Save it with np.savez or np.savez_compressed.`, { file });
  }
  return names;
}

function readEntry(zip: Uint8Array, entry: string, file: string): NpyArray {
  let out: Record<string, Uint8Array>;
  try {
    out = unzipSync(zip, { filter: (f) => f.name === entry });
  } catch (e) {
    throw new InputError(`${file}: array "${entry}" cannot be unpacked (${(e as Error).message}); the archive may be truncated.`, { file });
  }
  return parseNpy(out[entry], file, ` (array "${entry.replace(/\.npy$/, '')}")`);
}

/** Reads the embedding matrix and, when present, the id array of an .npz archive. */
export function readNpz(zip: Uint8Array, file: string, idKey?: string): { matrix: FloatMatrix; ids: string[] | null; arrayName: string } {
  const entries = entryNames(zip, file).filter((n) => n.endsWith('.npy'));
  if (entries.length === 0) {
    throw new InputError(`${file} holds no NumPy arrays (.npy entries); it is not an .npz saved by NumPy.`, { file });
  }
  const byName = new Map(entries.map((e) => [e.replace(/\.npy$/, ''), e]));
  const names = [...byName.keys()];

  let idName: string | null = null;
  if (idKey !== undefined && idKey !== '') {
    if (!byName.has(idKey)) {
      throw new InputError(`${file} has no array "${idKey}" for the sample ids. Its arrays: ${listSome(names, 20)}.`, { file, column: idKey });
    }
    idName = idKey;
  } else {
    idName = AUTO_ID_NAMES.find((n) => byName.has(n)) ?? null;
  }

  const ordered = [...EMBEDDING_NAMES.filter((n) => byName.has(n)), ...names.filter((n) => !EMBEDDING_NAMES.includes(n))].filter(
    (n) => n !== idName,
  );
  const seen: string[] = [];
  let chosen: { name: string; arr: NpyArray } | null = null;
  for (const name of ordered) {
    const arr = readEntry(zip, byName.get(name)!, file);
    // An array named "embeddings" or "features" is the user's intent: read it even if malformed,
    // so the error is about it.
    if (isFloatMatrix(arr) || name === 'embeddings' || name === 'features') {
      chosen = { name, arr };
      break;
    }
    seen.push(`${name} ${describeNpy(arr)}`);
  }
  if (!chosen) {
    throw new InputError(
      `${file} has no 2-D float array to use as embeddings. Its arrays: ${seen.join('; ') || 'none besides the ids'}. ` +
        'Save the embeddings as a (samples, features) float array named "embeddings".',
      { file },
    );
  }
  const where = ` (array "${chosen.name}")`;
  const matrix = npyToMatrix(chosen.arr, file, where);
  let ids: string[] | null = null;
  if (idName !== null) {
    ids = npyToIds(readEntry(zip, byName.get(idName)!, file), file, ` (array "${idName}")`);
  }
  return { matrix, ids, arrayName: chosen.name };
}
