/**
 * `syncRolloutStatus` with its write: after each rollout step the Deployment's status is
 * recomputed; when nothing changed but a rollout still waits for progress, a timer is set for
 * the moment the progress deadline passes, so `ProgressDeadlineExceeded` appears on time.
 */
import type { ReplicaSet } from '../../api/types';
import { deepEqual } from '../../util/immutable';
import { rolloutStatus, stuckRequeueDelay } from './progress';
import { writeStatus, type DeployCtx } from './replicasets';
import { fresh } from './sync';

export function syncRolloutStatus(c: DeployCtx, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const next = rolloutStatus(fresh(c, allRSs), fresh(c, [newRS])[0], c.d, c.s, c.nowMs);
  if (deepEqual(c.d.status, next)) {
    const delay = stuckRequeueDelay(c.d, c.s, next, c.nowMs);
    if (delay >= 0) c.requeueAfter(delay);
    return;
  }
  writeStatus(c, next);
}
