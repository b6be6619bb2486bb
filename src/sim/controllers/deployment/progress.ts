/**
 * Deployment status and conditions (`sync.go calculateStatus`, `progress.go syncRolloutStatus`,
 * the condition helpers of `deployment_util.go`): counts from the ReplicaSets, the Available
 * condition, the Progressing condition with its deadline, ReplicaFailure copied from an RS.
 * Pure: callers pass the time.
 */
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../api/types';
import { parseTime, rfc3339 } from '../../util/time';
import { actualSum, availableSum, maxUnavailable, readySum, specSum, type DeploySpec } from './util';

export const REASON = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedRSCreate: 'ReplicaSetCreateError',
  newRSCreated: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minAvailable: 'MinimumReplicasAvailable',
  minUnavailable: 'MinimumReplicasUnavailable',
} as const;

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, nowMs: number): DeploymentCondition {
  const t = rfc3339(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/**
 * `SetDeploymentCondition`: same status and reason → no change; same status → keep the
 * transition time. The condition moves to the end of the list, as in the real controller.
 */
export function setCondition(status: DeploymentStatus, c: DeploymentCondition): DeploymentStatus {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return status;
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  return { ...status, conditions: [...(status.conditions ?? []).filter((x) => x.type !== c.type), next] };
}

export function removeCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  if (!getCondition(status, type)) return status;
  const conditions = (status.conditions ?? []).filter((x) => x.type !== type);
  return { ...status, conditions: conditions.length ? conditions : undefined };
}

/** Status fields are `omitempty`: a zero count is absent, as kubectl -o yaml shows it. */
function nz(n: number): number | undefined {
  return n === 0 ? undefined : n;
}

/** `calculateStatus`: counts from the ReplicaSets plus the Available condition. */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, s: DeploySpec, nowMs: number): DeploymentStatus {
  const available = availableSum(allRSs);
  const unavailable = Math.max(0, specSum(allRSs) - available);
  let status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: nz(actualSum(allRSs)),
    updatedReplicas: nz(actualSum([newRS])),
    readyReplicas: nz(readySum(allRSs)),
    availableReplicas: nz(available),
    unavailableReplicas: nz(unavailable),
    conditions: d.status?.conditions,
    collisionCount: d.status?.collisionCount,
  };
  if (available >= s.replicas - maxUnavailable(s)) {
    status = setCondition(status, newCondition('Available', 'True', REASON.minAvailable, 'Deployment has minimum availability.', nowMs));
  } else {
    status = setCondition(status, newCondition('Available', 'False', REASON.minUnavailable, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

const n = (v: number | undefined) => v ?? 0;

/** `DeploymentComplete`: every replica updated and available, and the spec observed. */
export function deploymentComplete(d: Deployment, s: DeploySpec, st: DeploymentStatus | undefined): boolean {
  return n(st?.updatedReplicas) === s.replicas && n(st?.replicas) === s.replicas && n(st?.availableReplicas) === s.replicas && n(st?.observedGeneration) >= n(d.metadata?.generation);
}

/** `DeploymentProgressing`: more updated, fewer old, more ready or more available pods. */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status;
  const oldOld = n(old?.replicas) - n(old?.updatedReplicas);
  const newOld = n(next.replicas) - n(next.updatedReplicas);
  return n(next.updatedReplicas) > n(old?.updatedReplicas) || newOld < oldOld || n(next.readyReplicas) > n(old?.readyReplicas) || n(next.availableReplicas) > n(old?.availableReplicas);
}

/** `DeploymentTimedOut`: no progress reported for progressDeadlineSeconds. */
export function deploymentTimedOut(s: DeploySpec, st: DeploymentStatus, nowMs: number): boolean {
  if (s.progressDeadlineSeconds === undefined) return false;
  const c = getCondition(st, 'Progressing');
  if (!c) return false;
  if (c.reason === REASON.newRSAvailable) return false;
  if (c.reason === REASON.timedOut) return true;
  const from = parseTime(c.lastUpdateTime as string | undefined);
  return from + s.progressDeadlineSeconds * 1000 < nowMs;
}

/**
 * `syncRolloutStatus` minus the write: the status the Deployment should carry now. Returns it
 * together with the delay after which the deadline must be checked again (or -1).
 */
export function rolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, s: DeploySpec, nowMs: number): DeploymentStatus {
  let st = calculateStatus(allRSs, newRS, d, s, nowMs);
  const hasDeadline = s.progressDeadlineSeconds !== undefined;
  if (!hasDeadline) st = removeCondition(st, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const isComplete = n(st.replicas) === n(st.updatedReplicas) && cur?.reason === REASON.newRSAvailable;
  if (hasDeadline && !isComplete) {
    const name = d.metadata?.name;
    if (deploymentComplete(d, s, st)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata?.name}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      st = setCondition(st, newCondition('Progressing', 'True', REASON.newRSAvailable, msg, nowMs));
    } else if (deploymentProgressing(d, st)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata?.name}" is progressing.` : `Deployment "${name}" is progressing.`;
      let c = newCondition('Progressing', 'True', REASON.replicaSetUpdated, msg, nowMs);
      // progress refreshes lastUpdateTime even when the reason stays the same
      if (cur) {
        if (cur.status === 'True') c = { ...c, lastTransitionTime: cur.lastTransitionTime };
        st = removeCondition(st, 'Progressing');
      }
      st = setCondition(st, c);
    } else if (deploymentTimedOut(s, st, nowMs)) {
      const msg = newRS ? `ReplicaSet "${newRS.metadata?.name}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      st = setCondition(st, newCondition('Progressing', 'False', REASON.timedOut, msg, nowMs));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) st = setCondition(st, failure);
  else st = removeCondition(st, 'ReplicaFailure');
  return st;
}

/** `getReplicaFailures`: the new RS's ReplicaFailure first, else any old RS's. */
function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  const from = (rs: ReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const c = from(newRS) ?? allRSs.map(from).find((x) => x);
  if (!c) return undefined;
  // `ReplicaSetToDeploymentCondition`
  return { type: c.type, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}

/**
 * `requeueStuckDeployment`: while a rollout waits for progress, when to look again so
 * ProgressDeadlineExceeded appears on time. -1: no need.
 */
export function stuckRequeueDelay(d: Deployment, s: DeploySpec, next: DeploymentStatus, nowMs: number): number {
  const cur = getCondition(d.status, 'Progressing');
  if (s.progressDeadlineSeconds === undefined || !cur) return -1;
  if (deploymentComplete(d, s, next) || cur.reason === REASON.timedOut) return -1;
  // after a finished rollout the deadline no longer applies (`DeploymentTimedOut` is false for
  // NewReplicaSetAvailable): looking again could only spin
  if (cur.reason === REASON.newRSAvailable) return -1;
  const after = parseTime(cur.lastUpdateTime as string | undefined) + s.progressDeadlineSeconds * 1000 - nowMs;
  // due within a second: look again just after the deadline (the real controller re-queues
  // rate-limited until it passes)
  if (after < 1000) return Math.max(after + 1, 1);
  // a second more, as the real controller adds against millisecond skew
  return after + 1000;
}
