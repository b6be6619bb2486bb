/**
 * A controller's work queue (client-go `workqueue`): keys are deduplicated while waiting,
 * processed in arrival order, re-added after a delay on the virtual clock, and retried with
 * per-key exponential back-off (5 ms doubling to 1000 s) when a reconcile fails.
 */
import type { Clock } from '../clock';

export interface WorkQueueState {
  queued: string[];
  failures: Record<string, number>;
}

export class WorkQueue {
  private queue: string[] = [];
  private head = 0;
  private queued = new Set<string>();
  private failures = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly timerOwner: string,
  ) {
    clock.register(timerOwner, (_kind, data) => this.add(data as string));
  }

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push(key);
  }

  /** Adds `key` once `delayMs` of virtual time has passed. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) this.add(key);
    else this.clock.after(delayMs, this.timerOwner, 'add', key);
  }

  /** Re-adds after the key's back-off, which doubles with each consecutive failure. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(5 * 2 ** n, 1_000_000));
  }

  /** The key reconciled cleanly: its back-off starts over. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  get length(): number {
    return this.queue.length - this.head;
  }

  pop(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.queued.delete(key);
    return key;
  }

  state(): WorkQueueState {
    return { queued: this.queue.slice(this.head), failures: Object.fromEntries(this.failures) };
  }

  restore(s: WorkQueueState): void {
    this.queue = [];
    this.head = 0;
    this.queued.clear();
    for (const k of s.queued) this.add(k);
    this.failures = new Map(Object.entries(s.failures));
  }
}
