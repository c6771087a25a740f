import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src-shared/errors.ts';
import { readEmbeddingFile, sha256File } from '../../../src-main/engine/data/index.ts';
import { readNpyFile } from '../../../src-main/engine/data/arrays/npy-file.ts';
import { npyBytes, npzBytes, safetensorsBytes } from './array-writers.ts';
import { makeTempDir, rejectionOf, writeBytes, writeText } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const EXPECTED = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5];
const tmp = makeTempDir('embeddings');
afterAll(() => tmp.cleanup());
const file = (name: string, bytes: Uint8Array): string => writeBytes(join(tmp.dir, name), bytes);

describe('.npy written by NumPy', () => {
  it.each([
    ['f32.npy', 'float32'],
    ['f16.npy', 'float16'],
    ['f64-be-fortran.npy', 'float64'],
    ['f32-v2.npy', 'float32'],
    ['f32-v3.npy', 'float32'],
  ])('%s', async (name, dtype) => {
    const path = join(FIXTURES, name);
    const e = await readEmbeddingFile(path);
    expect({ rows: e.rows, cols: e.cols, dtype: e.dtype, ids: e.ids }).toEqual({ rows: 2, cols: 3, dtype, ids: null });
    expect(Array.from(e.data)).toEqual(EXPECTED);
    expect(e.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(e.sha256).toBe(await sha256File(path));
  });
});

describe('.npz written by NumPy', () => {
  it('savez with "embeddings" and string "ids" arrays', async () => {
    const e = await readEmbeddingFile(join(FIXTURES, 'named.npz'));
    expect(Array.from(e.data)).toEqual(EXPECTED);
    expect(e.ids).toEqual(['b', 'a']);
  });

  it('savez_compressed positional arrays: arr_0 is the matrix, ids only when named', async () => {
    const path = join(FIXTURES, 'positional.npz');
    const plain = await readEmbeddingFile(path);
    expect([plain.rows, plain.cols, plain.ids]).toEqual([2, 3, null]);
    expect(Array.from(plain.data)).toEqual(EXPECTED);
    const withIds = await readEmbeddingFile(path, { idKey: 'arr_1' });
    expect(withIds.ids).toEqual(['10', '11']);
  });

  it('float16 "features" with byte-string "sample_ids"', async () => {
    const e = await readEmbeddingFile(join(FIXTURES, 'features-bytes-ids.npz'));
    expect(e.dtype).toBe('float16');
    expect(Array.from(e.data)).toEqual(EXPECTED);
    expect(e.ids).toEqual(['x1', 'x2']);
  });
});

describe('.npy variants', () => {
  it('big-endian float32, C order', async () => {
    const e = await readEmbeddingFile(file('be.npy', npyBytes([1, -2, 3.25, 4], { descr: '>f4', shape: [2, 2] })));
    expect(Array.from(e.data)).toEqual([1, -2, 3.25, 4]);
  });

  it('Fortran order is transposed to rows', async () => {
    // [[1, 2, 3], [4, 5, 6]] stored column by column.
    const e = await readEmbeddingFile(file('f.npy', npyBytes([1, 4, 2, 5, 3, 6], { shape: [2, 3], fortran: true })));
    expect(Array.from(e.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('float16 subnormals and negatives', async () => {
    const vals = [2 ** -24, -0.5, 65504, 0.099975586];
    const e = await readEmbeddingFile(file('h.npy', npyBytes(vals, { descr: '<f2', shape: [2, 2] })));
    expect(Array.from(e.data)).toEqual(vals.map(Math.fround));
  });

  it('a version 2 header written by our own writer', async () => {
    const e = await readEmbeddingFile(file('v2.npy', npyBytes([1, 2], { shape: [1, 2], version: 2 })));
    expect([e.rows, e.cols]).toEqual([1, 2]);
  });

  it('reads in chunks that do not divide the data (and hashes every byte)', async () => {
    const vals = Array.from({ length: 35 }, (_, i) => i / 4 - 3);
    for (const [descr, name] of [['>f8', 'chunk-be.npy'], ['<f2', 'chunk-h.npy'], ['<f4', 'chunk-f.npy']] as const) {
      const path = file(name, npyBytes(vals, { descr, shape: [5, 7], fortran: descr === '>f8' }));
      for (const chunk of [1, 3, 10, 1 << 20]) {
        const r = await readNpyFile(path, chunk);
        expect([r.matrix.rows, r.matrix.cols]).toEqual([5, 7]);
        // Fortran data was written column by column, so row-major reading transposes it.
        const expected = descr === '>f8' ? Array.from({ length: 35 }, (_, k) => vals[(k % 7) * 5 + Math.floor(k / 7)]) : vals;
        expect(Array.from(r.matrix.data)).toEqual(expected);
        expect(r.sha256).toBe(await sha256File(path));
      }
    }
  });

  it('a .npy under another extension is recognised by its signature', async () => {
    const e = await readEmbeddingFile(file('emb.bin', npyBytes([1, 2], { shape: [2, 1] })));
    expect([e.rows, e.cols]).toEqual([2, 1]);
  });
});

describe('bad embedding files say what and where', () => {
  const bad = async (name: string, bytes: Uint8Array, opts?: { idKey?: string }) => {
    const path = file(name, bytes);
    const e = await rejectionOf(readEmbeddingFile(path, opts));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(path);
    expect(e.details?.file).toBe(path);
    return e;
  };

  it('1-D array', async () => {
    const e = await bad('1d.npy', npyBytes([1, 2, 3], { shape: [3] }));
    expect(e.message).toMatch(/shape \(3,\); embeddings must be 2-D .*reshape\(-1, 1\)/);
  });

  it('3-D array', async () => {
    const e = await bad('3d.npy', npyBytes(new Array(8).fill(1), { shape: [2, 2, 2] }));
    expect(e.message).toMatch(/shape \(2, 2, 2\).*reshape\(len\(arr\), -1\)/);
  });

  it('integer dtype', async () => {
    const e = await bad('int.npy', npyBytes([1, 2], { descr: '<i8', shape: [1, 2] }));
    expect(e.message).toMatch(/holds integers; embeddings must be float16, float32 or float64/);
  });

  it('truncated data', async () => {
    const e = await bad('trunc.npy', npyBytes([1, 2, 3, 4, 5, 6], { shape: [2, 3], truncate: 5 }));
    expect(e.message).toMatch(/truncated: its header promises 2 x 3 float32 values \(24 bytes\) but only 19 bytes follow/);
  });

  it('truncated header', async () => {
    const e = await bad('trunchead.npy', npyBytes([1], { shape: [1, 1] }).subarray(0, 30));
    expect(e.message).toMatch(/truncated \(its header is incomplete\)/);
  });

  it('structured dtype', async () => {
    const e = await bad('rec.npy', npyBytes([1], { shape: [1], descrLiteral: "[('a', '<f4')]" }));
    expect(e.message).toMatch(/structured \(record\) dtype/);
  });

  it('NaN names row and column', async () => {
    const e = await bad('nan.npy', npyBytes([1, 2, 3, 4, NaN, 6], { shape: [2, 3] }));
    expect(e.message).toMatch(/value at row 2, column 2 \(index \[1, 1\]\) is NaN/);
    expect(e.details).toMatchObject({ row: 2, column: '2' });
  });

  it('infinity in float64, and float64 too large for float32', async () => {
    const e1 = await bad('inf.npy', npyBytes([1, -Infinity], { descr: '<f8', shape: [1, 2] }));
    expect(e1.message).toMatch(/row 1, column 2 .* is infinite/);
    const e2 = await bad('huge.npy', npyBytes([1e300, 1], { descr: '<f8', shape: [2, 1] }));
    expect(e2.message).toMatch(/row 1, column 1 .* too large for float32/);
  });

  it('not a .npy at all', async () => {
    const e = await bad('junk.npy', Buffer.from('hello, not numpy'));
    expect(e.message).toMatch(/not a NumPy \.npy array/);
  });

  it('an id key for a .npy', async () => {
    const e = await bad('idkey.npy', npyBytes([1, 2], { shape: [1, 2] }), { idKey: 'ids' });
    expect(e.message).toMatch(/holds a single array, so it has no "ids" ids/);
  });

  it('unsupported extension', async () => {
    const e = await bad('emb.pkl', Buffer.from('whatever'));
    expect(e.message).toMatch(/"\.pkl" files cannot be read\. Save them as \.npy, \.npz, \.safetensors or CSV/);
  });

  it('npz: named id array missing lists the arrays', async () => {
    const npz = npzBytes({ emb: npyBytes([1, 2], { shape: [1, 2] }), other: npyBytes([1], { shape: [1] }) });
    const e = await bad('noid.npz', npz, { idKey: 'ids' });
    expect(e.message).toMatch(/has no array "ids" for the sample ids\. Its arrays: "emb", "other"/);
  });

  it('npz: no 2-D float array', async () => {
    const npz = npzBytes({ a: npyBytes([1, 2], { shape: [2] }), b: npyBytes([1, 2], { descr: '<i8', shape: [1, 2] }) });
    const e = await bad('nofloat.npz', npz);
    expect(e.message).toMatch(/no 2-D float array .* Its arrays: a \(2,\) <f4; b \(1, 2\) <i8/);
  });

  it('npz: "embeddings" that is 1-D is reported as such', async () => {
    const e = await bad('emb1d.npz', npzBytes({ embeddings: npyBytes([1, 2], { shape: [2] }) }));
    expect(e.message).toMatch(/\(array "embeddings"\): array has shape \(2,\)/);
  });

  it('npz: ids and rows disagree', async () => {
    const npz = npzBytes({ embeddings: npyBytes([1, 2, 3, 4], { shape: [2, 2] }), ids: npyBytes(['a', 'b', 'c'], { descr: '<U1', shape: [3] }) }, 6);
    const e = await bad('count.npz', npz);
    expect(e.message).toMatch(/the ids list 3 samples but the embeddings have 2 rows/);
  });

  it('npz: a damaged zip', async () => {
    const npz = npzBytes({ embeddings: npyBytes([1, 2, 3, 4], { shape: [2, 2] }) });
    const e = await bad('broken.npz', npz.subarray(0, npz.length - 30));
    expect(e.message).toMatch(/not a valid \.npz \(zip\) archive/);
  });

  it('npz: NaN is located inside the named array', async () => {
    const e = await bad('nan.npz', npzBytes({ features: npyBytes([1, 2, 3, NaN], { shape: [2, 2] }) }));
    expect(e.message).toMatch(/\(array "features"\): value at row 2, column 2/);
  });
});

describe('.safetensors', () => {
  it('F32 "embeddings" with I64 "ids"', async () => {
    const path = file(
      'a.safetensors',
      safetensorsBytes({
        ids: { dtype: 'I64', shape: [2], values: [7, 9] },
        embeddings: { dtype: 'F32', shape: [2, 3], values: EXPECTED },
      }),
    );
    const e = await readEmbeddingFile(path);
    expect([e.rows, e.cols, e.dtype, e.ids]).toEqual([2, 3, 'float32', ['7', '9']]);
    expect(Array.from(e.data)).toEqual(EXPECTED);
    expect(e.sha256).toBe(await sha256File(path));
  });

  it.each(['F16', 'BF16', 'F64'] as const)('the only 2-D %s tensor', async (dtype) => {
    const path = file(`${dtype}.safetensors`, safetensorsBytes({ bias: { dtype: 'F32', shape: [3], values: [0, 0, 0] }, w: { dtype, shape: [2, 3], values: EXPECTED } }));
    const e = await readEmbeddingFile(path);
    expect(e.dtype).toBe({ F16: 'float16', BF16: 'bfloat16', F64: 'float64' }[dtype]);
    expect(Array.from(e.data)).toEqual(EXPECTED);
  });

  it('ids named by idKey', async () => {
    const path = file('k.safetensors', safetensorsBytes({ features: { dtype: 'F32', shape: [1, 2], values: [1, 2] }, sid: { dtype: 'I32', shape: [1], values: [42] } }));
    expect((await readEmbeddingFile(path, { idKey: 'sid' })).ids).toEqual(['42']);
    const e = await rejectionOf(readEmbeddingFile(path, { idKey: 'nope' }));
    expect(e.message).toMatch(/has no tensor "nope" for the sample ids\. Its tensors: "features F32 \[1, 2\]", "sid I32 \[1\]"/);
  });

  it('several 2-D tensors and none named embeddings', async () => {
    const path = file('two.safetensors', safetensorsBytes({ a: { dtype: 'F32', shape: [1, 1], values: [1] }, b: { dtype: 'F32', shape: [1, 1], values: [1] } }));
    const e = await rejectionOf(readEmbeddingFile(path));
    expect(e.message).toMatch(/several 2-D float tensors and none is called "embeddings"/);
  });

  it('unsupported dtype for embeddings', async () => {
    const path = file('int.safetensors', safetensorsBytes({ embeddings: { dtype: 'I32', shape: [1, 2], values: [1, 2] } }));
    expect((await rejectionOf(readEmbeddingFile(path))).message).toMatch(/tensor "embeddings" has dtype I32; embeddings must be F16, BF16, F32 or F64/);
  });

  it('truncated data and garbage header', async () => {
    const t = file('trunc.safetensors', safetensorsBytes({ embeddings: { dtype: 'F32', shape: [2, 2], values: [1, 2, 3, 4] } }, { truncate: 4 }));
    expect((await rejectionOf(readEmbeddingFile(t))).message).toMatch(/is truncated: tensor "embeddings" ends at byte \d+ but the file has \d+ bytes/);
    const g = file('garbage.safetensors', Buffer.from('\x10\x00\x00\x00\x00\x00\x00\x00not json at all!'));
    expect((await rejectionOf(readEmbeddingFile(g))).message).toMatch(/not a readable \.safetensors file: its header is not JSON/);
    const h = file('huge.safetensors', Buffer.from('\xff\xff\x00\x00\x00\x00\x00\x00{}', 'latin1'));
    expect((await rejectionOf(readEmbeddingFile(h))).message).toMatch(/header claims 65535 bytes/);
  });

  it('NaN in bfloat16', async () => {
    const path = file('nan.safetensors', safetensorsBytes({ embeddings: { dtype: 'BF16', shape: [2, 2], values: [1, 2, NaN, 4] } }));
    expect((await rejectionOf(readEmbeddingFile(path))).message).toMatch(/\(tensor "embeddings"\): value at row 2, column 1 .* is NaN/);
  });
});

describe('CSV embeddings', () => {
  const csv = (name: string, text: string): string => writeText(join(tmp.dir, name), text);

  it('header with an id column found by name', async () => {
    const e = await readEmbeddingFile(csv('ids.csv', 'f0,img_id,f1\n0.5,a,1\n-2,b,3e-1\n'));
    expect([e.rows, e.cols, e.dtype, e.ids]).toEqual([2, 2, 'text', ['a', 'b']]);
    expect(Array.from(e.data)).toEqual([0.5, 1, -2, 0.3].map(Math.fround));
  });

  it('headerless numbers (np.savetxt) and TSV', async () => {
    const e = await readEmbeddingFile(csv('plain.csv', '1,2,3\n4,5,6\n'));
    expect([e.rows, e.cols, e.ids]).toEqual([2, 3, null]);
    expect(Array.from(e.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const t = await readEmbeddingFile(csv('plain.tsv', 'a\tb\n1\t2\n'));
    expect([t.rows, t.cols]).toEqual([1, 2]);
  });

  it("pandas' unnamed index column becomes the ids, and idKey picks a column", async () => {
    expect((await readEmbeddingFile(csv('pandas.csv', ',x,y\n0,1,2\n1,3,4\n'))).ids).toEqual(['0', '1']);
    const e = await readEmbeddingFile(csv('key.csv', 'name,x\nq,1\nr,2\n'), { idKey: 'name' });
    expect(e.ids).toEqual(['q', 'r']);
    expect(e.cols).toBe(1);
  });

  it('an unnamed pandas index beside a named id column is dropped, not read as a feature', async () => {
    const e = await readEmbeddingFile(csv('both.csv', ',id,x,y\n0,a,1,2\n1,b,3,4\n'));
    expect([e.cols, e.ids, Array.from(e.data)]).toEqual([2, ['a', 'b'], [1, 2, 3, 4]]);
  });

  it('many rows across storage chunks', async () => {
    const lines = ['id,a,b'];
    for (let i = 0; i < 10_000; i++) lines.push(`${i},${i},${-i}`);
    const e = await readEmbeddingFile(csv('big.csv', lines.join('\n')));
    expect(e.rows).toBe(10_000);
    expect([e.data[2 * 9999], e.data[2 * 9999 + 1], e.ids![9999]]).toEqual([9999, -9999, '9999']);
  });

  it.each([
    ['nan.csv', 'a,b\n1,2\n3,nan\n', /row 3, column "b" is NaN/, { row: 3, column: 'b' }],
    ['inf.csv', 'a,b\n1,-inf\n', /row 2, column "b" is infinite/, { row: 2, column: 'b' }],
    ['text.csv', 'a,b\n1,2\nx,2\n', /row 3, column "a" is "x", not a number\. If that column holds sample ids, give its name/, { row: 3, column: 'a' }],
    ['empty.csv', 'a,b\n1,\n', /row 2, column "b" is empty/, { row: 2, column: 'b' }],
    ['ragged.csv', 'a,b\n1,2\n1,2,3\n', /row 3 has 3 values but the header has 2/, { row: 3 }],
    ['noidcol.csv', 'a,b\n1,2\n', /has no column "sid" for the sample ids\. Its columns: "a", "b"/, { row: 1, column: 'sid' }],
    ['headeronly.csv', 'a,b\n', /has a header but no data rows/, {}],
  ])('%s', async (name, text, message, details) => {
    const path = csv(name, text);
    const e = await rejectionOf(readEmbeddingFile(path, name === 'noidcol.csv' ? { idKey: 'sid' } : {}));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(message);
    expect(e.details).toEqual({ file: path, ...details });
  });
});
