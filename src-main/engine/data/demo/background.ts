// Procedural "land" and "water" scenes. They are deliberately easy to tell apart (texture
// direction and, above all, colour: water is blue-dominant, land is not), because the demo's
// point is a background shortcut that a small CNN picks up before the birds' shapes.
import { ValueNoise } from './noise.ts';
import type { Rng } from './prng.ts';
import type { RegionStyle, Rgb } from './regions.ts';

/** Writes one scene into `rgb` (size*size*3 floats in 0..255). */
export function renderBackground(rgb: Float32Array, size: number, place: 0 | 1, style: RegionStyle, rng: Rng): void {
  const n1 = new ValueNoise(rng);
  const n2 = new ValueNoise(rng);
  // Water scenes show the sky a bit more often, as shore photos do; either may have none.
  const horizon = rng.chance(place === 1 ? 0.6 : 0.45) ? rng.uniform(0.1, 0.32) : 0;
  const ground = place === 0 ? landShader(style, rng, n1, n2) : waterShader(style, rng, n1, n2);
  const ox = rng.uniform(0, 16);
  const oy = rng.uniform(0, 16);
  for (let py = 0; py < size; py++) {
    const v = (py + 0.5) / size;
    for (let px = 0; px < size; px++) {
      const u = (px + 0.5) / size;
      const o = (py * size + px) * 3;
      if (v < horizon) {
        const t = v / horizon;
        const cloud = Math.max(0, n2.fbm(u * 3 + ox, v * 8 + oy) - 0.55) * 2.2;
        for (let c = 0; c < 3; c++) {
          const sky = style.sky.top[c] + (style.sky.horizon[c] - style.sky.top[c]) * t;
          rgb[o + c] = sky + (245 - sky) * cloud;
        }
      } else {
        // depth: 0 at the horizon, 1 at the bottom edge; textures get coarser toward the viewer.
        const depth = horizon > 0 ? (v - horizon) / (1 - horizon) : v;
        ground(rgb, o, u + ox, v + oy, depth);
      }
    }
  }
}

type GroundShader = (out: Float32Array, o: number, u: number, v: number, depth: number) => void;

function mix3(out: Float32Array, o: number, a: Rgb, b: Rgb, t: number): void {
  const k = t < 0 ? 0 : t > 1 ? 1 : t;
  out[o] = a[0] + (b[0] - a[0]) * k;
  out[o + 1] = a[1] + (b[1] - a[1]) * k;
  out[o + 2] = a[2] + (b[2] - a[2]) * k;
}

function blendToward(out: Float32Array, o: number, c: Rgb, t: number): void {
  const k = t < 0 ? 0 : t > 1 ? 1 : t;
  out[o] += (c[0] - out[o]) * k;
  out[o + 1] += (c[1] - out[o + 1]) * k;
  out[o + 2] += (c[2] - out[o + 2]) * k;
}

function landShader(style: RegionStyle, rng: Rng, n1: ValueNoise, n2: ValueNoise): GroundShader {
  const { base, alt, accent } = style.land;
  switch (style.land.texture) {
    case 'meadow': {
      // Patchy grass with vertical blade streaks and a sprinkle of flowers.
      const flowers = rng.uniform(0.002, 0.02);
      return (out, o, u, v) => {
        mix3(out, o, base, alt, n1.fbm(u * 3, v * 3) * 1.4 - 0.2);
        const blades = n2.at(u * 40, v * 5) - 0.5;
        for (let c = 0; c < 3; c++) out[o + c] *= 1 + blades * 0.45;
        if (n2.at(u * 57.3 + 3, v * 57.3 + 7) < flowers * 6 && n1.at(u * 61, v * 61) > 0.8) blendToward(out, o, accent, 0.9);
      };
    }
    case 'savanna': {
      // Straw-coloured dry grass in horizontal wisps, with dark shrubs scattered on it.
      const shrubDensity = rng.uniform(0.62, 0.72);
      return (out, o, u, v, depth) => {
        mix3(out, o, base, alt, n1.fbm(u * 2, v * 2.5) * 1.3 - 0.15);
        const wisps = n2.at(u * 6, v * 30) - 0.5;
        for (let c = 0; c < 3; c++) out[o + c] *= 1 + wisps * 0.35;
        const shrub = n1.at(u * 7 + 11, v * (7 + 6 * (1 - depth)) + 5);
        if (shrub > shrubDensity) blendToward(out, o, accent, (shrub - shrubDensity) * 12);
      };
    }
    case 'paddy': {
      // Terraced fields: contour lines of low-frequency noise, alternate shades between them.
      const bands = rng.uniform(4, 7);
      return (out, o, u, v) => {
        const t = n1.fbm(u * 1.5, v * 1.5) * bands + v * 2;
        const frac = t - Math.floor(t);
        mix3(out, o, base, alt, (Math.floor(t) & 1) * 0.8 + n2.at(u * 12, v * 12) * 0.3);
        if (frac < 0.14) blendToward(out, o, accent, 0.85);
      };
    }
    case 'canyon': {
      // Sandstone strata: wavy horizontal bands with rocky speckle.
      const freq = rng.uniform(14, 24);
      return (out, o, u, v) => {
        const s = Math.sin((v + n1.fbm(u * 2, v * 2) * 0.35) * freq);
        mix3(out, o, base, alt, s * 0.5 + 0.5);
        const rock = n2.at(u * 20, v * 20);
        if (rock > 0.72) blendToward(out, o, accent, (rock - 0.72) * 4);
      };
    }
  }
}

function waterShader(style: RegionStyle, rng: Rng, n1: ValueNoise, n2: ValueNoise): GroundShader {
  const { shallow, deep, highlight } = style.water;
  switch (style.water.texture) {
    case 'lake': {
      // Calm water: soft horizontal ripples, darker with depth.
      const freq = rng.uniform(50, 80);
      return (out, o, u, v, depth) => {
        mix3(out, o, shallow, deep, depth * 0.8 + n1.fbm(u * 2, v * 2) * 0.4 - 0.1);
        const w = Math.sin(v * freq * (0.6 + depth) + n2.fbm(u * 4, v * 4) * 6);
        if (w > 0.8) blendToward(out, o, highlight, (w - 0.8) * 2.5);
      };
    }
    case 'river': {
      // Flowing water: diagonal streaks.
      const angle = rng.uniform(-0.5, 0.5);
      const ca = Math.cos(angle);
      const sa = Math.sin(angle);
      return (out, o, u, v) => {
        const along = u * ca + v * sa;
        const across = -u * sa + v * ca;
        mix3(out, o, shallow, deep, n1.fbm(along * 2, across * 3));
        const streak = n2.at(along * 4, across * 40);
        if (streak > 0.7) blendToward(out, o, highlight, (streak - 0.7) * 2.2);
      };
    }
    case 'lagoon': {
      // Clear shallow water: a net of caustic highlights.
      const f = rng.uniform(14, 22);
      return (out, o, u, v) => {
        mix3(out, o, shallow, deep, n1.fbm(u * 2.5, v * 2.5) * 1.2 - 0.1);
        const warp = n2.fbm(u * 3, v * 3) * 4;
        const c = Math.abs(Math.sin(u * f + warp) + Math.sin(v * f * 1.1 - warp));
        if (c < 0.3) blendToward(out, o, highlight, (0.3 - c) * 2);
      };
    }
    case 'ocean': {
      // Open sea: rolling wave crests with white caps, bigger toward the viewer.
      const freq = rng.uniform(25, 40);
      return (out, o, u, v, depth) => {
        const w = Math.sin(v * freq / (0.4 + depth) + u * 3 + n1.fbm(u * 3, v * 3) * 5);
        mix3(out, o, deep, shallow, w * 0.5 + 0.5);
        const cap = n2.at(u * 14, v * 28);
        if (w > 0.85 && cap > 0.5) blendToward(out, o, highlight, (cap - 0.5) * 2.5);
      };
    }
  }
}
