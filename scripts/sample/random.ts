// A small seeded pseudo-random generator (sfc32) with the helpers the sample generator needs,
// so the same seed always gives the same sample, byte for byte, on every machine.

/** Hashes a seed and a label into four 32-bit words (splitmix32 over an FNV-1a label hash). */
function seedState(seed: number, label: string): [number, number, number, number] {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Mix the integer part above 32 bits too, so large seeds do not collide.
  h ^= Math.floor(seed / 4294967296) >>> 0;
  let s = h >>> 0;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    out.push((z ^ (z >>> 16)) >>> 0);
  }
  return out as [number, number, number, number];
}

/** A weighted choice prepared once and drawn from many times. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  /** Cumulative weights, last one equal to the total. */
  readonly cumulative: Float64Array;
  readonly total: number;
}

/** Prepares a weighted choice from [value, weight] pairs; zero weights are never drawn. */
export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const values: T[] = [];
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([v, w], i) => {
    if (!(w >= 0)) throw new Error(`invalid weight: ${w}`);
    total += w;
    values.push(v);
    cumulative[i] = total;
  });
  if (total <= 0) throw new Error("weighted table has no weight");
  return { values, cumulative, total };
}

/** Seeded generator: sfc32, 128-bit state, period about 2^128. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly seed: number;
  private readonly label: string;

  constructor(seed: number, label = "") {
    this.seed = seed;
    this.label = label;
    [this.a, this.b, this.c, this.d] = seedState(seed, label);
    // Discard the first outputs, which still show the seeding pattern.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream for one part of the sample, so parts do not shift each other. */
  fork(label: string | number): Rng {
    return new Rng(this.seed, `${this.label}/${label}`);
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform number in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A uniform whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One value of a weighted table. */
  weighted<T>(table: WeightedTable<T>): T {
    return table.values[this.weightedIndex(table.cumulative, table.total)];
  }

  /** Index drawn from cumulative weights (binary search). */
  weightedIndex(cumulative: ArrayLike<number>, total = cumulative[cumulative.length - 1]): number {
    const x = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Approximately normal (Irwin-Hall sum of four uniforms, rescaled): no tails past 3.5 sd. */
  normal(mean = 0, sd = 1): number {
    const s = this.next() + this.next() + this.next() + this.next();
    // Sum of four U(0,1) has mean 2 and variance 1/3.
    return mean + sd * (s - 2) * 1.7320508075688772;
  }

  /** Log-normal with the given median and spread (sd of the log). */
  logNormal(median: number, sdLog: number): number {
    return median * Math.exp(this.normal(0, sdLog));
  }

  /** A count near mean: normal approximation to Poisson, never negative. */
  count(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 12) {
      // Knuth's method, exact for small means.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
  }

  /** Shuffles an array in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}
