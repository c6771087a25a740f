// Tick computation shared by the charts: d3 picks the values, Svelte draws them.
import type { ScaleContinuousNumeric } from 'd3';

export interface Tick {
  value: number;
  pos: number;
  label: string;
}

export function ticksOf(scale: ScaleContinuousNumeric<number, number>, count: number, format: (v: number) => string): Tick[] {
  return scale.ticks(count).map((value) => ({ value, pos: scale(value), label: format(value) }));
}

/** Log-scale ticks at powers of ten only; d3's default adds 2..9 which crowd a small chart. */
export function logTicks(scale: ScaleContinuousNumeric<number, number>, format: (v: number) => string): Tick[] {
  const [a, b] = scale.domain();
  const lo = Math.floor(Math.log10(Math.min(a, b)));
  const hi = Math.ceil(Math.log10(Math.max(a, b)));
  const out: Tick[] = [];
  for (let e = lo; e <= hi; e++) {
    const value = 10 ** e;
    if (value < Math.min(a, b) * 0.999 || value > Math.max(a, b) * 1.001) continue;
    out.push({ value, pos: scale(value), label: format(value) });
  }
  return out;
}

/** A rough text width for layout before the browser measures anything (also works in reports). */
export function textWidth(s: string, fontSize = 12): number {
  return s.length * fontSize * 0.58;
}
