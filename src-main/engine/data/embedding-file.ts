import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../../../src-shared/errors.ts';
import { readCsvMatrix } from './arrays/csv-matrix.ts';
import { assertFinite, type FloatMatrix } from './arrays/matrix.ts';
import { isNpy } from './arrays/npy.ts';
import { readNpyFile } from './arrays/npy-file.ts';
import { readNpz } from './arrays/npz.ts';
import { readSafetensors } from './arrays/safetensors.ts';
import { assertReadableFile } from './file-errors.ts';
import { sha256Bytes, sha256File } from './sha256-file.ts';
import { readHead } from './table/sniff.ts';

export interface EmbeddingFile {
  /** Row-major rows x cols float32. */
  data: Float32Array;
  rows: number;
  cols: number;
  /** dtype stored in the file: float16, bfloat16, float32, float64, or "text" for CSV. */
  dtype: string;
  /** Sample id of each row, when the file carries them (id column / id array). */
  ids: string[] | null;
  sha256: string;
}

/** Archives are read whole; past fs.readFile's 2 GiB limit, say what to do instead of crashing. */
async function readWhole(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_FS_FILE_TOO_LARGE') {
      throw new InputError(`${path} is larger than 2 GiB, the most an .npz or .safetensors file can be here. Save the embeddings as a .npy file (read in chunks) or as float16.`, { file: path });
    }
    throw e;
  }
}

const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Reads an embedding matrix from .npy, .npz, .safetensors or CSV/TSV. The content decides the
 * format where it can (a .npy renamed .bin still reads); the extension decides the rest.
 */
export async function readEmbeddingFile(path: string, opts: { idKey?: string } = {}): Promise<EmbeddingFile> {
  await assertReadableFile(path, 'Embedding file');
  const idKey = opts.idKey?.trim() || undefined;
  const head = await readHead(path, 8);
  const ext = extname(path).toLowerCase();

  let matrix: FloatMatrix;
  let ids: string[] | null = null;
  let sha256: string;
  let where = '';
  if (isNpy(head) || ext === '.npy') {
    if (idKey) {
      throw new InputError(`${path}: a .npy file holds a single array, so it has no "${idKey}" ids. Put ids in an .npz next to the embeddings, or leave the id key empty to align rows in order.`, { file: path });
    }
    ({ matrix, sha256 } = await readNpyFile(path));
  } else if (isZip(head) || ext === '.npz') {
    const bytes = await readWhole(path);
    sha256 = sha256Bytes(bytes);
    const r = readNpz(bytes, path, idKey);
    matrix = r.matrix;
    ids = r.ids;
    where = ` (array "${r.arrayName}")`;
  } else if (ext === '.safetensors') {
    const bytes = await readWhole(path);
    sha256 = sha256Bytes(bytes);
    const r = readSafetensors(bytes, path, idKey);
    matrix = r.matrix;
    ids = r.ids;
    where = ` (tensor "${r.arrayName}")`;
  } else if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
    const r = await readCsvMatrix(path, idKey);
    matrix = r.matrix;
    ids = r.ids;
    sha256 = await sha256File(path);
  } else {
    throw new InputError(
      `${path}: embeddings in "${ext || 'no extension'}" files cannot be read. Save them as .npy, .npz, .safetensors or CSV.`,
      { file: path },
    );
  }
  assertFinite(matrix, path, where);
  if (ids && ids.length !== matrix.rows) {
    throw new InputError(`${path}: the ids list ${ids.length} samples but the embeddings have ${matrix.rows} rows; they must match one to one.`, { file: path });
  }
  return { ...matrix, ids, sha256 };
}
