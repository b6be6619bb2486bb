/**
 * The Recreate strategy (`recreate.go`): scale every old ReplicaSet to zero, wait until no old
 * pod object is left in a non-terminal phase (Terminating pods still count), and only then
 * create or scale the new ReplicaSet to `replicas` in one step. Hence a window with no pods.
 */
import type { Pod, ReplicaSet } from '../../api/types';
import { controllerOf } from '../../api/podutil';
import { deploymentComplete } from './progress';
import { scaleAndRecord, splitAndSyncRevision, type DeployCtx } from './replicasets';
import { syncRolloutStatus } from './status';
import { cleanupDeployment } from './sync';
import { activeRSs, actualSum } from './util';

export function rolloutRecreate(c: DeployCtx, rsList: ReplicaSet[]): void {
  // no new RS yet: creating it now would scale up before the old pods are gone
  let { newRS, oldRSs } = splitAndSyncRevision(c, rsList, false);
  let allRSs = [...oldRSs, newRS];

  let scaledDown = false;
  for (const rs of activeRSs(oldRSs)) if (scaleAndRecord(c, rs, 0)[0]) scaledDown = true;
  if (scaledDown) return syncRolloutStatus(c, allRSs, newRS);

  if (oldPodsRunning(c, oldRSs)) return syncRolloutStatus(c, allRSs, newRS);

  if (!newRS) {
    ({ newRS, oldRSs } = splitAndSyncRevision(c, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  scaleAndRecord(c, newRS!, c.s.replicas);
  if (deploymentComplete(c.d, c.s, c.d.status)) cleanupDeployment(c, oldRSs);
  syncRolloutStatus(c, allRSs, newRS);
}

/** `oldPodsRunning`: an old RS still reports pods, or an old pod object is not finished. */
function oldPodsRunning(c: DeployCtx, oldRSs: ReplicaSet[]): boolean {
  if (actualSum(oldRSs) > 0) return true;
  for (const rs of oldRSs) {
    const uid = rs.metadata?.uid ?? '';
    for (const p of c.store.dependents<Pod>(uid)) {
      if (p.kind !== 'Pod' || p.metadata?.namespace !== rs.metadata?.namespace || controllerOf(p)?.uid !== uid) continue;
      const phase = p.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
