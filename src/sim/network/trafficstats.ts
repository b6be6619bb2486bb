/**
 * Rolling request statistics over the last 10 s, in ten one-second buckets, each a count, an
 * error count and a log-scale latency histogram — O(1) per request, a few hundred numbers per
 * tracked thing, plain JSON for snapshots. Percentiles are read from the merged histogram (the
 * bin's geometric middle: within ±12 % of the true value).
 */
export const WINDOW_S = 10;
const BINS = 84; // 0.05 ms … ~90 s
const BASE_MS = 0.05;
const STEP = Math.log(2) / 4; // four bins per doubling

export interface Bucket {
  /** whole second of virtual time */
  s: number;
  n: number;
  err: number;
  hist: number[];
}

export interface StatsState {
  buckets: Bucket[];
}

export interface Summary {
  rps: number;
  errorRate: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  errors: number;
}

function binOf(ms: number): number {
  if (ms <= BASE_MS) return 0;
  const b = Math.floor(Math.log(ms / BASE_MS) / STEP) + 1;
  return b >= BINS ? BINS - 1 : b;
}

function valueOf(bin: number): number {
  if (bin === 0) return BASE_MS;
  return BASE_MS * Math.exp((bin - 0.5) * STEP);
}

export class RollingStats {
  buckets: Bucket[] = [];

  static from(s: StatsState): RollingStats {
    const r = new RollingStats();
    r.buckets = s.buckets;
    return r;
  }

  private bucket(second: number): Bucket {
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.s === second) return last;
    const b: Bucket = { s: second, n: 0, err: 0, hist: new Array<number>(BINS).fill(0) };
    this.buckets.push(b);
    while (this.buckets.length && this.buckets[0].s <= second - WINDOW_S) this.buckets.shift();
    return b;
  }

  add(nowMs: number, latencyMs: number, error: boolean, count = 1): void {
    const b = this.bucket(Math.floor(nowMs / 1000));
    b.n += count;
    if (error) b.err += count;
    b.hist[binOf(latencyMs)] += count;
  }

  /** Requests per second and errors over the window that ends now. */
  summary(nowMs: number): Summary {
    const now = Math.floor(nowMs / 1000);
    let n = 0;
    let err = 0;
    const hist = new Array<number>(BINS).fill(0);
    for (const b of this.buckets) {
      if (b.s <= now - WINDOW_S) continue;
      n += b.n;
      err += b.err;
      for (let i = 0; i < BINS; i++) hist[i] += b.hist[i];
    }
    const pct = (q: number) => {
      if (!n) return 0;
      const want = q * n;
      let acc = 0;
      for (let i = 0; i < BINS; i++) {
        acc += hist[i];
        if (acc >= want) return Math.round(valueOf(i) * 100) / 100;
      }
      return valueOf(BINS - 1);
    };
    // the window spans what has elapsed, up to 10 s
    const span = Math.min(WINDOW_S, Math.max(1, nowMs / 1000));
    return { rps: n / span, errorRate: n ? err / n : 0, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), requests: n, errors: err };
  }

  state(): StatsState {
    return { buckets: this.buckets };
  }
}
