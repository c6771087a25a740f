// Renders one demo sample: background scene, then a bird composited with 2x2 supersampling
// (smooth edges in the image, a binary object mask), then region and per-image lighting.
// Each stage draws from its own seeded stream, so a tweak to one stage does not reshuffle the
// others, and every sample depends only on its own seed (safe to render in any order).
import { renderBackground } from './background.ts';
import { birdPrimitives } from './birds.ts';
import { ValueNoise } from './noise.ts';
import { hashSeed, Rng } from './prng.ts';
import { REGIONS, type RegionName, type RegionStyle, type Rgb } from './regions.ts';
import { contains, unionBounds, type Part, type Primitive } from './shapes.ts';

export interface SampleSpec {
  y: 0 | 1;
  place: 0 | 1;
  region: RegionName;
}

export interface RenderedSample {
  /** size*size*3 RGB, row-major. */
  rgb: Uint8Array;
  /** size*size, 255 on the bird and 0 elsewhere. */
  mask: Uint8Array;
}

const BEAKS: readonly Rgb[] = [[232, 164, 40], [40, 36, 32], [222, 204, 128], [204, 72, 40]];
const SUB = [0.25, 0.75]; // 2x2 subsample offsets inside a pixel

export function renderSample(spec: SampleSpec, size: number, seed: number): RenderedSample {
  const style = REGIONS[spec.region];
  const img = new Float32Array(size * size * 3);
  const mask = new Uint8Array(size * size);
  renderBackground(img, size, spec.place, style, new Rng(hashSeed(seed, 1)));
  drawBird(img, mask, size, spec.y, style, new Rng(hashSeed(seed, 2)));
  return { rgb: applyLighting(img, size, style, new Rng(hashSeed(seed, 3))), mask };
}

function jitter(c: Rgb, rng: Rng, amount: number): Rgb {
  const clamp = (v: number) => Math.max(0, Math.min(255, v));
  const k = rng.normal(0, amount);
  return [clamp(c[0] + k + rng.normal(0, amount / 2)), clamp(c[1] + k + rng.normal(0, amount / 2)), clamp(c[2] + k + rng.normal(0, amount / 2))];
}

function scale(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k];
}

function drawBird(img: Float32Array, mask: Uint8Array, size: number, y: 0 | 1, style: RegionStyle, rng: Rng): void {
  const prims = birdPrimitives(y, rng);
  const n = style.plumage.length;
  const main = rng.int(0, n - 1);
  const body = jitter(style.plumage[main], rng, 14);
  // The marking colour is another palette entry, so caps, spots and bars are always visible.
  const contrast = jitter(style.plumage[(main + rng.int(1, n - 1)) % n], rng, 14);
  const beak = jitter(rng.pick(BEAKS), rng, 10);
  const colors: Record<Part, Rgb> = {
    body,
    wing: scale(body, rng.uniform(0.62, 0.85)),
    tail: scale(body, rng.uniform(0.6, 0.8)),
    head: style.pattern === 'capped' ? contrast : body,
    beak,
    leg: rng.chance(0.5) ? beak : [58, 50, 46],
    eye: [14, 14, 16],
  };
  const marks = new ValueNoise(rng);

  // Pose: pixels per local unit, rotation, facing, and where the bird sits in the frame.
  const s = size * rng.uniform(0.5, 0.6);
  const angle = rng.uniform(-0.35, 0.35);
  const flip = rng.chance(0.5) ? -1 : 1;
  const cx = size * rng.uniform(0.42, 0.58);
  const cy = size * rng.uniform(0.44, 0.58);
  const cosA = Math.cos(angle);
  const sinA = Math.sin(angle);
  // Pixel box of the bird: the four corners of its local bounds, posed into the image.
  const local = unionBounds(prims);
  let minPx = Infinity;
  let maxPx = -Infinity;
  let minPy = Infinity;
  let maxPy = -Infinity;
  for (const lx of [local.minX, local.maxX]) {
    for (const ly of [local.minY, local.maxY]) {
      const dx = lx * flip * s;
      const dy = ly * s;
      const px = cx + dx * cosA - dy * sinA;
      const py = cy + dx * sinA + dy * cosA;
      minPx = Math.min(minPx, px);
      maxPx = Math.max(maxPx, px);
      minPy = Math.min(minPy, py);
      maxPy = Math.max(maxPy, py);
    }
  }
  const x0 = Math.max(0, Math.floor(minPx));
  const x1 = Math.min(size - 1, Math.ceil(maxPx));
  const y0 = Math.max(0, Math.floor(minPy));
  const y1 = Math.min(size - 1, Math.ceil(maxPy));

  const col: [number, number, number] = [0, 0, 0];
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      let covered = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (const sy of SUB) {
        for (const sx of SUB) {
          // Pixel -> bird frame: undo translation, rotation and scale, then mirror if facing left.
          const dx = px + sx - cx;
          const dy = py + sy - cy;
          const lx = ((dx * cosA + dy * sinA) / s) * flip;
          const ly = (-dx * sinA + dy * cosA) / s;
          const hit = topmost(prims, lx, ly);
          if (!hit) continue;
          covered++;
          partColor(col, hit.part, lx, ly, colors, contrast, style, marks);
          r += col[0];
          g += col[1];
          b += col[2];
        }
      }
      if (covered === 0) continue;
      const o = (py * size + px) * 3;
      const k = covered / 4;
      img[o] = img[o] * (1 - k) + r / 4;
      img[o + 1] = img[o + 1] * (1 - k) + g / 4;
      img[o + 2] = img[o + 2] * (1 - k) + b / 4;
      if (covered >= 2) mask[py * size + px] = 255;
    }
  }
}

function topmost(prims: Primitive[], x: number, y: number): Primitive | null {
  for (let i = prims.length - 1; i >= 0; i--) if (contains(prims[i], x, y)) return prims[i];
  return null;
}

function partColor(
  out: [number, number, number],
  part: Part,
  lx: number,
  ly: number,
  colors: Record<Part, Rgb>,
  contrast: Rgb,
  style: RegionStyle,
  marks: ValueNoise,
): void {
  let c = colors[part];
  const feathered = part === 'body' || part === 'wing' || part === 'tail';
  if (feathered && style.pattern === 'spotted' && marks.at(lx * 9 + 20, ly * 9 + 20) > 0.7) c = contrast;
  if ((part === 'wing' || part === 'tail') && style.pattern === 'barred' && Math.sin(lx * 28) > 0.35) c = scale(contrast, 0.7);
  // Light from above: the top of the bird is brighter than its belly.
  const shade = part === 'eye' ? 1 : 1.12 - 0.14 * (ly + 1);
  out[0] = c[0] * shade;
  out[1] = c[1] * shade;
  out[2] = c[2] * shade;
}

function applyLighting(img: Float32Array, size: number, style: RegionStyle, rng: Rng): Uint8Array {
  const { tint, contrast, haze, hazeColor } = style.light;
  const brightness = rng.uniform(0.84, 1.14);
  const gradient = rng.uniform(-0.22, 0.22);
  const vertical = rng.chance(0.5);
  const grain = rng.uniform(4, 10);
  const out = new Uint8Array(size * size * 3);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const t = ((vertical ? py : px) + 0.5) / size - 0.5;
      const light = brightness * (1 + gradient * t);
      const o = (py * size + px) * 3;
      for (let c = 0; c < 3; c++) {
        let v = img[o + c] * tint[c] * light;
        v = 128 + (v - 128) * contrast;
        v += (hazeColor[c] - v) * haze;
        v += (rng.next() - 0.5) * grain; // sensor grain; one draw per value keeps this cheap
        out[o + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  return out;
}
