/**
 * The scheduling queue (`pkg/scheduler/backend/queue/scheduling_queue.go`): three places a
 * pending pod can wait.
 * - activeQ: ready to be tried, highest priority first, then in order of arrival (PrioritySort).
 * - backoffQ: failed recently; leaves when its back-off is over (checked every second, as
 *   `flushBackoffQCompleted` does). Back-off = 1 s × 2^(attempts−1), at most 10 s.
 * - unschedulable: failed, waiting for a cluster event that might help (`moveIf`); every 30 s
 *   pods that waited longer than 5 min are retried anyway (`flushUnschedulablePodsLeftover`).
 *
 * Timers are armed only while something waits, so an idle scheduler adds no timer traffic.
 * All state is plain data and goes into the snapshot.
 */
import type { Clock } from '../clock';
import { BinaryHeap } from '../util/heap';

export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 10_000;
export const MAX_UNSCHEDULABLE_MS = 5 * 60_000;
const BACKOFF_FLUSH_MS = 1000;
const UNSCHEDULABLE_FLUSH_MS = 30_000;

export type Where = 'active' | 'backoff' | 'unschedulable' | 'inflight';

export interface QueuedPod {
  uid: string;
  priority: number;
  /** arrival order in activeQ (ties of priority) */
  seq: number;
  attempts: number;
  /** virtual ms of the last failed attempt */
  failedAt: number;
  /** plugins that rejected it last time: which cluster events may help */
  rejectors: string[];
  where: Where;
}

export interface QueueState {
  seq: number;
  pods: QueuedPod[];
  backoffArmed: boolean;
  unschedulableArmed: boolean;
}

export function backoffDuration(attempts: number): number {
  let d = INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    d *= 2;
    if (d > MAX_BACKOFF_MS) return MAX_BACKOFF_MS;
  }
  return d;
}

export class SchedulingQueue {
  private pods = new Map<string, QueuedPod>();
  /** activeQ: priority desc, then arrival */
  private heap = new BinaryHeap<QueuedPod>((a, b) => a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq));
  private backoff = new Set<QueuedPod>();
  private unschedulable = new Set<QueuedPod>();
  private seq = 0;
  private backoffArmed = false;
  private unschedulableArmed = false;

  constructor(
    private readonly clock: Clock,
    private readonly owner: string,
  ) {
    clock.register(owner, (kind) => {
      if (kind === 'flushBackoff') {
        this.backoffArmed = false;
        this.flushBackoff();
      } else if (kind === 'flushUnschedulable') {
        this.unschedulableArmed = false;
        this.flushUnschedulable();
      }
    });
  }

  get(uid: string): QueuedPod | undefined {
    return this.pods.get(uid);
  }

  get activeCount(): number {
    return this.heap.size;
  }

  /** A new pending pod (or one seen again after a restart): straight to activeQ. */
  add(uid: string, priority: number): void {
    if (this.pods.has(uid)) return;
    const qp: QueuedPod = { uid, priority, seq: 0, attempts: 0, failedAt: 0, rejectors: [], where: 'active' };
    this.pods.set(uid, qp);
    this.toActive(qp);
  }

  delete(uid: string): void {
    const qp = this.pods.get(uid);
    if (!qp) return;
    this.pods.delete(uid);
    this.backoff.delete(qp);
    this.unschedulable.delete(qp);
    if (qp.where === 'active') this.heap.remove(qp);
  }

  clear(): void {
    this.pods.clear();
    this.heap.clear();
    this.backoff.clear();
    this.unschedulable.clear();
  }

  /** The next pod to try, now marked in flight; undefined when activeQ is empty. */
  pop(): QueuedPod | undefined {
    const qp = this.heap.pop();
    if (!qp) return undefined;
    qp.where = 'inflight';
    qp.attempts++;
    return qp;
  }

  /** Scheduled: the queue forgets the pod. */
  done(uid: string): void {
    this.delete(uid);
  }

  /**
   * The attempt failed. Unschedulable pods wait for an event (or 5 min); errors (the API server
   * did not answer) go through back-off only.
   */
  failed(uid: string, rejectors: string[], error = false): void {
    const qp = this.pods.get(uid);
    if (!qp) return;
    qp.failedAt = this.clock.now;
    qp.rejectors = rejectors;
    if (error) this.toBackoffOrActive(qp);
    else {
      qp.where = 'unschedulable';
      this.unschedulable.add(qp);
      this.armUnschedulable();
    }
  }

  /** A cluster event: unschedulable pods for which `helps` says yes are retried (after back-off). */
  moveIf(helps: (qp: QueuedPod) => boolean): void {
    for (const qp of this.unschedulable) {
      if (!helps(qp)) continue;
      this.unschedulable.delete(qp);
      this.toBackoffOrActive(qp);
    }
  }

  /** The pod itself changed in a way that may matter: retry it (after back-off). */
  moveOne(uid: string): void {
    const qp = this.pods.get(uid);
    if (!qp || qp.where !== 'unschedulable') return;
    this.unschedulable.delete(qp);
    this.toBackoffOrActive(qp);
  }

  private toBackoffOrActive(qp: QueuedPod): void {
    if (this.clock.now < qp.failedAt + backoffDuration(qp.attempts)) {
      qp.where = 'backoff';
      this.backoff.add(qp);
      this.armBackoff();
    } else this.toActive(qp);
  }

  private toActive(qp: QueuedPod): void {
    qp.where = 'active';
    qp.seq = ++this.seq;
    this.heap.push(qp);
  }

  private flushBackoff(): void {
    const now = this.clock.now;
    for (const qp of this.backoff) {
      if (now >= qp.failedAt + backoffDuration(qp.attempts)) {
        this.backoff.delete(qp);
        this.toActive(qp);
      }
    }
    this.armBackoff();
  }

  private flushUnschedulable(): void {
    const now = this.clock.now;
    for (const qp of this.unschedulable) {
      if (now - qp.failedAt > MAX_UNSCHEDULABLE_MS) {
        this.unschedulable.delete(qp);
        this.toBackoffOrActive(qp);
      }
    }
    this.armUnschedulable();
  }

  // the flush loops tick on a fixed grid of virtual time while something waits
  private armBackoff(): void {
    if (this.backoffArmed || this.backoff.size === 0) return;
    this.backoffArmed = true;
    this.clock.at((Math.floor(this.clock.now / BACKOFF_FLUSH_MS) + 1) * BACKOFF_FLUSH_MS, this.owner, 'flushBackoff');
  }

  private armUnschedulable(): void {
    if (this.unschedulableArmed || this.unschedulable.size === 0) return;
    this.unschedulableArmed = true;
    this.clock.at((Math.floor(this.clock.now / UNSCHEDULABLE_FLUSH_MS) + 1) * UNSCHEDULABLE_FLUSH_MS, this.owner, 'flushUnschedulable');
  }

  // ---- snapshot -------------------------------------------------------------------------

  state(): QueueState {
    return { seq: this.seq, pods: [...this.pods.values()].map((p) => ({ ...p, rejectors: [...p.rejectors] })), backoffArmed: this.backoffArmed, unschedulableArmed: this.unschedulableArmed };
  }

  restore(s: QueueState): void {
    this.clear();
    this.seq = s.seq;
    this.backoffArmed = s.backoffArmed;
    this.unschedulableArmed = s.unschedulableArmed;
    for (const p of s.pods) {
      const qp = { ...p, rejectors: [...p.rejectors] };
      this.pods.set(qp.uid, qp);
      if (qp.where === 'active' || qp.where === 'inflight') {
        qp.where = 'active';
        this.heap.push(qp);
      } else if (qp.where === 'backoff') this.backoff.add(qp);
      else this.unschedulable.add(qp);
    }
  }
}
