// Colour choices for every chart. Okabe-Ito is colour-blind safe for categories; viridis is
// perceptually uniform for magnitudes. Meaning is never carried by red/green alone.
import { color as d3color, interpolateViridis } from 'd3';

// Okabe-Ito, reordered so yellow (faint on white) and black (invisible on dark) come last.
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#000000'] as const;

/** Category colour by index, cycling. */
export function categorical(i: number): string {
  return OKABE_ITO[((i % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length];
}

/** CSS variables set by the app theme (and by report stylesheets); charts use them via style:. */
export const BASELINE_COLOR = 'var(--chart-baseline)';
export const ACCENT_COLOR = 'var(--chart-accent)';

export function sequential(t: number): string {
  return interpolateViridis(Math.max(0, Math.min(1, t)));
}

/** Dark or light text for a given background so printed numbers stay readable on every cell. */
export function textOn(background: string): string {
  const c = d3color(background)?.rgb();
  if (!c) return '#000';
  const lum = (0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b) / 255;
  return lum < 0.55 ? '#ffffff' : '#111111';
}
