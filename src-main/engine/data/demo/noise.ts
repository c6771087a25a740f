// Cheap procedural noise for textures: a hashed integer lattice with smooth interpolation.
// Hashing (instead of a stored grid) means no visible tiling at any frequency. Coordinates are
// in "cells", so a texture's scale does not depend on the image size in pixels.
import type { Rng } from './prng.ts';

export class ValueNoise {
  private readonly seed: number;

  constructor(rng: Rng) {
    this.seed = Math.floor(rng.next() * 4294967296) | 0;
  }

  private lattice(ix: number, iy: number): number {
    let h = Math.imul(ix, 0x27d4eb2d) ^ Math.imul(iy, 0x165667b1) ^ this.seed;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  }

  /** Smooth noise in [0, 1). */
  at(x: number, y: number): number {
    const xf = Math.floor(x);
    const yf = Math.floor(y);
    const tx = x - xf;
    const ty = y - yf;
    const sx = tx * tx * (3 - 2 * tx);
    const sy = ty * ty * (3 - 2 * ty);
    const v00 = this.lattice(xf, yf);
    const v10 = this.lattice(xf + 1, yf);
    const v01 = this.lattice(xf, yf + 1);
    const v11 = this.lattice(xf + 1, yf + 1);
    const a = v00 + (v10 - v00) * sx;
    const b = v01 + (v11 - v01) * sx;
    return a + (b - a) * sy;
  }

  /** Three octaves at doubling frequency (fractal Brownian motion), in [0, 1). */
  fbm(x: number, y: number): number {
    return (this.at(x, y) * 4 + this.at(x * 2 + 5.3, y * 2 + 1.7) * 2 + this.at(x * 4 + 9.1, y * 4 + 3.9)) / 7;
  }
}
