import { afterAll, describe, expect, it } from 'vitest';
import {
  configureKernels,
  forEachDistanceBlock,
  kernelEngine,
  kNearestDistances,
  kNearestNeighbours,
  matmul,
  pairwiseSquaredDistances,
  type KernelEngineName,
} from '../../../src-main/engine/tensor/kernels.ts';
import {
  maxEntryRelativeError,
  maxRelativeError,
  naiveMatmul,
  naiveSquaredDistances,
  randomMatrix,
} from './reference.ts';

afterAll(() => configureKernels({ engine: 'auto' }));

const ENGINES: KernelEngineName[] = ['onnxruntime', 'tfjs', 'js'];

describe.each(ENGINES)('%s engine', (engine) => {
  // Each block forces its engine; describe.each blocks run in order, so this holds for its tests.
  const use = () => configureKernels({ engine });

  it.each([
    [1, 1, 1],
    [7, 13, 5],
    [33, 65, 17],
    [128, 3, 257],
    [61, 300, 96],
  ])('matmul %i x %i @ %i-column matches a float64 reference', async (m, k, n) => {
    use();
    const a = randomMatrix(m, k, m * 1000 + k);
    const b = randomMatrix(k, n, k * 1000 + n);
    const c = await matmul(a, m, k, b, n);
    expect(kernelEngine()).toBe(engine);
    expect(c).toBeInstanceOf(Float32Array);
    expect(c.length).toBe(m * n);
    expect(maxRelativeError(c, naiveMatmul(a, m, k, b, n))).toBeLessThan(1e-4);
  });

  it.each([
    [1, 1, 1, 0],
    [9, 17, 3, 0],
    [40, 33, 65, 0],
    [23, 50, 768, 0],
    // Far from the origin: without centring, float32 cancellation would cost ~1e-3 here.
    [31, 29, 65, 100],
  ])('squared distances %i x %i in %i dims (offset %i) match a float64 reference', async (m, n, dim, offset) => {
    use();
    const a = randomMatrix(m, dim, 7 + m, offset);
    const b = randomMatrix(n, dim, 11 + n, offset);
    const want = naiveSquaredDistances(a, m, b, n, dim);
    const squared = await pairwiseSquaredDistances(a, m, b, n, dim);
    expect(maxEntryRelativeError(squared, want)).toBeLessThan(1e-4);
    const plain = await pairwiseSquaredDistances(a, m, b, n, dim, { sqrt: true });
    expect(maxEntryRelativeError(plain, want.map(Math.sqrt))).toBeLessThan(1e-4);
  });

  it('streams blocks that tile the full matrix, the last one shorter', async () => {
    use();
    const [m, n, dim] = [20, 13, 9];
    const a = randomMatrix(m, dim, 1);
    const b = randomMatrix(n, dim, 2);
    const full = await pairwiseSquaredDistances(a, m, b, n, dim, { sqrt: true });
    const seen: [number, number][] = [];
    const stitched = new Float32Array(m * n);
    await forEachDistanceBlock(a, m, b, n, dim, 7, (block, start, count) => {
      expect(block.length).toBe(count * n);
      seen.push([start, count]);
      stitched.set(block, start * n);
    }, { sqrt: true });
    expect(seen).toEqual([[0, 7], [7, 7], [14, 6]]);
    expect(maxEntryRelativeError(stitched, full)).toBeLessThan(1e-6);
  });

  it('kNN distances and indices match a sorted float64 reference', async () => {
    use();
    const [m, n, dim, k] = [25, 40, 17, 5];
    const a = randomMatrix(m, dim, 21);
    const b = randomMatrix(n, dim, 22);
    const want = naiveSquaredDistances(a, m, b, n, dim);
    const { distances, indices } = await kNearestNeighbours(a, m, b, n, dim, k, { blockRows: 4 });
    for (let i = 0; i < m; i++) {
      const row = Array.from({ length: n }, (_, j) => ({ d: want[i * n + j]!, j })).sort((x, y) => x.d - y.d || x.j - y.j);
      for (let c = 0; c < k; c++) {
        expect(indices[i * k + c]).toBe(row[c]!.j);
        expect(distances[i * k + c]).toBeCloseTo(Math.sqrt(row[c]!.d), 5);
      }
    }
  });

  it('kNN keeps exact zeros for duplicates under excludeSelf, and exact ties', async () => {
    use();
    // Rows 0 and 3 are the same point; rows 4..7 sit at distance exactly 1 from row 1.
    const dim = 3;
    const pts = new Float32Array([
      0.3, -1.7, 2.9, //
      10, 10, 10,
      5, 5, 5,
      0.3, -1.7, 2.9,
      11, 10, 10,
      9, 10, 10,
      10, 11, 10,
      10, 9, 10,
    ]);
    const rows = 8;
    const { distances, indices } = await kNearestNeighbours(pts, rows, pts, rows, dim, 4, { excludeSelf: true, blockRows: 3 });
    expect(distances[0 * 4]).toBe(0);
    expect(indices[0 * 4]).toBe(3);
    expect(distances[3 * 4]).toBe(0);
    expect(indices[3 * 4]).toBe(0);
    expect(Array.from(distances.subarray(4, 8))).toEqual([1, 1, 1, 1]);
    expect(Array.from(indices.subarray(4, 8))).toEqual([4, 5, 6, 7]);
    // No row ever lists itself.
    for (let i = 0; i < rows; i++) expect(Array.from(indices.subarray(i * 4, i * 4 + 4))).not.toContain(i);

    // Without excludeSelf every row's nearest is itself (or its twin, lower index first) at 0.
    const self = await kNearestDistances(pts, rows, pts, rows, dim, 1);
    expect(Array.from(self)).toEqual(new Array(rows).fill(0));
    // (5,5,5) is exactly 66 (squared) from both (9,10,10) and (10,9,10): an exact tie, index order.
    const squared = await kNearestNeighbours(pts, rows, pts, rows, dim, 2, { excludeSelf: true, squared: true });
    expect(Array.from(squared.distances.subarray(4, 6))).toEqual([66, 66]);
    expect(Array.from(squared.indices.subarray(4, 6))).toEqual([5, 7]);
  });
});

describe('kernel argument checks', () => {
  it('rejects inconsistent shapes with the sizes involved', async () => {
    await expect(matmul(new Float32Array(5), 2, 3, new Float32Array(6), 2)).rejects.toThrow('matmul a has 5 values, expected 2 x 3 = 6');
    await expect(pairwiseSquaredDistances(new Float32Array(6), 2, new Float32Array(7), 2, 3)).rejects.toThrow(
      'distances b has 7 values, expected 2 x 3 = 6',
    );
  });

  it('rejects k outside 1..available and excludeSelf across different sets', async () => {
    const a = randomMatrix(4, 2, 1);
    await expect(kNearestDistances(a, 4, a, 4, 2, 4, { excludeSelf: true })).rejects.toThrow('k must be an integer from 1 to 3');
    await expect(kNearestDistances(a, 4, a, 4, 2, 0)).rejects.toThrow('k must be an integer from 1 to 4');
    await expect(kNearestDistances(a, 4, a.subarray(0, 6), 3, 2, 1, { excludeSelf: true })).rejects.toThrow(
      'excludeSelf compares a set with itself',
    );
  });

  it('handles empty inputs without calling an engine', async () => {
    expect((await matmul(new Float32Array(0), 0, 3, new Float32Array(6), 2)).length).toBe(0);
    expect(Array.from(await matmul(new Float32Array(0), 2, 0, new Float32Array(0), 2))).toEqual([0, 0, 0, 0]);
    expect((await pairwiseSquaredDistances(new Float32Array(0), 0, new Float32Array(6), 2, 3)).length).toBe(0);
  });

  it('stops between blocks when the signal aborts', async () => {
    const a = randomMatrix(10, 4, 3);
    const controller = new AbortController();
    let blocks = 0;
    const run = forEachDistanceBlock(a, 10, a, 10, 4, 2, () => {
      blocks++;
      controller.abort(new Error('cancelled by user'));
    }, { signal: controller.signal });
    await expect(run).rejects.toThrow('cancelled by user');
    expect(blocks).toBe(1);
  });
});
