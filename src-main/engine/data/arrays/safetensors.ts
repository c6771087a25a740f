import { z } from 'zod';
import { InputError } from '../../../../src-shared/errors.ts';
import { listSome } from '../file-errors.ts';
import { decodeFloats, FLOAT_BYTES, FLOAT_DTYPE_NAME, type FloatKind } from './float-decode.ts';
import type { FloatMatrix } from './matrix.ts';
import { AUTO_ID_NAMES } from './npz.ts';

const TensorInfo = z.object({
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});
type TensorInfo = z.infer<typeof TensorInfo>;

const FLOAT_DTYPES: Record<string, FloatKind> = { F16: 'f16', BF16: 'bf16', F32: 'f32', F64: 'f64' };
const INT_BYTES: Record<string, number> = { I8: 1, U8: 1, I16: 2, U16: 2, I32: 4, U32: 4, I64: 8, U64: 8 };

interface Tensor extends TensorInfo {
  name: string;
}

function parseHeader(bytes: Uint8Array, file: string): { tensors: Tensor[]; dataStart: number } {
  const notSafetensors = (why: string): never => {
    throw new InputError(`${file} is not a readable .safetensors file: ${why}.`, { file });
  };
  if (bytes.length < 8) notSafetensors('it is shorter than its 8-byte header length');
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) notSafetensors(`its header claims ${n} bytes but the file has ${bytes.length - 8} after the length (truncated or another format)`);
  const dataStart = 8 + Number(n);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, Number(n)).toString('utf8'));
  } catch {
    notSafetensors('its header is not JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) notSafetensors('its header is not a JSON object');
  const tensors: Tensor[] = [];
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const parsed = TensorInfo.safeParse(info);
    if (!parsed.success) notSafetensors(`tensor "${name}" has a malformed header entry`);
    tensors.push({ name, ...parsed.data! });
  }
  return { tensors, dataStart };
}

function tensorBytes(bytes: Uint8Array, t: Tensor, itemsize: number, dataStart: number, file: string): Uint8Array {
  const count = t.shape.reduce((a, b) => a * b, 1);
  const [begin, end] = t.data_offsets;
  if (end - begin !== count * itemsize) {
    throw new InputError(
      `${file}: tensor "${t.name}" (${t.dtype} [${t.shape.join(', ')}]) should take ${count * itemsize} bytes but its offsets span ${end - begin}; the file is damaged.`,
      { file },
    );
  }
  if (dataStart + end > bytes.length) {
    throw new InputError(
      `${file}: the file is truncated: tensor "${t.name}" ends at byte ${dataStart + end} but the file has ${bytes.length} bytes. Copy or save it again.`,
      { file },
    );
  }
  return bytes.subarray(dataStart + begin, dataStart + end);
}

const describe = (t: Tensor): string => `${t.name} ${t.dtype} [${t.shape.join(', ')}]`;

/** Reads the embedding tensor (and an integer id tensor, when named or called "ids") of a .safetensors file. */
export function readSafetensors(bytes: Uint8Array, file: string, idKey?: string): { matrix: FloatMatrix; ids: string[] | null; arrayName: string } {
  const { tensors, dataStart } = parseHeader(bytes, file);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  let idTensor: Tensor | null = null;
  if (idKey !== undefined && idKey !== '') {
    idTensor = byName.get(idKey) ?? null;
    if (!idTensor) {
      throw new InputError(`${file} has no tensor "${idKey}" for the sample ids. Its tensors: ${listSome(tensors.map(describe), 20)}.`, {
        file,
        column: idKey,
      });
    }
  } else {
    idTensor = AUTO_ID_NAMES.map((n) => byName.get(n)).find((t) => t !== undefined) ?? null;
  }

  const candidates = tensors.filter((t) => t !== idTensor);
  const named = candidates.find((t) => t.name === 'embeddings') ?? candidates.find((t) => t.name === 'features');
  const floats2d = candidates.filter((t) => t.shape.length === 2 && t.dtype in FLOAT_DTYPES);
  const chosen = named ?? (floats2d.length === 1 ? floats2d[0] : null);
  if (!chosen) {
    const why = floats2d.length === 0 ? 'it has no 2-D float tensor' : 'it has several 2-D float tensors and none is called "embeddings" or "features"';
    throw new InputError(
      `${file}: cannot tell which tensor holds the embeddings: ${why}. Its tensors: ${listSome(tensors.map(describe), 20) || 'none'}. ` +
        'Name the (samples, features) tensor "embeddings".',
      { file },
    );
  }
  const kind = FLOAT_DTYPES[chosen.dtype];
  if (!kind) {
    throw new InputError(`${file}: tensor "${chosen.name}" has dtype ${chosen.dtype}; embeddings must be F16, BF16, F32 or F64.`, { file });
  }
  if (chosen.shape.length !== 2) {
    throw new InputError(
      `${file}: tensor "${chosen.name}" has shape [${chosen.shape.join(', ')}]; embeddings must be 2-D [samples, features].`,
      { file },
    );
  }
  const [rows, cols] = chosen.shape;
  if (rows === 0 || cols === 0) throw new InputError(`${file}: tensor "${chosen.name}" has shape [${rows}, ${cols}], which holds no values.`, { file });
  const raw = tensorBytes(bytes, chosen, FLOAT_BYTES[kind], dataStart, file);
  const matrix: FloatMatrix = { data: decodeFloats(raw, kind, true, rows * cols), rows, cols, dtype: FLOAT_DTYPE_NAME[kind] };

  let ids: string[] | null = null;
  if (idTensor) {
    const size = INT_BYTES[idTensor.dtype];
    const n = idTensor.shape.length === 1 ? idTensor.shape[0] : idTensor.shape.length === 2 && idTensor.shape[1] === 1 ? idTensor.shape[0] : -1;
    if (!size || n < 0) {
      throw new InputError(
        `${file}: id tensor "${idTensor.name}" is ${idTensor.dtype} [${idTensor.shape.join(', ')}]; ids must be a 1-D integer tensor.`,
        { file, column: idTensor.name },
      );
    }
    const b = tensorBytes(bytes, idTensor, size, dataStart, file);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const signed = idTensor.dtype.startsWith('I');
    ids = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const o = i * size;
      ids[i] =
        size === 1 ? String(signed ? dv.getInt8(o) : dv.getUint8(o))
        : size === 2 ? String(signed ? dv.getInt16(o, true) : dv.getUint16(o, true))
        : size === 4 ? String(signed ? dv.getInt32(o, true) : dv.getUint32(o, true))
        : String(signed ? dv.getBigInt64(o, true) : dv.getBigUint64(o, true));
    }
  }
  return { matrix, ids, arrayName: chosen.name };
}
