// Byte-level float decoding for array files. Everything becomes float32, the unit the probes use.

export type FloatKind = 'f16' | 'bf16' | 'f32' | 'f64';

export const FLOAT_BYTES: Record<FloatKind, number> = { f16: 2, bf16: 2, f32: 4, f64: 8 };
export const FLOAT_DTYPE_NAME: Record<FloatKind, string> = { f16: 'float16', bf16: 'bfloat16', f32: 'float32', f64: 'float64' };

let halfTable: Float32Array | null = null;

/** All 65,536 half-precision values, so decoding is one table lookup per element. */
function halfLookup(): Float32Array {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    if (exp === 0) t[h] = sign * frac * 2 ** -24;
    else if (exp === 31) t[h] = frac ? NaN : sign * Infinity;
    else t[h] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  halfTable = t;
  return t;
}

/** Decodes `count` floats of `kind` starting at bytes[0]; the caller has checked the length. */
export function decodeFloats(bytes: Uint8Array, kind: FloatKind, littleEndian: boolean, count: number): Float32Array {
  const out = new Float32Array(count);
  decodeFloatsInto(out, 0, bytes, kind, littleEndian, count);
  return out;
}

/** Decodes `count` floats into out[offset..]; lets big files be read chunk by chunk. */
export function decodeFloatsInto(
  out: Float32Array,
  offset: number,
  bytes: Uint8Array,
  kind: FloatKind,
  littleEndian: boolean,
  count: number,
): void {
  const size = FLOAT_BYTES[kind];
  if (kind === 'f32' && littleEndian) {
    new Uint8Array(out.buffer, out.byteOffset + offset * 4, count * 4).set(bytes.subarray(0, count * 4));
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * size);
  if (kind === 'f32') {
    for (let i = 0; i < count; i++) out[offset + i] = view.getFloat32(i * 4, false);
  } else if (kind === 'f64') {
    if (littleEndian && bytes.byteOffset % 8 === 0) out.set(new Float64Array(bytes.buffer, bytes.byteOffset, count), offset);
    else for (let i = 0; i < count; i++) out[offset + i] = view.getFloat64(i * 8, littleEndian);
  } else if (kind === 'f16') {
    const t = halfLookup();
    for (let i = 0; i < count; i++) out[offset + i] = t[view.getUint16(i * 2, littleEndian)];
  } else {
    // bfloat16 is the top half of a float32.
    const bits = new Uint32Array(out.buffer, out.byteOffset + offset * 4, count);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, littleEndian) << 16;
  }
}

/** Column-major (Fortran order) rows x cols into row-major. */
export function transposeToRowMajor(colMajor: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const base = j * rows;
    for (let i = 0; i < rows; i++) out[i * cols + j] = colMajor[base + i];
  }
  return out;
}
