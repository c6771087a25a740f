// The two object classes as jittered silhouettes. Class 0 ("landbird") is a compact, upright
// perching bird: round body, big round head, short beak, fanned tail, short legs. Class 1
// ("waterbird") is long and low: boat-shaped body, long S-curved neck, small head, long beak,
// and either no legs (swimming) or long wading legs. Colours come from the region palette,
// shared by both classes, so shape is the only reliable cue for the label.
import type { Rng } from './prng.ts';
import { capsule, ellipse, triangle, type Primitive } from './shapes.ts';

/** Primitives in paint order: later ones cover earlier ones for colour; the mask is the union. */
export function birdPrimitives(y: 0 | 1, rng: Rng): Primitive[] {
  return y === 0 ? landbird(rng) : waterbird(rng);
}

function landbird(rng: Rng): Primitive[] {
  const bx = rng.uniform(-0.08, 0.05);
  const by = rng.uniform(0.0, 0.12);
  const rx = rng.uniform(0.42, 0.56);
  const ry = rng.uniform(0.32, 0.43);
  const tilt = rng.uniform(-0.65, -0.15);
  const headR = rng.uniform(0.2, 0.28);
  const hx = bx + rx * rng.uniform(0.65, 0.85);
  const hy = by - ry * rng.uniform(0.95, 1.25);
  const beakLen = rng.uniform(0.1, 0.24);
  const beakDrop = rng.uniform(-0.03, 0.08);
  const tailLen = rng.uniform(0.28, 0.5);
  const tailDrop = rng.uniform(0.15, 0.5);
  const tailX = bx - rx * 0.75;
  const tailY = by + ry * 0.2;
  const legTop = by + ry * 0.8;
  const legLen = rng.uniform(0.16, 0.32);
  const prims: Primitive[] = [
    triangle('tail', tailX, tailY - 0.09, tailX, tailY + 0.09, tailX - tailLen, tailY + tailDrop),
    capsule('leg', bx - 0.06, legTop, bx - 0.08, legTop + legLen, 0.035),
    capsule('leg', bx + 0.1, legTop, bx + 0.1, legTop + legLen, 0.035),
    ellipse('body', bx, by, rx, ry, tilt),
    ellipse('wing', bx - rx * 0.15, by + ry * 0.05, rx * 0.72, ry * 0.55, tilt + rng.uniform(0.1, 0.35)),
    ellipse('head', hx, hy, headR, headR * rng.uniform(0.92, 1.05)),
    triangle('beak', hx + headR * 0.8, hy - headR * 0.32, hx + headR * 0.8, hy + headR * 0.32, hx + headR + beakLen, hy + beakDrop),
    ellipse('eye', hx + headR * 0.35, hy - headR * 0.2, 0.045, 0.045),
  ];
  return prims;
}

function waterbird(rng: Rng): Primitive[] {
  const bx = rng.uniform(-0.22, -0.08);
  const by = rng.uniform(0.2, 0.35);
  const rx = rng.uniform(0.58, 0.8);
  const ry = rng.uniform(0.19, 0.28);
  const tilt = rng.uniform(-0.15, 0.08);
  const neckR = rng.uniform(0.065, 0.1);
  const neckLen = rng.uniform(0.38, 0.62);
  // Neck: three segments bending forward, back, then up into the head (an S-curve).
  const n0x = bx + rx * 0.7;
  const n0y = by - ry * 0.3;
  const n1x = n0x + rng.uniform(0.08, 0.22);
  const n1y = n0y - neckLen * 0.45;
  const n2x = n1x - rng.uniform(0.0, 0.15);
  const n2y = n1y - neckLen * 0.35;
  const headR = rng.uniform(0.12, 0.17);
  const hx = n2x + rng.uniform(0.02, 0.08);
  const hy = n2y - neckLen * 0.2;
  const beakLen = rng.uniform(0.25, 0.45);
  const beakDrop = rng.uniform(-0.04, 0.12);
  const tailX = bx - rx * 0.9;
  const tailY = by - ry * 0.1;
  const prims: Primitive[] = [];
  if (rng.chance(0.5)) {
    // A wader: long, thin legs.
    const legLen = rng.uniform(0.3, 0.5);
    const legTop = by + ry * 0.7;
    prims.push(capsule('leg', bx - 0.05, legTop, bx - 0.1, legTop + legLen, 0.03));
    prims.push(capsule('leg', bx + 0.08, legTop, bx + 0.12, legTop + legLen, 0.03));
  }
  prims.push(
    triangle('tail', tailX + 0.1, tailY - 0.05, tailX + 0.1, tailY + 0.12, tailX - rng.uniform(0.15, 0.28), tailY - rng.uniform(0.05, 0.2)),
    ellipse('body', bx, by, rx, ry, tilt),
    ellipse('wing', bx - rx * 0.12, by - ry * 0.1, rx * 0.7, ry * 0.6, tilt - rng.uniform(0, 0.12)),
    capsule('body', n0x, n0y, n1x, n1y, neckR),
    capsule('body', n1x, n1y, n2x, n2y, neckR * 0.9),
    capsule('body', n2x, n2y, hx, hy, neckR * 0.85),
    ellipse('head', hx, hy, headR, headR * rng.uniform(0.85, 1.0)),
    triangle('beak', hx + headR * 0.7, hy - headR * 0.3, hx + headR * 0.7, hy + headR * 0.35, hx + headR + beakLen, hy + beakDrop),
    ellipse('eye', hx + headR * 0.3, hy - headR * 0.25, 0.035, 0.035),
  );
  return prims;
}
