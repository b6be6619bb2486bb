/**
 * The Deployment controller's writes to ReplicaSets and to its own Deployment
 * (`sync.go getAllReplicaSetsAndSyncRevision / getNewReplicaSet / scaleReplicaSet`): find or
 * create the new RS (named `<deploy>-<pod-template-hash>`), keep revisions and replica
 * annotations, scale an RS and say so in a `ScalingReplicaSet` event.
 *
 * `DeployCtx.d` always holds the Deployment as last written, so later steps of one sync see
 * the conditions and annotations earlier steps wrote (the real controller mutates its copy).
 */
import { ApiError } from '../../api/errors';
import { selectorMatches } from '../../api/labels';
import { controllerOf } from '../../api/podutil';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../../api/types';
import { podTemplateHash } from '../../api/hash';
import type { ApiClient } from '../../apiserver/client';
import type { EventRecorder } from '../../events/recorder';
import type { Store } from '../../store/store';
import { deepEqual } from '../../util/immutable';
import { getCondition, newCondition, REASON, setCondition } from './progress';
import {
  DESIRED_REPLICAS,
  equalIgnoreHash,
  findNewRS,
  HASH_LABEL,
  MAX_REPLICAS,
  maxRevision,
  maxSurge,
  newRSAnnotations,
  newRSNewReplicas,
  REVISION,
  replicasAnnotationsNeedUpdate,
  rsReplicas,
  byCreation,
  type DeploySpec,
} from './util';

export interface DeployCtx {
  client: ApiClient;
  recorder: EventRecorder;
  store: Store;
  nowMs: number;
  /** the Deployment as last read or written */
  d: Deployment;
  s: DeploySpec;
  /** look at this Deployment again after `ms` (progress deadline checks) */
  requeueAfter(ms: number): void;
}

export interface RSSplit {
  newRS: ReplicaSet | undefined;
  /** every other RS of the Deployment, active or not */
  oldRSs: ReplicaSet[];
}

/**
 * `getReplicaSetsForDeployment`: the RSs this Deployment controls, adopting orphans that match
 * its selector and releasing owned ones that no longer match (`ClaimReplicaSets`).
 */
export function claimReplicaSets(c: DeployCtx, orphans: Iterable<ReplicaSet>): ReplicaSet[] {
  const d = c.d;
  const uid = d.metadata?.uid ?? '';
  const sel = d.spec?.selector;
  const out: ReplicaSet[] = [];
  for (const o of c.store.dependents<ReplicaSet>(uid)) {
    if (o.kind !== 'ReplicaSet' || o.metadata?.namespace !== d.metadata?.namespace || controllerOf(o)?.uid !== uid) continue;
    if (selectorMatches(sel, o.metadata?.labels)) {
      out.push(o);
    } else if (!d.metadata?.deletionTimestamp && !o.metadata?.deletionTimestamp) {
      // release: drop our controller reference
      const refs = (o.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
      ignoreNotFound(() => c.client.update('replicasets', o.metadata?.namespace, { ...o, metadata: { ...o.metadata, ownerReferences: refs.length ? refs : undefined } }));
    }
  }
  if (!d.metadata?.deletionTimestamp) {
    for (const o of orphans) {
      if (o.metadata?.deletionTimestamp || !selectorMatches(sel, o.metadata?.labels)) continue;
      const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata?.name ?? '', uid, controller: true, blockOwnerDeletion: true };
      const adopted = ignoreNotFound(() =>
        c.client.update<ReplicaSet>('replicasets', o.metadata?.namespace, { ...o, metadata: { ...o.metadata, ownerReferences: [...(o.metadata?.ownerReferences ?? []), ref] } }),
      );
      if (adopted) out.push(adopted);
    }
  }
  return out;
}

function ignoreNotFound<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return undefined;
    throw e;
  }
}

/** Writes a new status for the Deployment when it differs from the current one. */
export function writeStatus(c: DeployCtx, status: DeploymentStatus): void {
  if (deepEqual(c.d.status, status)) return;
  c.d = c.client.updateStatus<Deployment>('deployments', c.d.metadata?.namespace, { ...c.d, status });
}

/**
 * `SetDeploymentRevision`. The real controller sends the annotation along with a status update
 * (the status strategy keeps annotations); our API server's status writes touch only status,
 * so the annotation goes in its own metadata write, which does not change the generation.
 */
function setDeploymentRevision(c: DeployCtx, revision: string): void {
  if (c.d.metadata?.annotations?.[REVISION] === revision) return;
  c.d = c.client.update<Deployment>('deployments', c.d.metadata?.namespace, {
    ...c.d,
    metadata: { ...c.d.metadata, annotations: { ...(c.d.metadata?.annotations ?? {}), [REVISION]: revision } },
  });
}

/**
 * `getAllReplicaSetsAndSyncRevision`: split into new and old RSs; bring the new RS's revision
 * to max(old)+1 and copy it to the Deployment; create the new RS when asked and missing.
 */
export function splitAndSyncRevision(c: DeployCtx, rsList: ReplicaSet[], createIfMissing: boolean): RSSplit {
  const found = findNewRS(c.d, rsList);
  const oldRSs = rsList.filter((rs) => rs !== found);
  const newRevision = maxRevision(oldRSs) + 1;
  if (found) return { newRS: syncExistingNewRS(c, found, newRevision), oldRSs };
  if (!createIfMissing) return { newRS: undefined, oldRSs };
  return { newRS: createNewRS(c, oldRSs, newRevision), oldRSs };
}

function syncExistingNewRS(c: DeployCtx, rs: ReplicaSet, newRevision: number): ReplicaSet {
  const annotations = newRSAnnotations(c.d, rs, newRevision, true, c.s);
  const minReady = c.d.spec?.minReadySeconds ?? 0;
  if (annotations || (rs.spec?.minReadySeconds ?? 0) !== minReady) {
    // as in the real controller, the Deployment's revision follows on the next sync (the RS
    // write wakes it)
    return c.client.update<ReplicaSet>('replicasets', rs.metadata?.namespace, {
      ...rs,
      metadata: { ...rs.metadata, annotations: annotations ?? rs.metadata?.annotations },
      spec: { ...rs.spec!, minReadySeconds: minReady || undefined },
    });
  }
  const revision = rs.metadata?.annotations?.[REVISION];
  if (revision !== undefined) setDeploymentRevision(c, revision);
  if (c.s.progressDeadlineSeconds !== undefined && !getCondition(c.d.status, 'Progressing')) {
    const cond = newCondition('Progressing', 'True', REASON.foundNewRS, `Found new replica set "${rs.metadata?.name}"`, c.nowMs);
    writeStatus(c, setCondition(c.d.status ?? {}, cond));
  }
  return rs;
}

function createNewRS(c: DeployCtx, oldRSs: ReplicaSet[], newRevision: number): ReplicaSet {
  const d = c.d;
  const template = d.spec!.template;
  const hash = podTemplateHash(template, d.status?.collisionCount);
  const labels = { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash };
  const sel = d.spec!.selector;
  const draft: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata?.name}-${hash}`,
      namespace: d.metadata?.namespace,
      labels,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata?.name ?? '', uid: d.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec?.minReadySeconds || undefined,
      selector: { ...sel, matchLabels: { ...(sel.matchLabels ?? {}), [HASH_LABEL]: hash } },
      template: { ...template, metadata: { ...template.metadata, labels } },
    },
  };
  const replicas = newRSNewReplicas(c.s, [...oldRSs, draft], draft);
  const annotations = newRSAnnotations(d, draft, newRevision, false, c.s) ?? {};
  const rs: ReplicaSet = { ...draft, metadata: { ...draft.metadata, annotations }, spec: { ...draft.spec!, replicas } };
  let created: ReplicaSet;
  let alreadyExisted = false;
  try {
    created = c.client.create<ReplicaSet>('replicasets', d.metadata?.namespace, rs);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    if (e.reason === 'AlreadyExists') {
      const existing = c.store.get<ReplicaSet>('replicasets', d.metadata?.namespace ?? '', rs.metadata!.name!);
      if (existing && controllerOf(existing)?.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, existing.spec?.template)) {
        created = existing;
        alreadyExisted = true;
      } else {
        // a hash collision: a different template owns the name; try the next hash
        writeStatus(c, { ...(c.d.status ?? {}), collisionCount: (c.d.status?.collisionCount ?? 0) + 1 });
        throw e;
      }
    } else {
      const msg = `Failed to create new replica set "${rs.metadata?.name}": ${e.message}`;
      if (c.s.progressDeadlineSeconds !== undefined) {
        writeStatus(c, setCondition(c.d.status ?? {}, newCondition('Progressing', 'False', REASON.failedRSCreate, msg, c.nowMs)));
      }
      c.recorder.event(c.d, 'Warning', REASON.failedRSCreate, msg);
      throw e;
    }
  }
  if (!alreadyExisted && replicas > 0) {
    c.recorder.event(c.d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata?.name} from 0 to ${replicas}`);
  }
  setDeploymentRevision(c, String(newRevision));
  if (!alreadyExisted && c.s.progressDeadlineSeconds !== undefined) {
    const cond = newCondition('Progressing', 'True', REASON.newRSCreated, `Created new replica set "${created.metadata?.name}"`, c.nowMs);
    writeStatus(c, setCondition(c.d.status ?? {}, cond));
  }
  return created;
}

/**
 * `scaleReplicaSet`: sets replicas and the desired/max-replicas annotations; an event when the
 * size changed. `op` names the direction for proportional scaling; else it follows the change.
 */
export function scaleReplicaSet(c: DeployCtx, rs: ReplicaSet, newScale: number, op?: 'up' | 'down'): [boolean, ReplicaSet] {
  const oldScale = rsReplicas(rs);
  const desired = c.s.replicas;
  const max = desired + maxSurge(c.s);
  const sizeNeedsUpdate = oldScale !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return [false, rs];
  const updated = c.client.update<ReplicaSet>('replicasets', rs.metadata?.namespace, {
    ...rs,
    metadata: { ...rs.metadata, annotations: { ...(rs.metadata?.annotations ?? {}), [DESIRED_REPLICAS]: String(desired), [MAX_REPLICAS]: String(max) } },
    spec: { ...rs.spec!, replicas: newScale },
  });
  if (!sizeNeedsUpdate) return [false, updated];
  const direction = op ?? (oldScale < newScale ? 'up' : 'down');
  c.recorder.event(c.d, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${updated.metadata?.name} from ${oldScale} to ${newScale}`);
  return [true, updated];
}

/** `scaleReplicaSetAndRecordEvent`: nothing to do when the size is already right. */
export function scaleAndRecord(c: DeployCtx, rs: ReplicaSet, newScale: number): [boolean, ReplicaSet] {
  if (rsReplicas(rs) === newScale) return [false, rs];
  return scaleReplicaSet(c, rs, newScale);
}

/** Old RSs oldest first, as the rolling and cleanup code wants them. */
export function oldestFirst(rss: readonly ReplicaSet[]): ReplicaSet[] {
  return [...rss].sort(byCreation);
}
