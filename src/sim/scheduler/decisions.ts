/**
 * Why each pod went where it went, kube-scheduler-simulator style: per node, which plugin
 * rejected it and why, and each plugin's score. The UI shows this for "why is this pod here /
 * Pending?".
 *
 * Bounded: records of pending pods are kept (they are the interesting ones), plus the most
 * recent 500 scheduled pods. With more than 100 nodes a record keeps reason counts and the top
 * 10 scores instead of every node. Plain JSON, part of the scheduler's snapshot.
 */
import type { FilterRecord, ScoreRecord } from './framework';

export const KEEP_SCHEDULED = 500;

export interface SchedulingDecision {
  /** `namespace/name` */
  pod: string;
  podUid: string;
  /** absolute ms of the attempt */
  at: number;
  attempt: number;
  nodesTotal: number;
  evaluated: number;
  feasible: number;
  result: 'Scheduled' | 'Unschedulable';
  node?: string;
  message?: string;
  /** one entry per rejected node (only when the cluster has ≤ 100 nodes) */
  filtered: FilterRecord[];
  /** failure reason → number of nodes, always */
  reasonCounts: Record<string, number>;
  /** chosen node first, then by total; every feasible node when ≤ 100 nodes, else the top 10 */
  scores: ScoreRecord[];
  /** true when per-node detail was left out (more than 100 nodes) */
  summarized: boolean;
}

export class DecisionLog {
  private pending = new Map<string, SchedulingDecision>();
  private scheduled = new Map<string, SchedulingDecision>();

  get(uid: string): SchedulingDecision | undefined {
    return this.pending.get(uid) ?? this.scheduled.get(uid);
  }

  record(d: SchedulingDecision): void {
    if (d.result === 'Unschedulable') {
      this.pending.set(d.podUid, d);
      return;
    }
    this.pending.delete(d.podUid);
    this.scheduled.delete(d.podUid);
    this.scheduled.set(d.podUid, d);
    if (this.scheduled.size > KEEP_SCHEDULED) this.scheduled.delete(this.scheduled.keys().next().value as string);
  }

  /** The pod is gone: a pending record has nothing left to explain. */
  forgetPending(uid: string): void {
    this.pending.delete(uid);
  }

  state(): SchedulingDecision[] {
    return [...this.pending.values(), ...this.scheduled.values()];
  }

  restore(list: SchedulingDecision[]): void {
    this.pending.clear();
    this.scheduled.clear();
    for (const d of list) this.record(d);
  }
}
