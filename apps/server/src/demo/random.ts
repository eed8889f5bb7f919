// Deterministic randomness for the demo city: every value derives from a stream name and an
// index, so the same row comes out on every run and a resumed run continues where it stopped.

/** 32-bit FNV-1a hash of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes two 32-bit values into one (a murmur3 finalizer). */
function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; `weights` has one entry per item. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  chance(probability: number): boolean;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    pick: (items) => items[int(items.length)]!,
    weighted(items, weights) {
      let total = 0;
      for (const w of weights) total += w;
      let x = next() * total;
      for (let i = 0; i < items.length; i++) {
        x -= weights[i]!;
        if (x < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    },
    chance: (p) => next() < p,
  };
}

/** The random stream of one row: the same (stream, index) always gives the same sequence. */
export const randomFor = (stream: string, index = 0): Random =>
  createRandom(mix(hashString(stream), index));

/**
 * A bijection of [0, domain): a 4-round Feistel network on the smallest even power of two
 * that holds the domain, walking the cycle until the value falls inside. Distinct indexes give
 * distinct values, which makes generated ID numbers and phones unique without bookkeeping.
 */
export function permute(index: number, domain: number, key: string): number {
  if (!Number.isInteger(index) || index < 0 || index >= domain) {
    throw new RangeError(`index ${index} is outside [0, ${domain})`);
  }
  let bits = 2;
  while (2 ** bits < domain) bits += 2;
  if (bits > 30) throw new RangeError(`domain ${domain} is too large`);
  const half = bits / 2;
  const mask = (1 << half) - 1;
  const k = hashString(key);
  let x = index;
  do {
    let left = x >>> half;
    let right = x & mask;
    for (let round = 0; round < 4; round++) {
      const f = mix(right, k + round) & mask;
      [left, right] = [right, left ^ f];
    }
    x = ((left << half) | right) >>> 0;
  } while (x >= domain);
  return x;
}
