import { InputError } from '../../../../src-shared/errors.ts';
import { decodeFloats, FLOAT_DTYPE_NAME, transposeToRowMajor, type FloatKind } from './float-decode.ts';
import type { FloatMatrix } from './matrix.ts';

/** A parsed .npy: header fields plus the raw data bytes that follow it. */
export interface NpyArray {
  descr: string;
  /** NumPy kind letter: f float, i int, u uint, b bool, U unicode, S bytes, O object... */
  kind: string;
  itemsize: number;
  littleEndian: boolean;
  fortran: boolean;
  shape: number[];
  data: Uint8Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && MAGIC.every((b, i) => bytes[i] === b);
}

export type NpyHeader = Omit<NpyArray, 'data'> & { dataOffset: number };

/** Bytes needed to hold the whole header, known from the first 12 bytes (null: not a .npy). */
export function npyHeaderLength(first: Uint8Array): number | null {
  if (!isNpy(first) || first.length < 10) return null;
  const dv = new DataView(first.buffer, first.byteOffset, first.byteLength);
  if (first[6] === 1) return 10 + dv.getUint16(8, true);
  if (first.length < 12) return null;
  return 12 + dv.getUint32(8, true);
}

/** `where` says which array of an archive, for messages: ` (array "ids")`. */
export function parseNpy(bytes: Uint8Array, file: string, where = ''): NpyArray {
  const h = parseNpyHeader(bytes, file, where);
  const { dataOffset, ...rest } = h;
  return { ...rest, data: bytes.subarray(dataOffset) };
}

/** Parses the header at the start of `bytes` (which need not hold the data). */
export function parseNpyHeader(bytes: Uint8Array, file: string, where = ''): NpyHeader {
  const fail = (msg: string): never => {
    throw new InputError(`${file}${where}: ${msg}`, { file });
  };
  if (!isNpy(bytes)) fail('not a NumPy .npy array (the file does not start with the \\x93NUMPY signature).');
  if (bytes.length < 10) fail('the .npy file is truncated (its header is incomplete).');
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail('the .npy file is truncated (its header is incomplete).');
    headerLen = dv.getUint32(8, true);
    start = 12;
  } else {
    return fail(`.npy format version ${major}.${bytes[7]} is not supported (versions 1, 2 and 3 are). Save it with a current NumPy.`);
  }
  if (bytes.length < start + headerLen) fail('the .npy file is truncated (its header is incomplete).');
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + start, headerLen).toString(major === 3 ? 'utf8' : 'latin1');

  const descrMatch = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(header);
  if (!descrMatch) {
    fail('the array has a structured (record) dtype; save a plain numeric array, e.g. np.save(path, arr.astype("float32")).');
  }
  const descr = descrMatch![1];
  const fortran = /['"]fortran_order['"]\s*:\s*True/.test(header);
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) fail('the .npy header has no shape; the file is damaged.');
  const shape = shapeMatch![1]
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) fail(`the .npy header has an invalid shape (${shapeMatch![1]}).`);

  const dt = /^([<>|=])?([a-zA-Z])(\d*)$/.exec(descr);
  if (!dt) fail(`dtype "${descr}" cannot be read.`);
  const [, order = '=', kind, sizeText] = dt!;
  // Unicode strings ('<U8') count characters of 4 bytes each.
  const itemsize = kind === 'U' ? 4 * Number(sizeText || 0) : Number(sizeText || (kind === 'O' ? 8 : 0));
  return {
    descr,
    kind,
    itemsize,
    littleEndian: order !== '>',
    fortran,
    shape,
    dataOffset: start + headerLen,
  };
}

function floatKind(a: Pick<NpyArray, 'kind' | 'itemsize'>): FloatKind | null {
  if (a.kind !== 'f') return null;
  return a.itemsize === 2 ? 'f16' : a.itemsize === 4 ? 'f32' : a.itemsize === 8 ? 'f64' : null;
}

export function isFloatMatrix(a: NpyArray): boolean {
  return floatKind(a) !== null && a.shape.length === 2;
}

const shapeText = (shape: readonly number[]): string => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

export function describeNpy(a: NpyArray): string {
  return `${shapeText(a.shape)} ${a.descr}`;
}

/** What a 2-D float .npy holds, validated: rows x cols of `kind`, `bytes` of data. */
export interface MatrixPlan {
  kind: FloatKind;
  rows: number;
  cols: number;
  bytes: number;
}

export function planMatrix(a: Omit<NpyArray, 'data'>, file: string, where = ''): MatrixPlan {
  const fail = (msg: string): never => {
    throw new InputError(`${file}${where}: ${msg}`, { file });
  };
  const kind = floatKind(a);
  if (!kind) {
    const what = a.kind === 'i' || a.kind === 'u' ? 'integers' : a.kind === 'O' ? 'Python objects (pickled)' : `dtype "${a.descr}"`;
    fail(`holds ${what}; embeddings must be float16, float32 or float64. Save them with arr.astype("float32").`);
  }
  if (a.shape.length !== 2) {
    const hint =
      a.shape.length < 2
        ? 'a 1-D array has no feature axis; save a (samples, features) array, e.g. arr.reshape(-1, 1) for one feature.'
        : 'flatten the feature axes first, e.g. arr.reshape(len(arr), -1).';
    fail(`array has shape ${shapeText(a.shape)}; embeddings must be 2-D (samples, features): ${hint}`);
  }
  const [rows, cols] = a.shape;
  if (rows === 0 || cols === 0) fail(`array has shape ${shapeText(a.shape)}, which holds no values.`);
  return { kind: kind!, rows, cols, bytes: rows * cols * a.itemsize };
}

export function truncatedError(plan: MatrixPlan, available: number, file: string, where = ''): InputError {
  return new InputError(
    `${file}${where}: the file is truncated: its header promises ${plan.rows} x ${plan.cols} ${FLOAT_DTYPE_NAME[plan.kind]} values ` +
      `(${plan.bytes} bytes) but only ${available} bytes follow. Copy or save the file again.`,
    { file },
  );
}

/** A 2-D float .npy as a row-major float32 matrix (Fortran order is transposed). */
export function npyToMatrix(a: NpyArray, file: string, where = ''): FloatMatrix {
  const plan = planMatrix(a, file, where);
  if (a.data.length < plan.bytes) throw truncatedError(plan, a.data.length, file, where);
  const { rows, cols, kind } = plan;
  let data = decodeFloats(a.data, kind, a.littleEndian, rows * cols);
  if (a.fortran) data = transposeToRowMajor(data, rows, cols);
  return { data, rows, cols, dtype: FLOAT_DTYPE_NAME[kind] };
}

/** A 1-D .npy of ids (strings or integers) as strings. */
export function npyToIds(a: NpyArray, file: string, where = ''): string[] {
  const fail = (msg: string): never => {
    throw new InputError(`${file}${where}: ${msg}`, { file });
  };
  const n = a.shape.length === 1 ? a.shape[0] : a.shape.length === 2 && a.shape[1] === 1 ? a.shape[0] : -1;
  if (n < 0) fail(`ids must be a 1-D array, but it has shape ${shapeText(a.shape)}.`);
  if (a.kind === 'O') fail('ids are stored as Python objects (pickled), which cannot be read safely. Save them with np.array(ids, dtype=str).');
  if (a.data.length < n * a.itemsize) fail(`the id array is truncated (${a.data.length} of ${n * a.itemsize} bytes).`);
  const dv = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const le = a.littleEndian;
  const out = new Array<string>(n);
  if (a.kind === 'U') {
    const chars = a.itemsize / 4;
    for (let i = 0; i < n; i++) {
      let s = '';
      for (let c = 0; c < chars; c++) {
        const cp = dv.getUint32((i * chars + c) * 4, le);
        if (cp === 0) break;
        s += String.fromCodePoint(cp);
      }
      out[i] = s;
    }
  } else if (a.kind === 'S') {
    for (let i = 0; i < n; i++) {
      const raw = a.data.subarray(i * a.itemsize, (i + 1) * a.itemsize);
      const end = raw.indexOf(0);
      out[i] = Buffer.from(raw.subarray(0, end < 0 ? raw.length : end)).toString('utf8');
    }
  } else if (a.kind === 'i' || a.kind === 'u') {
    const signed = a.kind === 'i';
    for (let i = 0; i < n; i++) {
      const o = i * a.itemsize;
      switch (a.itemsize) {
        case 1: out[i] = String(signed ? dv.getInt8(o) : dv.getUint8(o)); break;
        case 2: out[i] = String(signed ? dv.getInt16(o, le) : dv.getUint16(o, le)); break;
        case 4: out[i] = String(signed ? dv.getInt32(o, le) : dv.getUint32(o, le)); break;
        case 8: out[i] = String(signed ? dv.getBigInt64(o, le) : dv.getBigUint64(o, le)); break;
        default: fail(`id dtype "${a.descr}" cannot be read.`);
      }
    }
  } else if (a.kind === 'f' && floatKind(a)) {
    const values = decodeFloats(a.data, floatKind(a)!, le, n);
    // float32 loses integers above 2^24; read float64 ids directly.
    const exact = a.itemsize === 8 ? Array.from({ length: n }, (_, i) => dv.getFloat64(i * 8, le)) : Array.from(values);
    for (let i = 0; i < n; i++) {
      if (!Number.isInteger(exact[i])) fail(`id at index ${i} is ${exact[i]}, not a whole number; save ids as integers or strings.`);
      out[i] = String(exact[i]);
    }
  } else {
    fail(`id dtype "${a.descr}" cannot be read; save ids as integers or strings.`);
  }
  return out;
}
