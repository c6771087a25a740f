// Column definitions shared by DataTable and by views that turn chart data into tables.
import type { CsvValue } from '../csv.ts';
import { toCsv } from '../csv.ts';

export type Row = Record<string, CsvValue>;

export interface Column {
  key: string;
  label: string;
  /** Screen text; the raw value is what sorting and CSV use. */
  format?: (value: CsvValue, row: Row) => string;
  numeric?: boolean;
  /** Raw keys this column expands to in CSV (e.g. value, lo, hi for an interval column). */
  csv?: { key: string; label: string }[];
}

export function cellText(col: Column, row: Row): string {
  const v = row[col.key];
  if (col.format) return col.format(v, row);
  return v == null ? '' : String(v);
}

export function sortRows(rows: Row[], key: string | null, dir: 1 | -1): Row[] {
  if (!key) return rows;
  return rows.toSorted((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x == null && y == null) return 0;
    if (x == null) return 1; // blanks last in both directions
    if (y == null) return -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    return String(x).localeCompare(String(y), 'en', { numeric: true }) * dir;
  });
}

export function tableCsv(columns: Column[], rows: Row[]): string {
  const flat = columns.flatMap((c) => c.csv ?? [{ key: c.key, label: c.label }]);
  return toCsv(
    flat.map((c) => c.label),
    rows.map((r) => flat.map((c) => r[c.key])),
  );
}
