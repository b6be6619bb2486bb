/**
 * Scaling without rolling (`sync.go sync / scale / isScalingEvent / cleanupDeployment`): a paused
 * Deployment or a change of `replicas` resizes the active ReplicaSets — all of it to the only
 * active one, or proportionally to each one's share when a rollout is under way — and old,
 * empty ReplicaSets beyond `revisionHistoryLimit` are deleted.
 */
import type { ReplicaSet } from '../../api/types';
import { calculateStatus } from './progress';
import { scaleAndRecord, scaleReplicaSet, splitAndSyncRevision, writeStatus, type DeployCtx } from './replicasets';
import {
  activeRSs,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  desiredAnnotation,
  findActiveOrLatest,
  isSaturated,
  maxSurge,
  proportion,
  rsReplicas,
  rsStatusReplicas,
  specSum,
} from './util';

/** `sync`: scale, clean up, and write status (paused Deployments and scaling events). */
export function syncScaling(c: DeployCtx, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = splitAndSyncRevision(c, rsList, false);
  scale(c, newRS, oldRSs);
  cleanupDeployment(c, oldRSs);
  syncDeploymentStatus(c, [...oldRSs, newRS], newRS);
}

/** `syncStatusOnly`: a Deployment being deleted only reports. */
export function syncStatusOnly(c: DeployCtx, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = splitAndSyncRevision(c, rsList, false);
  syncDeploymentStatus(c, [...oldRSs, newRS], newRS);
}

export function syncDeploymentStatus(c: DeployCtx, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  writeStatus(c, calculateStatus(fresh(c, allRSs), fresh(c, [newRS])[0], c.d, c.s, c.nowMs));
}

/**
 * The real controller computes status from its informer cache, which may lag its own writes by
 * a moment; our store is never stale, so re-reading gives what a settled cache would show.
 */
export function fresh(c: DeployCtx, rss: (ReplicaSet | undefined)[]): (ReplicaSet | undefined)[] {
  return rss.map((rs) => (rs ? (c.store.get<ReplicaSet>('replicasets', rs.metadata?.namespace ?? '', rs.metadata?.name ?? '') ?? rs) : rs));
}

/** `isScalingEvent`: an active RS was sized for a different `replicas` than the spec's. */
export function isScalingEvent(c: DeployCtx, rsList: ReplicaSet[]): boolean {
  const { newRS, oldRSs } = splitAndSyncRevision(c, rsList, false);
  for (const rs of activeRSs([...oldRSs, newRS])) {
    const desired = desiredAnnotation(rs);
    if (desired !== undefined && desired !== c.s.replicas) return true;
  }
  return false;
}

/** `scale`. */
export function scale(c: DeployCtx, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const replicas = c.s.replicas;
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single) {
    if (rsReplicas(single) !== replicas) scaleAndRecord(c, single, replicas);
    return;
  }
  // a saturated new RS: every old RS goes to zero (adoption while the new one is full)
  if (isSaturated(c.s, newRS)) {
    for (const old of activeRSs(oldRSs)) scaleAndRecord(c, old, 0);
    return;
  }
  if (c.s.type !== 'RollingUpdate') return;

  // proportional scaling: share what may be added or removed by each active RS's size
  const all = activeRSs([...oldRSs, newRS]);
  const allowed = replicas > 0 ? replicas + maxSurge(c.s) : 0;
  const toAdd = allowed - specSum(all);
  let op: 'up' | 'down' | undefined;
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    op = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    op = 'down';
  }
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return rsReplicas(rs);
    const p = proportion(rs, c.d, c.s, toAdd, added);
    added += p;
    return rsReplicas(rs) + p;
  });
  // the leftover goes to (or comes from) the largest RS
  if (toAdd !== 0 && sizes.length) sizes[0] = Math.max(0, sizes[0] + toAdd - added);
  for (let i = 0; i < all.length; i++) scaleReplicaSet(c, all[i], sizes[i], op);
}

/**
 * `cleanupDeployment`: delete the oldest revisions beyond `revisionHistoryLimit`, but only
 * RSs that are empty, settled and not already being deleted.
 */
export function cleanupDeployment(c: DeployCtx, oldRSs: ReplicaSet[]): void {
  const limit = c.s.revisionHistoryLimit;
  if (limit === undefined) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = c.store.get<ReplicaSet>('replicasets', cleanable[i].metadata?.namespace ?? '', cleanable[i].metadata?.name ?? '');
    if (!rs) continue;
    if (rsStatusReplicas(rs) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata?.deletionTimestamp) continue;
    c.client.delete('replicasets', rs.metadata?.namespace, rs.metadata?.name ?? '');
  }
}
