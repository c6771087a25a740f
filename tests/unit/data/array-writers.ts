// Byte-exact writers for .npy, .npz and .safetensors, following the NumPy format spec
// (numpy/lib/format.py) and the safetensors spec, to build real files for the tests.
import { zipSync } from 'fflate';

export interface NpyOptions {
  descr?: string;
  shape: number[];
  fortran?: boolean;
  version?: 1 | 2 | 3;
  /** Python literal written as the descr instead of a quoted `descr` (structured dtypes). */
  descrLiteral?: string;
  /** Drop this many bytes from the end (truncated file). */
  truncate?: number;
}

/** `values` are written with `descr` (default '<f4'); the caller orders them (C or Fortran). */
export function npyBytes(values: ArrayLike<number> | string[], o: NpyOptions): Uint8Array {
  const descr = o.descr ?? '<f4';
  const shapeText = `(${o.shape.join(', ')}${o.shape.length === 1 ? ',' : ''})`;
  const dict = `{'descr': ${o.descrLiteral ?? `'${descr}'`}, 'fortran_order': ${o.fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const version = o.version ?? 1;
  const pre = version === 1 ? 10 : 12;
  const padTo = 64;
  const total = Math.ceil((pre + dict.length + 1) / padTo) * padTo;
  const header = dict + ' '.repeat(total - pre - dict.length - 1) + '\n';
  const m = /^([<>|=])?([a-zA-Z])(\d+)$/.exec(descr)!;
  const little = m[1] !== '>';
  const kind = m[2];
  const size = Number(m[3]);
  const n = values.length;
  const itemsize = kind === 'U' ? size * 4 : size;
  const data = new Uint8Array(n * itemsize);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < n; i++) {
    const v = (values as ArrayLike<number | string>)[i];
    const o8 = i * itemsize;
    if (kind === 'f' && size === 4) dv.setFloat32(o8, v as number, little);
    else if (kind === 'f' && size === 8) dv.setFloat64(o8, v as number, little);
    else if (kind === 'f' && size === 2) dv.setUint16(o8, floatToHalf(v as number), little);
    else if (kind === 'i' && size === 8) dv.setBigInt64(o8, BigInt(v as number), little);
    else if (kind === 'i' && size === 4) dv.setInt32(o8, v as number, little);
    else if (kind === 'U') [...String(v)].forEach((ch, c) => dv.setUint32(o8 + c * 4, ch.codePointAt(0)!, little));
    else throw new Error(`test writer cannot write ${descr}`);
  }
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const hv = new DataView(out.buffer);
  if (version === 1) hv.setUint16(8, header.length, true);
  else hv.setUint32(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), pre);
  out.set(data, total);
  return o.truncate ? out.subarray(0, out.length - o.truncate) : out;
}

/** Round-to-nearest float32 -> float16 bits, enough for test values. */
export function floatToHalf(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  if (a === 0) return sign;
  let e = Math.floor(Math.log2(a));
  if (e < -14) return sign | Math.round(a / 2 ** -24);
  let f = Math.round((a / 2 ** e - 1) * 1024);
  if (f === 1024) {
    f = 0;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | f;
}

export function npzBytes(arrays: Record<string, Uint8Array>, level: 0 | 6 = 0): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, bytes] of Object.entries(arrays)) files[`${name}.npy`] = [bytes, { level }];
  return zipSync(files);
}

export interface SafeTensor {
  dtype: 'F16' | 'BF16' | 'F32' | 'F64' | 'I64' | 'I32' | 'U8';
  shape: number[];
  values: number[];
}

/** A .safetensors file: u64 LE header size, JSON header padded with spaces to 8 bytes, then data. */
export function safetensorsBytes(tensors: Record<string, SafeTensor>, o: { truncate?: number } = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = { F16: 2, BF16: 2, F32: 4, F64: 8, I64: 8, I32: 4, U8: 1 }[t.dtype];
    const b = new Uint8Array(t.values.length * size);
    const dv = new DataView(b.buffer);
    t.values.forEach((v, i) => {
      if (t.dtype === 'F32') dv.setFloat32(i * 4, v, true);
      else if (t.dtype === 'F64') dv.setFloat64(i * 8, v, true);
      else if (t.dtype === 'F16') dv.setUint16(i * 2, floatToHalf(v), true);
      else if (t.dtype === 'BF16') {
        const f = new DataView(new ArrayBuffer(4));
        f.setFloat32(0, v, true);
        dv.setUint16(i * 2, f.getUint32(0, true) >>> 16, true);
      } else if (t.dtype === 'I64') dv.setBigInt64(i * 8, BigInt(v), true);
      else if (t.dtype === 'I32') dv.setInt32(i * 4, v, true);
      else dv.setUint8(i, v);
    });
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + b.length] };
    offset += b.length;
    chunks.push(b);
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(Buffer.from(json, 'utf8'), 8);
  let p = 8 + json.length;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return o.truncate ? out.subarray(0, out.length - o.truncate) : out;
}
