// Keeps, per query row, the `capacity` smallest values seen so far across streamed distance
// blocks, as a small sorted list (k is small for PRDC-style metrics, so insertion beats a heap).
export class NearestCandidates {
  readonly values: Float32Array;
  readonly indices: Int32Array;
  readonly counts: Int32Array;

  constructor(
    readonly rows: number,
    readonly capacity: number,
  ) {
    this.values = new Float32Array(rows * capacity);
    this.indices = new Int32Array(rows * capacity);
    this.counts = new Int32Array(rows);
  }

  /**
   * Offers one row of a distance block. `skip` (or -1) is a column to ignore: the query's own
   * index when a set is compared with itself. Ties keep the earlier column.
   */
  offerRow(row: number, distances: Float32Array, offset: number, length: number, skip: number): void {
    const cap = this.capacity;
    const base = row * cap;
    const values = this.values;
    const indices = this.indices;
    let count = this.counts[row]!;
    let worst = count < cap ? Infinity : values[base + cap - 1]!;
    for (let j = 0; j < length; j++) {
      const v = distances[offset + j]!;
      if (!(v < worst) || j === skip) continue;
      // Insert v in sorted position, dropping the last entry when full.
      let pos = count < cap ? count : cap - 1;
      while (pos > 0 && values[base + pos - 1]! > v) {
        values[base + pos] = values[base + pos - 1]!;
        indices[base + pos] = indices[base + pos - 1]!;
        pos--;
      }
      values[base + pos] = v;
      indices[base + pos] = j;
      if (count < cap) count++;
      if (count === cap) worst = values[base + cap - 1]!;
    }
    this.counts[row] = count;
  }
}
