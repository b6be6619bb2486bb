/**
 * The arithmetic and bookkeeping of the Deployment controller
 * (`pkg/controller/deployment/util/deployment_util.go`): fenceposts, revisions, replica
 * annotations, ReplicaSet orderings and counts. Pure functions over frozen objects.
 *
 * The controller reads Deployments as the API server stored them; defaulting normally fills
 * strategy, revisionHistoryLimit and progressDeadlineSeconds, but `specOf` fills the same
 * defaults again so the controller never misbehaves on an object that skipped defaulting.
 */
import type { Deployment, ReplicaSet } from '../../api/types';
import { deepEqual } from '../../util/immutable';
import { parseTime } from '../../util/time';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';
/** `maxRevHistoryLengthInChars` of the controller */
export const MAX_REV_HISTORY_CHARS = 2000;

/** annotations a Deployment does not pass on to its ReplicaSets */
const SKIP_COPY = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, DEPRECATED_ROLLBACK_TO]);

export interface DeploySpec {
  replicas: number;
  type: 'RollingUpdate' | 'Recreate' | string;
  maxSurge: number | string;
  maxUnavailable: number | string;
  minReadySeconds: number;
  /** undefined: keep every old ReplicaSet */
  revisionHistoryLimit?: number;
  /** undefined: no deadline, no Progressing condition */
  progressDeadlineSeconds?: number;
  paused: boolean;
}

/** The spec with apps/v1 defaults for whatever is missing. */
export function specOf(d: Deployment): DeploySpec {
  const s = d.spec ?? ({} as NonNullable<Deployment['spec']>);
  const type = s.strategy?.type ?? 'RollingUpdate';
  const ru = s.strategy?.rollingUpdate;
  return {
    replicas: s.replicas ?? 1,
    type,
    maxSurge: ru?.maxSurge ?? '25%',
    maxUnavailable: ru?.maxUnavailable ?? '25%',
    minReadySeconds: s.minReadySeconds ?? 0,
    revisionHistoryLimit: limitOrNone(s.revisionHistoryLimit, 10),
    progressDeadlineSeconds: limitOrNone(s.progressDeadlineSeconds, 600),
    paused: !!s.paused,
  };
}

const MAX_INT32 = 2147483647;

/** `HasProgressDeadline` / `HasRevisionHistoryLimit`: null or MaxInt32 mean "none". */
function limitOrNone(v: number | null | undefined, dflt: number): number | undefined {
  if (v === undefined) return dflt;
  return v === null || v === MAX_INT32 ? undefined : v;
}

/** `intstr.GetScaledValueFromIntOrPercent`: percentages scale by `total`, rounding up or down. */
export function scaledValue(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) {
    const n = Number(v);
    if (v.trim() !== '' && Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** `ResolveFenceposts`: surge rounds up, unavailable rounds down; both 0 → unavailable 1. */
export function resolveFenceposts(maxSurge: number | string, maxUnavailable: number | string, desired: number): [number, number] {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(s: DeploySpec): number {
  if (s.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(s.maxSurge, s.maxUnavailable, s.replicas)[0];
}

export function maxUnavailable(s: DeploySpec): number {
  if (s.type !== 'RollingUpdate' || s.replicas === 0) return 0;
  const u = resolveFenceposts(s.maxSurge, s.maxUnavailable, s.replicas)[1];
  return Math.min(u, s.replicas);
}

// ---- ReplicaSet facts ------------------------------------------------------------------------

export const rsReplicas = (rs: ReplicaSet): number => rs.spec?.replicas ?? 1;
export const rsStatusReplicas = (rs: ReplicaSet): number => rs.status?.replicas ?? 0;
export const rsAvailable = (rs: ReplicaSet): number => rs.status?.availableReplicas ?? 0;
export const rsReady = (rs: ReplicaSet): number => rs.status?.readyReplicas ?? 0;

/** Σ spec.replicas */
export const specSum = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? rsReplicas(rs) : 0), 0);
/** Σ status.replicas (pods that exist and are not terminating) */
export const actualSum = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? rsStatusReplicas(rs) : 0), 0);
export const availableSum = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? rsAvailable(rs) : 0), 0);
export const readySum = (rss: readonly (ReplicaSet | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? rsReady(rs) : 0), 0);

/** `FilterActiveReplicaSets`: those that want pods. */
export const activeRSs = (rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] => rss.filter((rs): rs is ReplicaSet => !!rs && rsReplicas(rs) > 0);

/** The revision annotation as a number; NaN when absent or malformed. */
export function revisionOf(o: { metadata?: { annotations?: Record<string, string> } }): number {
  const v = o.metadata?.annotations?.[REVISION];
  if (v === undefined || !/^\d+$/.test(v)) return NaN;
  return Number(v);
}

export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v > max) max = v;
  }
  return max;
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}
export const desiredAnnotation = (rs: ReplicaSet) => intAnnotation(rs, DESIRED_REPLICAS);
export const maxReplicasAnnotation = (rs: ReplicaSet) => intAnnotation(rs, MAX_REPLICAS);

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  return !a || a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

// ---- orderings -------------------------------------------------------------------------------

const created = (rs: ReplicaSet) => parseTime(rs.metadata?.creationTimestamp as string | undefined);

/** `ReplicaSetsByCreationTimestamp`: oldest first, ties by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const d = created(a) - created(b);
  if (d) return d;
  const an = a.metadata?.name ?? '';
  const bn = b.metadata?.name ?? '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

/** `ReplicaSetsBySizeNewer`: larger first, ties newer first (scaling up). */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet): number => rsReplicas(b) - rsReplicas(a) || byCreation(b, a);
/** `ReplicaSetsBySizeOlder`: larger first, ties older first (scaling down). */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet): number => rsReplicas(b) - rsReplicas(a) || byCreation(a, b);

/** `ReplicaSetsByRevision`: lowest revision first, ties by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === rb || (Number.isNaN(ra) && Number.isNaN(rb))) return byCreation(a, b);
  return (Number.isNaN(ra) ? 0 : ra) - (Number.isNaN(rb) ? 0 : rb);
}

// ---- templates -------------------------------------------------------------------------------

type Template = NonNullable<NonNullable<Deployment['spec']>['template']>;

function withoutHash(t: Template | undefined): unknown {
  const labels = t?.metadata?.labels;
  if (!labels || !(HASH_LABEL in labels)) return t;
  const { [HASH_LABEL]: _drop, ...rest } = labels;
  return { ...t, metadata: { ...t!.metadata, labels: rest } };
}

/** template object → the last template it was compared with, and the answer */
const equalMemo = new WeakMap<object, { other: object; equal: boolean }>();

/**
 * `EqualIgnoreHash`: templates equal once the pod-template-hash label is ignored. Stored
 * templates are frozen, so an answer for the same two objects is remembered: a Deployment sync
 * runs on every status change of its ReplicaSets and compares the same templates each time.
 */
export function equalIgnoreHash(a: Template | undefined, b: Template | undefined): boolean {
  if (!a || !b) return deepEqual(withoutHash(a), withoutHash(b));
  const memo = equalMemo.get(a);
  if (memo && memo.other === b) return memo.equal;
  const equal = deepEqual(withoutHash(a), withoutHash(b));
  if (Object.isFrozen(a) && Object.isFrozen(b)) equalMemo.set(a, { other: b, equal });
  return equal;
}

/** `FindNewReplicaSet`: the oldest RS whose template is the Deployment's. */
export function findNewRS(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined {
  const sorted = [...rss].sort(byCreation);
  return sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

// ---- annotations -----------------------------------------------------------------------------

/**
 * `SetNewReplicaSetAnnotations`: copies the Deployment's annotations, raises the revision to
 * `newRevision` (recording the previous one in revision-history when an RS is re-used) and,
 * for an RS about to be created, sets desired/max replicas. Returns the new map, or undefined
 * when nothing changed.
 */
export function newRSAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, s: DeploySpec): Record<string, string> | undefined {
  const out: Record<string, string> = { ...(rs.metadata?.annotations ?? {}) };
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (SKIP_COPY.has(k) || out[k] === v) continue;
    out[k] = v;
    changed = true;
  }
  const oldRevision = out[REVISION];
  let oldInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^\d+$/.test(oldRevision)) return changed ? out : undefined;
    oldInt = Number(oldRevision);
  }
  if (oldInt < newRevision) {
    out[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) {
      const history = out[REVISION_HISTORY] ?? '';
      if (!history) out[REVISION_HISTORY] = oldRevision;
      else {
        let parts = history.split(',');
        let total = history.length + oldRevision.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_CHARS && start < parts.length) total -= parts[start++].length + 1;
        if (total <= MAX_REV_HISTORY_CHARS) {
          parts = [...parts.slice(start), oldRevision];
          out[REVISION_HISTORY] = parts.join(',');
        }
      }
    }
  }
  if (!exists) {
    const desired = String(s.replicas);
    const max = String(s.replicas + maxSurge(s));
    if (out[DESIRED_REPLICAS] !== desired || out[MAX_REPLICAS] !== max) {
      out[DESIRED_REPLICAS] = desired;
      out[MAX_REPLICAS] = max;
      changed = true;
    }
  }
  return changed ? out : undefined;
}

/** `IsSaturated`: the RS runs the full, available count the Deployment wants. */
export function isSaturated(s: DeploySpec, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = desiredAnnotation(rs);
  if (desired === undefined) return false;
  return rsReplicas(rs) === s.replicas && desired === s.replicas && rsAvailable(rs) === s.replicas;
}

/** `FindActiveOrLatest`: the only active RS, or the newest when none is active; else undefined. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeRSs([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** `NewRSNewReplicas`: how far the new RS may grow now. */
export function newRSNewReplicas(s: DeploySpec, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
  if (s.type === 'Recreate') return s.replicas;
  const surge = scaledValue(s.maxSurge, s.replicas, true);
  const current = specSum(allRSs);
  const maxTotal = s.replicas + surge;
  if (current >= maxTotal) return rsReplicas(newRS);
  const up = Math.min(maxTotal - current, s.replicas - rsReplicas(newRS));
  return rsReplicas(newRS) + up;
}

/** `GetProportion`: this RS's share of `toAdd`, never beyond what is left to add or remove. */
export function proportion(rs: ReplicaSet, d: Deployment, s: DeploySpec, toAdd: number, added: number): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d, s);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment, s: DeploySpec): number {
  if (s.replicas === 0) return -rsReplicas(rs);
  const maxNow = s.replicas + maxSurge(s);
  let before = maxReplicasAnnotation(rs);
  if (before === undefined || before === 0) {
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  // Go's math.Round: half away from zero (the value is never negative here)
  return Math.round((rsReplicas(rs) * maxNow) / before) - rsReplicas(rs);
}
