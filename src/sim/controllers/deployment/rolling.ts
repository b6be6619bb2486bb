/**
 * The RollingUpdate strategy (`rolling.go`). Each sync does one step: grow the new ReplicaSet
 * within `replicas + maxSurge`, or else shrink old ones while at least `replicas −
 * maxUnavailable` pods stay available — unhealthy old replicas first, since removing them
 * costs no availability. Counting is by ReplicaSet `spec.replicas` and `status.available`.
 */
import type { ReplicaSet } from '../../api/types';
import { deploymentComplete } from './progress';
import { scaleAndRecord, oldestFirst, splitAndSyncRevision, type DeployCtx } from './replicasets';
import { syncRolloutStatus } from './status';
import { cleanupDeployment } from './sync';
import { activeRSs, availableSum, maxUnavailable, newRSNewReplicas, rsAvailable, rsReplicas, specSum } from './util';

export function rolloutRolling(c: DeployCtx, rsList: ReplicaSet[]): void {
  const { newRS, oldRSs } = splitAndSyncRevision(c, rsList, true);
  const nrs = newRS!;
  const allRSs = [...oldRSs, nrs];

  if (reconcileNewReplicaSet(c, allRSs, nrs)) return syncRolloutStatus(c, allRSs, nrs);
  if (reconcileOldReplicaSets(c, allRSs, activeRSs(oldRSs), nrs)) return syncRolloutStatus(c, allRSs, nrs);
  if (deploymentComplete(c.d, c.s, c.d.status)) cleanupDeployment(c, oldRSs);
  syncRolloutStatus(c, allRSs, nrs);
}

/** Scale the new RS up by what the surge allows (or down to `replicas` if it is bigger). */
function reconcileNewReplicaSet(c: DeployCtx, allRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  const want = c.s.replicas;
  if (rsReplicas(newRS) === want) return false;
  if (rsReplicas(newRS) > want) return scaleAndRecord(c, newRS, want)[0];
  return scaleAndRecord(c, newRS, newRSNewReplicas(c.s, allRSs, newRS))[0];
}

function reconcileOldReplicaSets(c: DeployCtx, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
  if (specSum(oldRSs) === 0) return false;
  const minAvailable = c.s.replicas - maxUnavailable(c.s);
  const newUnavailable = rsReplicas(newRS) - rsAvailable(newRS);
  const maxScaledDown = specSum(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  const [olds, cleaned] = cleanupUnhealthyReplicas(c, oldRSs, maxScaledDown);
  const scaled = scaleDownOldReplicaSets(c, [...olds, newRS], olds);
  return cleaned + scaled > 0;
}

/** Old replicas that are not available go first: removing them costs no availability. */
function cleanupUnhealthyReplicas(c: DeployCtx, oldRSs: ReplicaSet[], maxCleanup: number): [ReplicaSet[], number] {
  const olds = oldestFirst(oldRSs);
  let total = 0;
  for (let i = 0; i < olds.length; i++) {
    if (total >= maxCleanup) break;
    const rs = olds[i];
    const spec = rsReplicas(rs);
    if (spec === 0 || spec === rsAvailable(rs)) continue;
    const down = Math.min(maxCleanup - total, spec - rsAvailable(rs));
    olds[i] = scaleAndRecord(c, rs, spec - down)[1];
    total += down;
  }
  return [olds, total];
}

/** Then available old replicas, as far as `minAvailable` allows, oldest RS first. */
function scaleDownOldReplicaSets(c: DeployCtx, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
  const minAvailable = c.s.replicas - maxUnavailable(c.s);
  const available = availableSum(allRSs);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of oldestFirst(oldRSs)) {
    if (total >= target) break;
    if (rsReplicas(rs) === 0) continue;
    const down = Math.min(rsReplicas(rs), target - total);
    scaleAndRecord(c, rs, rsReplicas(rs) - down);
    total += down;
  }
  return total;
}
