// Seeded random numbers for augmentation and data order. Each image draws from its own stream,
// keyed by (seed, epoch, index), so the crop an image gets never depends on decode concurrency,
// prefetch depth or which other images were skipped.

/** Mixes 32-bit integers into one well-spread 32-bit seed (murmur3 finalizer per part). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold the part above 2^32 in too, so large seeds that differ only high up still differ.
    const lo = Math.trunc(p) >>> 0;
    const hi = Math.trunc(p / 4294967296) >>> 0;
    for (const w of [lo, hi]) {
      h = Math.imul(h ^ w, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Uniform integer in [lo, hi) (like torch.randint(lo, hi)). */
  intBelow(lo: number, hi: number): number;
}

/** mulberry32 with 53-bit doubles: small state, fast, identical on every platform. */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const u32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    intBelow: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
  };
}

/** The random stream of one image in one epoch. */
export function itemRandom(seed: number, epoch: number, index: number): SeededRandom {
  return seededRandom(mixSeed(seed, epoch, index, 0x1a4e));
}

/** A seeded permutation of 0..n-1 (Fisher-Yates), different for every epoch. */
export function epochOrder(n: number, seed: number, epoch: number, shuffle: boolean): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (!shuffle) return order;
  const rnd = seededRandom(mixSeed(seed, epoch, 0x5f0f));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
