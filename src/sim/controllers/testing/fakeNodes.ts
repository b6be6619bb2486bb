/**
 * Test-only stand-ins for the scheduler and kubelet, so controller tests can move pods through
 * their lives without depending on those components: bind a pod, report it Running and Ready,
 * report an image pull failure, finish graceful deletions. All writes go through the API.
 */
import type { Pod } from '../../api/types';
import type { Cluster } from '../../cluster';
import { rfc3339 } from '../../util/time';

const NODES = ['node-1', 'node-2', 'node-3'];

function fresh(cluster: Cluster, pod: Pod): Pod | undefined {
  return cluster.store.get<Pod>('pods', pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '');
}

/** Binds an unbound pod (round-robin over node-1..3 unless `node` is given). */
export function bind(cluster: Cluster, pod: Pod, node?: string): Pod {
  const cur = fresh(cluster, pod)!;
  if (cur.spec?.nodeName) return cur;
  const n = node ?? NODES[cluster.store.count('pods') % NODES.length];
  cluster.api.bind(cur.metadata?.namespace ?? 'default', cur.metadata?.name ?? '', n);
  return fresh(cluster, pod)!;
}

function withConditions(pod: Pod, ready: boolean, now: string): Pod['status'] {
  const prev = pod.status?.conditions ?? [];
  const keep = (type: string, status: string) => {
    const old = prev.find((c) => c.type === type);
    return { type, status, lastProbeTime: null, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now };
  };
  const s = ready ? 'True' : 'False';
  return {
    ...pod.status,
    conditions: [keep('PodReadyToStartContainers', 'True'), keep('Initialized', 'True'), keep('Ready', s), keep('ContainersReady', s), keep('PodScheduled', 'True')] as never,
  };
}

/** Binds (if needed) and reports the pod Running with every container ready. */
export function markReady(cluster: Cluster, pod: Pod, node?: string): Pod {
  const cur = bind(cluster, pod, node);
  const now = rfc3339(cluster.nowMs());
  const status = withConditions(cur, true, now)!;
  const containerStatuses = (cur.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: now } },
  }));
  return cluster.api.update<Pod>('pods', cur.metadata?.namespace, { ...cur, status: { ...status, phase: 'Running', podIP: '10.244.1.10', containerStatuses } }, { subresource: 'status' });
}

/** Binds and reports the image pull failing: phase Pending, waiting ErrImagePull, not Ready. */
export function markImagePullFailing(cluster: Cluster, pod: Pod, node?: string): Pod {
  const cur = bind(cluster, pod, node);
  const now = rfc3339(cluster.nowMs());
  const status = withConditions(cur, false, now)!;
  const containerStatuses = (cur.spec?.containers ?? []).map((c) => ({
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    ready: false,
    started: false,
    restartCount: 0,
    state: { waiting: { reason: 'ErrImagePull', message: `failed to pull and unpack image "${c.image}"` } },
  }));
  return cluster.api.update<Pod>('pods', cur.metadata?.namespace, { ...cur, status: { ...status, phase: 'Pending', containerStatuses } }, { subresource: 'status' });
}

/** Every pod of the namespace that is not yet ready and not being deleted becomes ready. */
export function markAllReady(cluster: Cluster, namespace = 'default'): number {
  let n = 0;
  for (const p of cluster.store.list<Pod>('pods', namespace)) {
    if (p.metadata?.deletionTimestamp || p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    markReady(cluster, p);
    n++;
  }
  return n;
}

/** What the kubelet does at the end of a graceful deletion: remove the object for good. */
export function finishTerminating(cluster: Cluster, namespace = 'default'): number {
  let n = 0;
  for (const p of cluster.store.list<Pod>('pods', namespace)) {
    if (!p.metadata?.deletionTimestamp) continue;
    cluster.api.delete('pods', namespace, p.metadata.name ?? '', { gracePeriodSeconds: 0 });
    n++;
  }
  return n;
}

export interface FakeKubeletOptions {
  /** images whose pull fails (default: any tag `doesnotexist`) */
  badImage?: (image: string) => boolean;
}

const defaultBad = (image: string) => image.endsWith(':doesnotexist');

/**
 * One pass of a pretend kubelet over a namespace: terminating pods are removed, new pods become
 * Ready — or, for a bad image, stay Pending with ErrImagePull.
 */
export function actLikeKubelet(cluster: Cluster, opts: FakeKubeletOptions = {}, namespace = 'default'): void {
  const bad = opts.badImage ?? defaultBad;
  for (const p of cluster.store.list<Pod>('pods', namespace)) {
    if (p.metadata?.deletionTimestamp) {
      cluster.api.delete('pods', namespace, p.metadata.name ?? '', { gracePeriodSeconds: 0 });
      continue;
    }
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
    const failing = (p.spec?.containers ?? []).some((c) => bad(c.image ?? ''));
    if (failing) {
      if (!p.status?.containerStatuses?.length) markImagePullFailing(cluster, p);
    } else markReady(cluster, p);
  }
}

/**
 * Runs the cluster `ms` forward in steps (1 s by default) with the pretend kubelet acting after
 * each step; `check` runs after every settled step (for invariants).
 */
export function driveFor(cluster: Cluster, ms: number, opts: FakeKubeletOptions & { stepMs?: number; check?: () => void } = {}): void {
  const end = cluster.clock.now + ms;
  const step = opts.stepMs ?? 1000;
  while (cluster.clock.now < end) {
    cluster.runFor(Math.min(step, end - cluster.clock.now));
    actLikeKubelet(cluster, opts);
    cluster.settle();
    opts.check?.();
  }
}
