/**
 * Test helpers for Deployment scenarios: read what `kubectl get deploy/rs/pods` and
 * `kubectl rollout status` would show, change an image as `kubectl set image` does, and
 * collect the ScalingReplicaSet events in order.
 */
import type { Deployment, DeploymentCondition, Event, Pod, ReplicaSet } from '../../api/types';
import type { Cluster } from '../../cluster';

export const REVISION = 'deployment.kubernetes.io/revision';

export const getDeploy = (c: Cluster, name = 'web') => c.store.get<Deployment>('deployments', 'default', name)!;
export const replicaSets = (c: Cluster) => c.store.list<ReplicaSet>('replicasets', 'default');
export const rsByRevision = (c: Cluster, rev: number) => replicaSets(c).find((r) => r.metadata?.annotations?.[REVISION] === String(rev));
export const condition = (d: Deployment, type: string) => d.status?.conditions?.find((x) => x.type === type) as DeploymentCondition | undefined;
export const pods = (c: Cluster) => c.store.list<Pod>('pods', 'default');
export const activePods = (c: Cluster) => pods(c).filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
export const isReady = (p: Pod) => !!p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
export const ownedBy = (rs: ReplicaSet | undefined) => (p: Pod) => !!rs && p.metadata?.ownerReferences?.some((r) => r.uid === rs.metadata?.uid) === true;

/** Messages of one reason, oldest first (events are written in revision order). */
export function eventMessages(c: Cluster, reason: string): string[] {
  return c.store
    .list<Event>('events', 'default')
    .filter((e) => e.reason === reason)
    .sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion))
    .map((e) => e.message ?? '');
}

/** Every ScalingReplicaSet message as it happens (folded repeats included), in order. */
export function recordScaling(c: Cluster): string[] {
  const out: string[] = [];
  c.store.subscribe('events', (e) => {
    const ev = e.object as Event;
    if (ev.reason !== 'ScalingReplicaSet') return;
    if (e.type === 'ADDED' || (e.type === 'MODIFIED' && (ev.count ?? 1) > ((e.old as Event | undefined)?.count ?? 1))) out.push(ev.message ?? '');
  });
  return out;
}

/** `kubectl set image deployment/web <container>=<image>` (a strategic merge patch). */
export function setImage(c: Cluster, image: string, name = 'web'): void {
  const d = getDeploy(c, name);
  const container = d.spec!.template.spec!.containers[0].name;
  c.api.patch('deployments', 'default', name, { spec: { template: { spec: { containers: [{ name: container, image }] } } } }, 'strategic');
}

/** The `kubectl get deploy` columns READY, UP-TO-DATE, AVAILABLE. */
export function deployColumns(d: Deployment): { ready: string; upToDate: number; available: number } {
  return { ready: `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, upToDate: d.status?.updatedReplicas ?? 0, available: d.status?.availableReplicas ?? 0 };
}

/** The `kubectl get rs` columns DESIRED CURRENT READY. */
export function rsColumns(rs: ReplicaSet): [number, number, number] {
  return [rs.spec?.replicas ?? 0, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0];
}

/** The line `kubectl rollout status deployment/<name>` prints for the Deployment's state. */
export function rolloutStatusLine(d: Deployment): string {
  const name = d.metadata?.name;
  const st = d.status ?? {};
  const replicas = d.spec?.replicas ?? 1;
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0)) return 'Waiting for deployment spec update to be observed...';
  if (condition(d, 'Progressing')?.reason === 'ProgressDeadlineExceeded') return `error: deployment "${name}" exceeded its progress deadline`;
  const updated = st.updatedReplicas ?? 0;
  if (updated < replicas) return `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`;
  if ((st.replicas ?? 0) > updated) return `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...`;
  if ((st.availableReplicas ?? 0) < updated) return `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...`;
  return `deployment "${name}" successfully rolled out`;
}

/** Runs `ms` forward in steps, calling `check` after each settled step. */
export function runChecked(c: Cluster, ms: number, stepMs: number, check: () => void): void {
  const end = c.clock.now + ms;
  while (c.clock.now < end) {
    c.runFor(Math.min(stepMs, end - c.clock.now));
    check();
  }
}
