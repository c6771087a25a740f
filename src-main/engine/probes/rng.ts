// Deterministic PRNG (xoshiro128**, seeded through splitmix32) so a run's seed fixes every
// shuffle, subsample and bootstrap draw on every platform.
import { InputError } from '../../../src-shared/errors.ts';

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number;
  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T extends unknown[] | Int32Array>(arr: T): T;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new InputError(`The random seed must be a finite number, got ${seed}.`);
  // Fold the high part of large seeds in too, so seeds differing only above 2^32 differ.
  const lo = Math.trunc(seed) >>> 0;
  const hi = Math.trunc(seed / 4294967296) >>> 0;
  const st = { s: lo ^ Math.imul(hi, 0x27d4eb2d) };
  let a = splitmix32(st);
  let b = splitmix32(st);
  let c = splitmix32(st);
  let d = splitmix32(st);
  if ((a | b | c | d) === 0) a = 1;

  const nextU32 = (): number => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r;
  };

  const next = (): number => {
    const hi27 = nextU32() >>> 5;
    const lo26 = nextU32() >>> 6;
    return (hi27 * 67108864 + lo26) / 9007199254740992;
  };

  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0) throw new InputError(`rng.int needs a positive integer bound, got ${n}.`);
    if (n <= 4294967296) {
      // Rejection sampling on 32-bit draws: accept only below the largest multiple of n.
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const u = nextU32();
        if (u < limit) return u % n;
      }
    }
    return Math.floor(next() * n);
  };

  const shuffle = <T extends unknown[] | Int32Array>(arr: T): T => {
    const a = arr as unknown as { [k: number]: unknown; length: number };
    for (let i = a.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return arr;
  };

  return { next, int, shuffle };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
