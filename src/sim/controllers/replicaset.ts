/**
 * The ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`): keeps `spec.replicas`
 * active pods for each ReplicaSet and reports counts in its status.
 *
 * - Active = owned, not Succeeded/Failed, no deletionTimestamp: a pod being deleted is replaced
 *   at once, which is why `kubectl delete pod` briefly shows one pod too many.
 * - At most `burstReplicas` (500) creations or deletions per sync; creations go in slow-start
 *   batches 1, 2, 4, … and stop after a batch with a failure.
 * - Pods share the ReplicaSet template's frozen `spec` and label objects: 150,000 pods must fit.
 * - Owned pods come from the store's owner index; orphans (no controller owner) are indexed per
 *   namespace, so a sync never scans all pods.
 */
import { ApiError } from '../api/errors';
import { selectorMatches } from '../api/labels';
import { controllerOf, isPodActive, isPodAvailable, isPodReady, podCondition } from '../api/podutil';
import type { KObject, OwnerReference, Pod, ReplicaSet, ReplicaSetStatus } from '../api/types';

type ReplicaSetCondition = NonNullable<ReplicaSetStatus['conditions']>[number];
import type { ClusterContext } from '../context';
import type { StoreEvent } from '../store/store';
import { deepEqual } from '../util/immutable';
import { parseTime, rfc3339 } from '../util/time';
import { Controller, keyOf, RequeueError, splitKey } from './controller';
import { podsToDelete } from './replicaset-ranking';
import { ReplicaSetTallies } from './replicaset-tally';

export const BURST_REPLICAS = 500;
const AVAILABLE_TIMER = 'controller:replicaset:available';

export class ReplicaSetController extends Controller {
  /** namespace → keys of pods without a controller owner */
  private orphans = new Map<string, Set<string>>();
  /** RS key → when an availability check is already scheduled (virtual ms) */
  private availableChecks = new Map<string, number>();
  /** RS uid → the owner reference its pods carry; one shared frozen array per RS */
  private ownerRefs = new Map<string, readonly OwnerReference[]>();
  private readonly tallies: ReplicaSetTallies;

  constructor(ctx: ClusterContext) {
    super('replicaset', ctx, 'replicaset-controller');
    this.tallies = new ReplicaSetTallies(ctx.store);
    ctx.clock.register(AVAILABLE_TIMER, (_kind, data) => {
      const key = data as string;
      if ((this.availableChecks.get(key) ?? Infinity) <= ctx.clock.now) this.availableChecks.delete(key);
      this.queue.add(key);
    });
    ctx.store.subscribe('replicasets', (e) => {
      if (e.type === 'DELETED') {
        this.ownerRefs.delete(e.object.metadata?.uid ?? '');
        this.tallies.drop(e.object.metadata?.uid ?? '');
      }
      this.queue.add(keyOf(e.object));
    });
    ctx.store.subscribe('pods', (e) => this.onPod(e));
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('replicasets')].map(keyOf);
  }

  // ---- watch handlers -------------------------------------------------------------------------

  private onPod(e: StoreEvent): void {
    this.tallies.onPod(e.rv, e.old, e.type === 'DELETED' ? undefined : e.object);
    const pod = e.object as Pod;
    const ns = pod.metadata?.namespace ?? '';
    const key = keyOf(pod);
    const ref = controllerOf(pod);
    const oldRef = e.old ? controllerOf(e.old) : undefined;
    if (e.type !== 'DELETED' && !ref) this.orphanSet(ns).add(key);
    else this.orphans.get(ns)?.delete(key);

    if (oldRef && oldRef.uid !== ref?.uid) this.enqueueOwner(ns, oldRef);
    if (ref) {
      this.enqueueOwner(ns, ref);
      return;
    }
    if (e.type === 'DELETED' || !isPodActive(pod)) return;
    if (e.type === 'MODIFIED' && !oldRef && deepEqual(e.old?.metadata?.labels, pod.metadata?.labels)) return;
    // an orphan: every ReplicaSet whose selector matches may adopt it
    for (const rs of this.ctx.store.iterate<ReplicaSet>('replicasets', ns)) {
      if (selectorMatches(rs.spec?.selector, pod.metadata?.labels)) this.queue.add(keyOf(rs));
    }
  }

  private enqueueOwner(ns: string, ref: OwnerReference): void {
    if (ref.kind !== 'ReplicaSet') return;
    const rs = this.ctx.store.byUID(ref.uid);
    if (rs && rs.kind === 'ReplicaSet' && rs.metadata?.namespace === ns) this.queue.add(keyOf(rs));
  }

  private orphanSet(ns: string): Set<string> {
    let s = this.orphans.get(ns);
    if (!s) this.orphans.set(ns, (s = new Set()));
    return s;
  }

  // ---- reconcile ------------------------------------------------------------------------------

  protected reconcile(key: string): void {
    try {
      this.syncReplicaSet(key);
    } catch (e) {
      // an API error (e.g. a conflicting status write): retry later, as the real one does
      if (e instanceof ApiError) throw new RequeueError(e.message);
      throw e;
    }
  }

  private syncReplicaSet(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = this.ctx.store.get<ReplicaSet>('replicasets', ns, name);
    if (!rs) return;
    if (this.reconcileFast(rs)) return;
    const pods = this.claimPods(rs);
    let manageErr: ApiError | undefined;
    if (!rs.metadata?.deletionTimestamp) manageErr = this.manageReplicas(rs, pods);

    // count what exists after this sync's writes (a settled informer would show the same)
    const owned = this.ownedActive(rs);
    const status = this.calculateStatus(rs, owned, manageErr);
    const cur = this.ctx.store.get<ReplicaSet>('replicasets', ns, name) ?? rs;
    if (!statusUnchanged(cur, status)) {
      this.client.updateStatus('replicasets', ns, { ...cur, status: { ...status, observedGeneration: cur.metadata?.generation } });
    }
    this.scheduleAvailabilityCheck(key, rs, owned);
    if (manageErr) throw new RequeueError(manageErr.message);
  }

  /**
   * The steady state of a big ReplicaSet: its counts say nothing is to be created, deleted,
   * adopted or released, and availability needs no clock — so only status may change, and the
   * running tally has it. Returns false when the full reconcile must run.
   */
  private reconcileFast(rs: ReplicaSet): boolean {
    if (rs.metadata?.deletionTimestamp || (rs.spec?.minReadySeconds ?? 0) > 0) return false;
    const t = this.tallies.get(rs);
    if (t.mismatched !== 0 || t.active !== (rs.spec?.replicas ?? 1)) return false;
    const ns = rs.metadata?.namespace ?? '';
    const orphans = this.orphans.get(ns);
    if (orphans?.size) {
      for (const key of orphans) {
        const p = this.ctx.store.get<Pod>('pods', ns, splitKey(key)[1]);
        if (p && !controllerOf(p) && isPodActive(p) && selectorMatches(rs.spec?.selector, p.metadata?.labels)) return false;
      }
    }
    const status = this.statusFrom(rs, t.active, t.fullyLabeled, t.ready, t.ready, undefined);
    if (!statusUnchanged(rs, status)) {
      this.client.updateStatus('replicasets', ns, { ...rs, status: { ...status, observedGeneration: rs.metadata?.generation } });
    }
    return true;
  }

  /**
   * `claimPods`: active pods this RS controls whose labels still match (others are released),
   * plus active orphans in the namespace that match (adopted).
   */
  private claimPods(rs: ReplicaSet): Pod[] {
    const uid = rs.metadata?.uid ?? '';
    const ns = rs.metadata?.namespace ?? '';
    const sel = rs.spec?.selector;
    const deleting = !!rs.metadata?.deletionTimestamp;
    const out: Pod[] = [];
    for (const p of this.ctx.store.dependents<Pod>(uid)) {
      // an owner reference only counts within the owner's namespace
      if (p.kind !== 'Pod' || p.metadata?.namespace !== ns || !isPodActive(p) || controllerOf(p)?.uid !== uid) continue;
      if (selectorMatches(sel, p.metadata?.labels)) out.push(p);
      else if (!deleting) {
        const refs = (p.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
        this.tryWrite(() => this.client.update('pods', ns, { ...p, metadata: { ...p.metadata, ownerReferences: refs.length ? refs : undefined } }));
      }
    }
    if (deleting) return out;
    for (const key of [...(this.orphans.get(ns) ?? [])]) {
      const p = this.ctx.store.get<Pod>('pods', ns, splitKey(key)[1]);
      if (!p || controllerOf(p) || !isPodActive(p) || !selectorMatches(sel, p.metadata?.labels)) continue;
      const adopted = this.tryWrite(() =>
        this.client.update<Pod>('pods', ns, { ...p, metadata: { ...p.metadata, ownerReferences: [...(p.metadata?.ownerReferences ?? []), ...this.refFor(rs)] } }),
      );
      if (adopted) out.push(adopted);
    }
    return out;
  }

  private ownedActive(rs: ReplicaSet): Pod[] {
    const uid = rs.metadata?.uid ?? '';
    const ns = rs.metadata?.namespace;
    const sel = rs.spec?.selector;
    return this.ctx.store
      .dependents<Pod>(uid)
      .filter((p) => p.kind === 'Pod' && p.metadata?.namespace === ns && isPodActive(p) && controllerOf(p)?.uid === uid && selectorMatches(sel, p.metadata?.labels));
  }

  /** Create or delete pods until `spec.replicas` are active; returns the first API error. */
  private manageReplicas(rs: ReplicaSet, pods: Pod[]): ApiError | undefined {
    const want = rs.spec?.replicas ?? 1;
    const diff = pods.length - want;
    if (diff < 0) return this.createPods(rs, Math.min(-diff, BURST_REPLICAS));
    if (diff > 0) return this.deletePods(rs, pods, Math.min(diff, BURST_REPLICAS));
    return undefined;
  }

  /** `slowStartBatch`: batches of 1, 2, 4, …; a batch with a failure ends the run. */
  private createPods(rs: ReplicaSet, count: number): ApiError | undefined {
    const template = rs.spec?.template;
    const ns = rs.metadata?.namespace;
    const name = rs.metadata?.name ?? '';
    if (!template?.metadata?.labels || !Object.keys(template.metadata.labels).length) {
      return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'unable to create pods, no labels', reason: 'BadRequest', code: 400 });
    }
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${name}-`,
        namespace: ns,
        labels: template.metadata.labels,
        annotations: template.metadata.annotations,
        finalizers: template.metadata.finalizers,
        ownerReferences: this.refFor(rs) as OwnerReference[],
      },
      // shared, not copied: every pod of this RS points at the same frozen spec
      spec: template.spec,
    };
    let remaining = count;
    for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
      let firstErr: ApiError | undefined;
      for (let i = 0; i < batch; i++) {
        try {
          const created = this.client.create<Pod>('pods', ns, pod);
          this.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          this.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${e.message}`);
          firstErr ??= e;
        }
      }
      if (firstErr) return firstErr;
      remaining -= batch;
    }
    return undefined;
  }

  private deletePods(rs: ReplicaSet, pods: Pod[], diff: number): ApiError | undefined {
    const victims = podsToDelete(pods, this.relatedPods(rs), diff, this.ctx.nowMs());
    let firstErr: ApiError | undefined;
    for (const p of victims) {
      const name = p.metadata?.name ?? '';
      try {
        this.client.delete('pods', rs.metadata?.namespace, name);
        this.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.code === 404) continue;
        this.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${e.message}`);
        firstErr ??= e;
      }
    }
    return firstErr;
  }

  /** `getIndirectlyRelatedPods`: pods of every RS with the same controller (the Deployment). */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerOf(rs);
    const ns = rs.metadata?.namespace;
    const siblings = owner ? this.ctx.store.dependents<ReplicaSet>(owner.uid).filter((o) => o.kind === 'ReplicaSet' && o.metadata?.namespace === ns && controllerOf(o)?.uid === owner.uid) : [rs];
    const out: Pod[] = [];
    for (const s of siblings) {
      const uid = s.metadata?.uid ?? '';
      for (const p of this.ctx.store.dependents<Pod>(uid)) if (p.kind === 'Pod' && p.metadata?.namespace === ns && controllerOf(p)?.uid === uid) out.push(p);
    }
    return out;
  }

  private refFor(rs: ReplicaSet): readonly OwnerReference[] {
    const uid = rs.metadata?.uid ?? '';
    let refs = this.ownerRefs.get(uid);
    if (!refs || refs[0].name !== rs.metadata?.name) {
      refs = Object.freeze([Object.freeze({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata?.name ?? '', uid, controller: true, blockOwnerDeletion: true })]);
      this.ownerRefs.set(uid, refs);
    }
    return refs;
  }

  private tryWrite<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return undefined;
      throw e;
    }
  }

  // ---- status ---------------------------------------------------------------------------------

  private calculateStatus(rs: ReplicaSet, pods: Pod[], manageErr: ApiError | undefined): ReplicaSetStatus {
    const now = this.ctx.nowMs();
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    let fully = 0;
    let ready = 0;
    let available = 0;
    for (const p of pods) {
      const labels = p.metadata?.labels;
      if (labels === templateLabels || Object.entries(templateLabels).every(([k, v]) => labels?.[k] === v)) fully++;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, minReady, now)) available++;
      }
    }
    return this.statusFrom(rs, pods.length, fully, ready, available, manageErr);
  }

  private statusFrom(rs: ReplicaSet, replicas: number, fully: number, ready: number, available: number, manageErr: ApiError | undefined): ReplicaSetStatus {
    const now = this.ctx.nowMs();
    let conditions: ReplicaSetCondition[] | undefined = rs.status?.conditions;
    const failure = conditions?.find((c) => c.type === 'ReplicaFailure');
    if (manageErr && !failure) {
      const diff = replicas - (rs.spec?.replicas ?? 1);
      const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
      conditions = [...(conditions ?? []), { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message: manageErr.message }];
    } else if (!manageErr && failure) {
      conditions = conditions!.filter((c) => c.type !== 'ReplicaFailure');
      if (!conditions.length) conditions = undefined;
    }
    // `replicas` is always serialised; the other counts are omitempty
    return {
      replicas,
      fullyLabeledReplicas: fully || undefined,
      readyReplicas: ready || undefined,
      availableReplicas: available || undefined,
      observedGeneration: rs.status?.observedGeneration,
      conditions,
    };
  }

  /** Ready pods turn available `minReadySeconds` later; look again exactly then. */
  private scheduleAvailabilityCheck(key: string, rs: ReplicaSet, pods: Pod[]): void {
    const minReady = rs.spec?.minReadySeconds ?? 0;
    if (!minReady) return;
    const now = this.ctx.nowMs();
    let next = Infinity;
    for (const p of pods) {
      if (!isPodReady(p)) continue;
      const at = parseTime(podCondition(p, 'Ready')?.lastTransitionTime as string | undefined) + minReady * 1000;
      if (at > now && at < next) next = at;
    }
    if (next === Infinity) return;
    const due = this.ctx.clock.now + (next - now);
    const pending = this.availableChecks.get(key);
    if (pending !== undefined && pending <= due) return;
    this.availableChecks.set(key, due);
    this.ctx.clock.at(due, AVAILABLE_TIMER, 'check', key);
  }

  // ---- snapshot -------------------------------------------------------------------------------

  protected extraState(): Record<string, unknown> {
    return { availableChecks: Object.fromEntries(this.availableChecks) };
  }

  protected restoreExtra(s: Record<string, unknown>): void {
    this.availableChecks = new Map(Object.entries((s.availableChecks as Record<string, number>) ?? {}));
    this.orphans.clear();
    this.ownerRefs.clear();
    this.tallies.clear();
    for (const p of this.ctx.store.iterate<KObject>('pods')) {
      if (!controllerOf(p)) this.orphanSet(p.metadata?.namespace ?? '').add(keyOf(p));
    }
  }
}

/** `updateReplicaSetStatus`'s steady-state test: counts, generation and conditions unchanged. */
function statusUnchanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const s = rs.status;
  return (
    (s?.replicas ?? 0) === (next.replicas ?? 0) &&
    (s?.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (s?.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (s?.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata?.generation ?? 0) === (s?.observedGeneration ?? 0) &&
    deepEqual(s?.conditions, next.conditions)
  );
}
