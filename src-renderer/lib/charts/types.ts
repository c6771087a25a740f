// Plain data shapes the chart components take. No API types here: charts render anything that
// can be mapped onto these, in the app and as static SVG in reports.

export interface IntervalValue {
  value: number;
  lo: number | null;
  hi: number | null;
}

export interface SeriesDef {
  name: string;
  /** Any CSS colour, including var(--...). */
  color: string;
}

export interface IntervalGroup {
  key: string;
  label: string;
  n: number;
  /** Below the minimum group size: drawn hatched, never dropped. */
  small?: boolean;
  /** One entry per series, aligned with the series prop; null where the series has no value. */
  values: (IntervalValue | null)[];
}

export interface BarItem {
  key: string;
  label: string;
  value: number;
  color?: string;
  /** Small muted text under the label, e.g. "n = 18". */
  sublabel?: string;
  /** Text printed after the bar instead of the formatted value. */
  text?: string;
}

export interface HeatCell {
  row: string;
  col: string;
  value: number;
  /** Value that drives the colour when it differs from the printed one (e.g. a share). */
  colorValue?: number;
  text?: string;
  title?: string;
  /** Rendered as data-* attributes on the cell, for tests and for tooling. */
  data?: Record<string, string | number>;
}

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  color?: string;
  points: LinePoint[];
}

export interface LineMarker {
  x: number;
  y: number;
  label: string;
}

export interface ScatterPoint {
  key: string;
  x: number;
  y: number;
  label?: string;
  color?: string;
}
