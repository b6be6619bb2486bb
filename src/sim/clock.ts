/**
 * The cluster's one virtual clock and its timer queue.
 *
 * Timers are data, not closures: `{at, seq, owner, kind, data}`. A component registers a handler
 * for its owner name; the queue itself serialises into a snapshot, so a restored cluster fires
 * the same timers at the same moments. Ties at the same instant fire in the order they were set
 * (seq), which keeps every run byte-for-byte the same.
 */
import { BinaryHeap } from './util/heap';

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
  private heap = new BinaryHeap<Timer>((x, y) => x.at < y.at || (x.at === y.at && x.seq < y.seq));
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
    this.heap.push(t);
  }

  /** When the next timer is due, or Infinity. */
  nextAt(): number {
    return this.heap.size ? this.heap.items[0].at : Infinity;
  }

  get pending(): number {
    return this.heap.size;
  }

  /**
   * Pops and fires the next timer if it is due at or before `until`; advances `now` to it.
   * Returns false when nothing was due.
   */
  fireNext(until: number): boolean {
    const top = this.heap.peek();
    if (!top || top.at > until) return false;
    this.heap.pop();
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
    return { now: this.now, seq: this.seq, timers: this.heap.items.map((t) => ({ ...t })) };
  }

  restore(s: ClockState): void {
    this.now = s.now;
    this.seq = s.seq;
    this.heap.clear();
    for (const t of s.timers) this.heap.push({ ...t });
  }
}
