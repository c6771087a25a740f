import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../../../../src-shared/errors.ts';
import { decodeFloatsInto, FLOAT_DTYPE_NAME, transposeToRowMajor } from './float-decode.ts';
import type { FloatMatrix } from './matrix.ts';
import { npyHeaderLength, parseNpyHeader, planMatrix, truncatedError } from './npy.ts';

const CHUNK_BYTES = 16 << 20;

async function readAt(fh: FileHandle, buf: Uint8Array, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/**
 * Streams a .npy file straight into its float32 matrix while hashing it: no whole-file buffer,
 * so files past fs.readFile's 2 GiB limit read too, in about half the memory.
 */
export async function readNpyFile(file: string, chunkBytes = CHUNK_BYTES): Promise<{ matrix: FloatMatrix; sha256: string }> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const hash = createHash('sha256');
    const first = new Uint8Array(Math.min(size, 12));
    await readAt(fh, first, first.length, 0);
    const headerLength = npyHeaderLength(first);
    let header: Uint8Array = first;
    if (headerLength !== null && headerLength <= size) {
      header = new Uint8Array(headerLength);
      await readAt(fh, header, headerLength, 0);
    }
    // parseNpyHeader reports the precise problem (signature, version, truncated header).
    const h = parseNpyHeader(header, file);
    const plan = planMatrix(h, file);
    const available = size - h.dataOffset;
    if (available < plan.bytes) throw truncatedError(plan, available, file);
    hash.update(header);

    const itemsize = plan.bytes / (plan.rows * plan.cols);
    const count = plan.rows * plan.cols;
    let data: Float32Array = new Float32Array(count);
    const chunkItems = Math.max(1, Math.floor(chunkBytes / itemsize));
    const buf = new Uint8Array(chunkItems * itemsize);
    let done = 0;
    let pos = h.dataOffset;
    while (done < count) {
      const n = Math.min(chunkItems, count - done);
      const got = await readAt(fh, buf, n * itemsize, pos);
      if (got < n * itemsize) throw new InputError(`${file}: the file ended while being read; it may be changing on disk.`, { file });
      hash.update(buf.subarray(0, got));
      decodeFloatsInto(data, done, buf, plan.kind, h.littleEndian, n);
      done += n;
      pos += got;
    }
    // Bytes after the array still belong to the file's identity.
    for (;;) {
      const got = await readAt(fh, buf, buf.length, pos);
      if (got === 0) break;
      hash.update(buf.subarray(0, got));
      pos += got;
    }
    if (h.fortran) data = transposeToRowMajor(data, plan.rows, plan.cols);
    return { matrix: { data, rows: plan.rows, cols: plan.cols, dtype: FLOAT_DTYPE_NAME[plan.kind] }, sha256: hash.digest('hex') };
  } finally {
    await fh.close();
  }
}
