import { InputError } from '../../../../src-shared/errors.ts';

/** A row-major float32 matrix read from a file. */
export interface FloatMatrix {
  data: Float32Array;
  rows: number;
  cols: number;
  /** The dtype stored in the file (float16, float32, ...), before conversion to float32. */
  dtype: string;
}

/**
 * NaN or infinity anywhere poisons standardization and every probe, so the file is refused and the
 * first bad cell named. `where` names the array inside archives.
 */
export function assertFinite(m: FloatMatrix, file: string, where = ''): void {
  const { data, cols } = m;
  for (let k = 0; k < data.length; k++) {
    const v = data[k];
    if (v - v !== 0) {
      const r = Math.floor(k / cols);
      const c = k % cols;
      const what = Number.isNaN(v) ? 'NaN' : 'infinite (or too large for float32)';
      throw new InputError(
        `${file}${where}: value at row ${r + 1}, column ${c + 1} (index [${r}, ${c}]) is ${what}. ` +
          'Embeddings must be finite numbers; recompute or clean those rows and import again.',
        { file, row: r + 1, column: String(c + 1) },
      );
    }
  }
}
