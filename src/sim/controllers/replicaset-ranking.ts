/**
 * Which pods a ReplicaSet deletes first when it scales down (`controller_utils.go
 * ActivePodsWithRanks.Less`, with LogarithmicScaleDown and PodDeletionCost on, as in v1.32):
 *   1. unscheduled before scheduled
 *   2. Pending < Unknown < Running
 *   3. not Ready before Ready
 *   4. lower `controller.kubernetes.io/pod-deletion-cost` first
 *   5. more active pods of the same owner on the pod's node first ("doubled up")
 *   6. Ready more recently first — in log2 buckets of age, ties by UID
 *   7. more container restarts first
 *   8. created more recently first — in log2 buckets of age, ties by UID
 */
import { isPodActive, isPodReady, podCondition } from '../api/podutil';
import type { Pod } from '../api/types';
import { parseTime } from '../util/time';

export const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  pod: Pod;
  node: string;
  phase: number;
  ready: boolean;
  cost: number;
  rank: number;
  readyAt: number; // ms, NaN when unknown
  restarts: number;
  createdAt: number;
  uid: string;
}

function deletionCost(pod: Pod): number {
  const v = pod.metadata?.annotations?.[DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/** int64(log2(age in ns)); -1 when not in the past */
function logBucket(nowMs: number, t: number): number {
  const d = (nowMs - t) * 1e6;
  return d > 0 ? Math.trunc(Math.log2(d)) : -1;
}

/** `afterOrZero`: a missing time sorts first, else the later time first. */
function afterOrZero(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a);
  return a > b;
}

function less(x: Ranked, y: Ranked, nowMs: number): boolean {
  if (x.node !== y.node && (x.node === '' || y.node === '')) return x.node === '';
  if (x.phase !== y.phase) return x.phase < y.phase;
  if (x.ready !== y.ready) return !x.ready;
  if (x.cost !== y.cost) return x.cost < y.cost;
  if (x.rank !== y.rank) return x.rank > y.rank;
  if (x.ready && y.ready && x.readyAt !== y.readyAt && !(Number.isNaN(x.readyAt) && Number.isNaN(y.readyAt))) {
    if (Number.isNaN(x.readyAt) || Number.isNaN(y.readyAt)) return afterOrZero(x.readyAt, y.readyAt);
    const diff = logBucket(nowMs, x.readyAt) - logBucket(nowMs, y.readyAt);
    if (diff === 0) return x.uid < y.uid;
    return diff < 0;
  }
  if (x.restarts !== y.restarts) return x.restarts > y.restarts;
  if (x.createdAt !== y.createdAt && !(Number.isNaN(x.createdAt) && Number.isNaN(y.createdAt))) {
    if (Number.isNaN(x.createdAt) || Number.isNaN(y.createdAt)) return afterOrZero(x.createdAt, y.createdAt);
    const diff = logBucket(nowMs, x.createdAt) - logBucket(nowMs, y.createdAt);
    if (diff === 0) return x.uid < y.uid;
    return diff < 0;
  }
  return false;
}

/**
 * `getPodsToDelete`: the first `diff` of `pods` in deletion order. `related` are the active and
 * inactive pods of every ReplicaSet with the same owner (for the doubled-up rank).
 */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, nowMs: number): Pod[] {
  if (diff >= pods.length) return pods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const n = p.spec?.nodeName ?? '';
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  const ranked: Ranked[] = pods.map((pod) => {
    const node = pod.spec?.nodeName ?? '';
    const ready = isPodReady(pod);
    return {
      pod,
      node,
      phase: PHASE_ORDINAL[pod.status?.phase ?? ''] ?? 0,
      ready,
      cost: deletionCost(pod),
      rank: onNode.get(node) ?? 0,
      readyAt: ready ? parseTime(podCondition(pod, 'Ready')?.lastTransitionTime as string | undefined) : NaN,
      restarts: Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0)),
      createdAt: parseTime(pod.metadata?.creationTimestamp as string | undefined),
      uid: pod.metadata?.uid ?? '',
    };
  });
  ranked.sort((a, b) => (less(a, b, nowMs) ? -1 : less(b, a, nowMs) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
