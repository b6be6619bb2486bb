/**
 * The one seeded random generator of a cluster. Its whole state is four 32-bit words, so it
 * goes into snapshots and a restored cluster draws the same numbers as the original would have.
 * Algorithm: sfc32 (small fast counter), seeded through splitmix32.
 */
export interface RandomState {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** kubernetes' generateName alphabet (apimachinery util/rand): no vowels, no 0, 1, 3. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const NAME_CODES = [...NAME_ALPHABET].map((c) => c.charCodeAt(0));
const HEX_CODES = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));

/** scratch buffer for `uuid()` (one per module: generating is synchronous) */
const UUID_CODES = new Array<number>(36).fill(0);

export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number | RandomState = 1) {
    if (typeof seed === 'number') this.seed(seed);
    else this.restore(seed);
  }

  seed(seed: number): void {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** n characters of the generateName alphabet, as the API server appends them. */
  nameSuffix(n = 5): string {
    const codes = new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = NAME_CODES[this.int(NAME_CODES.length)];
    return String.fromCharCode(...codes);
  }

  /** `n` random lowercase hex digits as one flat string (container IDs, machine IDs). */
  hex(n: number): string {
    const codes = new Array<number>(n);
    let word = 0;
    for (let i = 0; i < n; i++) {
      if (i % 8 === 0) word = this.uint32();
      codes[i] = HEX_CODES[word >>> 28];
      word = (word << 4) >>> 0;
    }
    return String.fromCharCode(...codes);
  }

  /**
   * An RFC 4122 version-4 UUID. Built from char codes so it is one flat string: a uid is kept
   * by every object and event, and concatenated slices would cost several times the memory.
   */
  uuid(): string {
    const codes = UUID_CODES;
    let pos = 0;
    for (let w = 0; w < 4; w++) {
      let word = this.uint32();
      for (let k = 0; k < 8; k++) {
        if (pos === 8 || pos === 13 || pos === 18 || pos === 23) codes[pos++] = 45; // '-'
        let nibble = word >>> 28;
        word = (word << 4) >>> 0;
        if (pos === 14) nibble = 4; // version 4
        else if (pos === 19) nibble = (nibble & 0x3) | 0x8; // RFC 4122 variant
        codes[pos++] = HEX_CODES[nibble];
      }
    }
    return String.fromCharCode(...codes);
  }

  state(): RandomState {
    return { a: this.a, b: this.b, c: this.c, d: this.d };
  }

  restore(s: RandomState): void {
    this.a = s.a | 0;
    this.b = s.b | 0;
    this.c = s.c | 0;
    this.d = s.d | 0;
  }
}
