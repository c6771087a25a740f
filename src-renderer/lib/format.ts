// Number and time formatting in one place so every view, chart and table agrees to the digit.
// Percentages carry one decimal; intervals read "81.2% (78.4–83.9)" (en dash, unit once).

const MINUS = '\u2212';

/** 0.8123 -> "81.2%". Non-finite values become an em dash rather than "NaN%". */
export function percent(fraction: number | null | undefined, digits = 1): string {
  if (fraction == null || !Number.isFinite(fraction)) return '—';
  return `${fixed(fraction * 100, digits)}%`;
}

/** Percentage points without the sign of a percentage: 0.05 -> "5.0". */
export function percentNumber(fraction: number | null | undefined, digits = 1): string {
  if (fraction == null || !Number.isFinite(fraction)) return '—';
  return fixed(fraction * 100, digits);
}

/** (0.812, 0.784, 0.839) -> "81.2% (78.4–83.9)". */
export function interval(value: number, lo: number | null | undefined, hi: number | null | undefined, digits = 1): string {
  const v = percent(value, digits);
  if (lo == null || hi == null || !Number.isFinite(lo) || !Number.isFinite(hi)) return v;
  return `${v} (${percentNumber(lo, digits)}–${percentNumber(hi, digits)})`;
}

/** Just the bracketed range: "78.4–83.9". */
export function range(lo: number, hi: number, digits = 1): string {
  return `${percentNumber(lo, digits)}–${percentNumber(hi, digits)}`;
}

/** Signed difference in percentage points: 0.781 -> "+78.1 pts". */
export function points(delta: number, digits = 1): string {
  if (!Number.isFinite(delta)) return '—';
  const v = fixed(Math.abs(delta) * 100, digits);
  const sign = delta > 0 ? '+' : delta < 0 ? MINUS : '±';
  return `${sign}${v} pts`;
}

/** Mean ± std as percentages: "80.1% ± 1.2". */
export function meanStd(mean: number, std: number, digits = 1): string {
  return `${percent(mean, digits)} ± ${percentNumber(std, digits)}`;
}

/** Thousands separators, no decimals: 11788 -> "11,788". */
export function count(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** A plain number with a fixed number of decimals, with a real minus sign. */
export function decimal(x: number | null | undefined, digits = 3): string {
  if (x == null || !Number.isFinite(x)) return '—';
  return fixed(x, digits);
}

/** Regularisation strengths span decades: 0.001 -> "0.001", 30 -> "30". */
export function compact(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return x.toExponential(1).replace('-', MINUS);
  return String(Number(x.toPrecision(3))).replace('-', MINUS);
}

/** 75 -> "1 min 15 s"; 3725 -> "1 h 2 min". */
export function duration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return '<1 s';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** ISO timestamp -> "2026-12-04 15:28" in local time; stable and sortable, unlike locale formats. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "y=1|place=0" -> "y=1 · place=0". */
export function groupName(key: string): string {
  return key.split('|').join(' · ');
}

function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  // -0.0 reads as a real negative; show it as zero.
  if (/^-0\.?0*$/.test(s)) return s.slice(1);
  return s.replace('-', MINUS);
}
