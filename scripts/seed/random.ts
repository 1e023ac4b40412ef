/** Random helpers on top of a Faker instance, so everything follows its seed. */
import type { Faker } from '@faker-js/faker';

/**
 * mulberry32: a small seeded generator, uniform in [0, 1), for where Faker is not wanted (the
 * benchmark's measuring processes, the crash test's child).
 */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [0, 1) from the faker's seeded generator. */
export const uniform = (faker: Faker): number => faker.number.float();

/** A standard normal deviate (Box–Muller). */
export function normal(faker: Faker): number {
  const u = 1 - uniform(faker); // (0, 1]: log is finite
  const v = uniform(faker);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A log-normal deviate with median 1: most values near 1, a long tail of large ones. */
export const logNormal = (faker: Faker, sigma: number): number => Math.exp(sigma * normal(faker));

/** An integer in [min, max]. */
export const intBetween = (faker: Faker, min: number, max: number): number =>
  min + Math.floor(uniform(faker) * (max - min + 1));

/** Picks items in proportion to their weights with one draw and a binary search. */
export class WeightedSampler<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('WeightedSampler needs one weight per item');
    let sum = 0;
    for (const w of weights) {
      sum += Math.max(0, w);
      this.cumulative.push(sum);
    }
    if (!(sum > 0)) throw new Error('WeightedSampler needs a positive weight');
    this.total = sum;
  }

  static of<K extends string>(weights: Record<K, number>): WeightedSampler<K> {
    const keys = Object.keys(weights) as K[];
    return new WeightedSampler(keys, keys.map((k) => weights[k]));
  }

  pick(faker: Faker): T {
    const x = uniform(faker) * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/**
 * Exactly `n` labels in the given proportions (largest remainder), shuffled: a fixed spread, so
 * 3 clients still get an active one and 5,000 get the intended mix, whatever the seed.
 */
export function apportion<K extends string>(faker: Faker, n: number, shares: Record<K, number>): K[] {
  const keys = Object.keys(shares) as K[];
  const total = keys.reduce((s, k) => s + shares[k], 0);
  const exact = keys.map((k) => (n * shares[k]) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byRemainder = keys.map((_, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (let i = 0; left > 0; i++, left--) counts[byRemainder[i % keys.length]] += 1;
  const out: K[] = [];
  keys.forEach((k, i) => {
    for (let j = 0; j < counts[i]; j++) out.push(k);
  });
  return faker.helpers.shuffle(out);
}
