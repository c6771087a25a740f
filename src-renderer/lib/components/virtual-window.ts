// Which rows of a fixed-size grid are on screen. Pure so it can be tested without layout.

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  columns: number;
  total: number;
  /** Extra rows rendered above and below so fast scrolling does not show blanks. */
  overscan: number;
}

export interface GridWindow {
  rows: number;
  firstRow: number;
  /** Exclusive. */
  lastRow: number;
  /** Item indices [start, end). */
  start: number;
  end: number;
}

export function columnsFor(width: number, itemWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (itemWidth + gap)));
}

export function gridWindow({ scrollTop, viewportHeight, rowHeight, columns, total, overscan }: WindowInput): GridWindow {
  const cols = Math.max(1, columns);
  const rows = Math.ceil(Math.max(0, total) / cols);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  // Clamp to the end: a stale scrollTop (the list just shrank under a new filter) must still
  // show the last rows, not an empty window past them.
  const first = Math.max(0, Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight) - overscan, rows - visible - overscan));
  const last = Math.min(rows, first + visible + 2 * overscan);
  return { rows, firstRow: first, lastRow: Math.max(first, last), start: Math.min(total, first * cols), end: Math.min(total, last * cols) };
}
