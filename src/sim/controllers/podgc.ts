/**
 * The pod garbage collector (`pkg/controller/podgc/gc_controller.go`). Every 20 s
 * (gcCheckPeriod) it force-deletes (grace 0), after marking them Failed when they had not
 * finished:
 * - terminated pods (Succeeded/Failed) beyond `--terminated-pod-gc-threshold` 12500, evicted
 *   ones first, then oldest first;
 * - terminating pods on a NotReady node tainted `node.kubernetes.io/out-of-service`;
 * - pods bound to a node that no longer exists — once the node has been missing for the 40 s
 *   quarantine and a live GET confirms it — with DisruptionTarget `DeletionByPodGC`;
 * - terminating pods that were never scheduled.
 * This is how a pod left Terminating on a dead node disappears when its Node object is deleted.
 *
 * Like the real controller it looks at every pod once per period (not per event).
 */
import type { Node, Pod, PodCondition, PodStatus } from '../api/types';
import type { ApiClient } from '../apiserver/client';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import { ApiError, ConnectionRefusedError } from '../api/errors';
import { parseTime, rfc3339 } from '../util/time';
import { TAINT_OUT_OF_SERVICE } from './taints';

export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;
export const TERMINATED_POD_THRESHOLD = 12_500;

const TIMER_OWNER = 'podgc:tick';

interface State {
  armed: boolean;
  due: boolean;
  /** node name → when it is ready to be checked (the delaying queue), virtual ms */
  quarantine: [string, number][];
}

export class PodGCController implements Component {
  readonly name = 'podgc';
  readonly process = 'kube-controller-manager';
  private readonly client: ApiClient;
  private armed = false;
  private due = true;
  private quarantine = new Map<string, number>();

  constructor(private readonly ctx: ClusterContext) {
    this.client = ctx.client('kube-controller-manager/pod-garbage-collector');
    ctx.clock.register(TIMER_OWNER, () => {
      this.armed = false;
      this.due = true;
    });
  }

  process_(): boolean {
    if (!this.armed) {
      this.armed = true;
      this.ctx.clock.after(GC_CHECK_PERIOD_MS, TIMER_OWNER, 'gc');
    }
    if (!this.due) return false;
    this.due = false;
    try {
      this.gc();
    } catch (e) {
      if (!(e instanceof ConnectionRefusedError)) this.ctx.reportFault(this.name, e);
    }
    return true;
  }

  /** A restarted controller starts its quarantine over. */
  resync(): void {
    this.quarantine.clear();
    this.due = true;
  }

  private gc(): void {
    const terminated: Pod[] = [];
    const terminating: Pod[] = [];
    const orphaned: Pod[] = [];
    const unscheduled: Pod[] = [];
    const nodes = new Map<string, Node | null>(); // one lookup per node name, not per pod
    const nodeOf = (name: string) => {
      let n = nodes.get(name);
      if (n === undefined) nodes.set(name, (n = this.ctx.store.get<Node>('nodes', '', name) ?? null));
      return n;
    };
    for (const pod of this.ctx.store.iterate<Pod>('pods')) {
      const phase = pod.status?.phase;
      if (phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown') terminated.push(pod);
      const nodeName = pod.spec?.nodeName;
      if (pod.metadata?.deletionTimestamp) {
        if (!nodeName) unscheduled.push(pod);
        else {
          const node = nodeOf(nodeName);
          if (node && !isNodeReady(node) && node.spec?.taints?.some((t) => t.key === TAINT_OUT_OF_SERVICE)) terminating.push(pod);
        }
      }
      if (nodeName && !nodeOf(nodeName)) orphaned.push(pod);
    }

    const excess = terminated.length - TERMINATED_POD_THRESHOLD;
    if (excess > 0) for (const pod of terminated.sort(byEvictionAndCreation).slice(0, excess)) this.forceDelete(pod);
    for (const pod of terminating.sort(byEvictionAndCreation)) this.forceDelete(pod);
    this.gcOrphaned(orphaned);
    for (const pod of unscheduled) this.forceDelete(pod);
  }

  private gcOrphaned(orphaned: Pod[]): void {
    const now = this.ctx.clock.now;
    for (const pod of orphaned) {
      const name = pod.spec!.nodeName!;
      // a delaying queue keeps the earliest ready time of an item already waiting
      if (!this.quarantine.has(name)) this.quarantine.set(name, now + QUARANTINE_MS);
    }
    const deleted = new Set<string>();
    for (const [name, readyAt] of [...this.quarantine]) {
      if (readyAt > now) continue;
      this.quarantine.delete(name);
      if (this.ctx.store.get('nodes', '', name)) continue;
      try {
        this.client.get('nodes', undefined, name); // confirm with the API server, not the cache
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) deleted.add(name);
        else throw e;
      }
    }
    if (!deleted.size) return;
    const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
    for (const pod of orphaned) if (deleted.has(pod.spec!.nodeName!)) this.forceDelete(pod, condition);
  }

  /** `markFailedAndDeletePodWithCondition`: Failed first (nobody else will), then grace 0. */
  private forceDelete(pod: Pod, condition?: { type: string; status: string; reason: string; message: string }): void {
    const ns = pod.metadata?.namespace;
    const name = pod.metadata!.name!;
    try {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') {
        let status: PodStatus = { ...pod.status, phase: 'Failed' };
        if (condition) status = { ...status, conditions: withCondition(status.conditions ?? [], condition, rfc3339(this.ctx.nowMs())) };
        this.client.updateStatus('pods', ns, { ...pod, status });
      }
      this.client.delete('pods', ns, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } });
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return;
      if (e instanceof ConnectionRefusedError) throw e;
      this.ctx.reportFault(this.name, e);
    }
  }

  snapshot(): unknown {
    const s: State = { armed: this.armed, due: this.due, quarantine: [...this.quarantine] };
    return s;
  }

  restore(raw: unknown): void {
    const s = raw as State;
    this.armed = s.armed;
    this.due = s.due;
    this.quarantine = new Map(s.quarantine);
  }
}

function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** `UpdatePodCondition`: replace the condition; lastTransitionTime moves only with status. */
function withCondition(conditions: readonly PodCondition[], c: { type: string; status: string; reason: string; message: string }, now: string): PodCondition[] {
  const old = conditions.find((x) => x.type === c.type);
  const next: PodCondition = { type: c.type, status: c.status, lastProbeTime: null as unknown as string, lastTransitionTime: old?.status === c.status ? old.lastTransitionTime : now, reason: c.reason, message: c.message };
  return old ? conditions.map((x) => (x === old ? next : x)) : [...conditions, next];
}

/** Evicted pods first, then oldest, then by name (`byEvictionAndCreationTimestamp`). */
function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = a.status?.phase === 'Failed' && a.status.reason === 'Evicted';
  const eb = b.status?.phase === 'Failed' && b.status.reason === 'Evicted';
  if (ea !== eb) return ea ? -1 : 1;
  const ta = parseTime(a.metadata?.creationTimestamp);
  const tb = parseTime(b.metadata?.creationTimestamp);
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}
