/**
 * The cluster's one virtual clock and its timer queue.
 *
 * Timers are data, not closures: `{at, seq, owner, kind, data}`. A component registers a handler
 * for its owner name; the queue itself serialises into a snapshot, so a restored cluster fires
 * the same timers at the same moments. Ties at the same instant fire in the order they were set
 * (seq), which keeps every run byte-for-byte the same.
 */
export interface Timer {
  at: number;
  seq: number;
  owner: string;
  kind: string;
  data?: unknown;
}

export type TimerHandler = (kind: string, data: unknown) => void;

export interface ClockState {
  now: number;
  seq: number;
  timers: Timer[];
}

export class Clock {
  /** Milliseconds since the cluster's epoch (see cluster options). */
  now = 0;
  private seq = 0;
  private heap: Timer[] = [];
  private handlers = new Map<string, TimerHandler>();

  register(owner: string, handler: TimerHandler): void {
    this.handlers.set(owner, handler);
  }

  /** Fire `kind` for `owner` after `delayMs` of virtual time. */
  after(delayMs: number, owner: string, kind: string, data?: unknown): void {
    this.at(this.now + Math.max(0, delayMs), owner, kind, data);
  }

  at(at: number, owner: string, kind: string, data?: unknown): void {
    const t: Timer = { at: Math.max(at, this.now), seq: this.seq++, owner, kind, data };
    this.push(t);
  }

  /** When the next timer is due, or Infinity. */
  nextAt(): number {
    return this.heap.length ? this.heap[0].at : Infinity;
  }

  get pending(): number {
    return this.heap.length;
  }

  /**
   * Pops and fires the next timer if it is due at or before `until`; advances `now` to it.
   * Returns false when nothing was due.
   */
  fireNext(until: number): boolean {
    const top = this.heap[0];
    if (!top || top.at > until) return false;
    this.pop();
    this.now = top.at;
    const handler = this.handlers.get(top.owner);
    if (handler) handler(top.kind, top.data);
    return true;
  }

  /** Moves time forward without firing anything (the caller has fired what was due). */
  advanceTo(t: number): void {
    if (t > this.now) this.now = t;
  }

  state(): ClockState {
    return { now: this.now, seq: this.seq, timers: this.heap.map((t) => ({ ...t })) };
  }

  restore(s: ClockState): void {
    this.now = s.now;
    this.seq = s.seq;
    this.heap = [];
    for (const t of s.timers) this.push({ ...t });
  }

  private less(x: Timer, y: Timer): boolean {
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
