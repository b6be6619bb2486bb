/**
 * PodDisruptionBudgets: the disruption controller (`pkg/controller/disruption`) keeps each
 * PDB's status, and `checkEviction` is the API server's side (`pkg/registry/core/pod/storage/
 * eviction.go`), wired to `api.hooks.checkEviction` in cluster.ts.
 *
 * Status: expectedPods (from the owning controllers' scale for maxUnavailable and percentages;
 * the matching pods for an integer minAvailable), desiredHealthy, currentHealthy (Ready, not
 * being deleted, not just evicted), disruptionsAllowed = max(0, current − desired), condition
 * DisruptionAllowed SufficientPods / InsufficientPods, and the `disruptedPods` the API server
 * recorded, each forgotten when the pod is being deleted or 2 minutes later.
 *
 * Eviction: a pod that is Pending, finished or already being deleted ignores budgets; more than
 * one matching PDB is refused (500); `disruptionsAllowed == 0` answers 429 with the real Status
 * (cause `DisruptionBudget`: `The disruption budget web needs 2 healthy pods and has 2
 * currently`); otherwise the budget is decremented and the pod recorded before it is deleted.
 */
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import type { Condition } from 'kubernetes-types/meta/v1';
import { ApiError, internalError, tooManyRequests } from '../api/errors';
import { selectorMatches } from '../api/labels';
import { controllerOf, isPodReady } from '../api/podutil';
import type { KObject, Pod } from '../api/types';
import type { ApiClient } from '../apiserver/client';
import type { ClusterContext } from '../context';
import { deepEqual } from '../util/immutable';
import { parseTime, rfc3339 } from '../util/time';
import { Controller, keyOf, RequeueError, splitKey } from './controller';

/** `DeletionTimeout`: an eviction not followed by a deletion stops counting after 2 minutes. */
export const DELETION_TIMEOUT_MS = 120_000;
export const PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

const SCALED_KINDS: Record<string, string> = { Deployment: 'deployments', StatefulSet: 'statefulsets', ReplicaSet: 'replicasets', ReplicationController: 'replicationcontrollers' };

function pdbSelects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  // policy/v1: an empty selector selects every pod of the namespace; a missing one none
  if (!pdb.spec?.selector) return false;
  return selectorMatches(pdb.spec.selector, pod.metadata?.labels);
}

export class DisruptionController extends Controller {
  private readonly apiserverClient: ApiClient;

  constructor(ctx: ClusterContext) {
    super('disruption', ctx, 'controllermanager');
    this.apiserverClient = ctx.client('kube-apiserver');
    ctx.store.subscribe('poddisruptionbudgets', (e) => this.queue.add(keyOf(e.object)));
    ctx.store.subscribe('pods', (e) => this.enqueueFor(e.object as Pod, e.old as Pod | undefined));
    for (const r of ['deployments', 'statefulsets', 'replicasets']) {
      ctx.store.subscribe(r, (e) => {
        const spec = e.object.spec as { replicas?: number } | undefined;
        if (e.type === 'MODIFIED' && (e.old?.spec as { replicas?: number } | undefined)?.replicas === spec?.replicas) return;
        for (const pdb of ctx.store.iterate('poddisruptionbudgets', e.object.metadata?.namespace ?? '')) this.queue.add(keyOf(pdb));
      });
    }
  }

  private enqueueFor(pod: Pod, old?: Pod): void {
    if (!this.ctx.store.count('poddisruptionbudgets')) return; // most pod events: no PDB anywhere
    const ns = pod.metadata?.namespace ?? '';
    for (const pdb of this.ctx.store.iterate<PodDisruptionBudget>('poddisruptionbudgets', ns)) {
      if (pdbSelects(pdb, pod) || (old && pdbSelects(pdb, old))) this.queue.add(keyOf(pdb));
    }
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('poddisruptionbudgets')].map(keyOf);
  }

  protected reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const pdb = this.ctx.store.get<PodDisruptionBudget>('poddisruptionbudgets', ns, name);
    if (!pdb || pdb.metadata?.deletionTimestamp) return;
    try {
      this.sync(pdb);
    } catch (e) {
      if (e instanceof ApiError) throw new RequeueError(e.message);
      throw e;
    }
  }

  private podsOf(pdb: PodDisruptionBudget): Pod[] {
    const out: Pod[] = [];
    for (const p of this.ctx.store.iterate<Pod>('pods', pdb.metadata?.namespace ?? '')) if (pdbSelects(pdb, p)) out.push(p);
    return out;
  }

  /** The scale of every controller owning the pods (a ReplicaSet counts as its Deployment). */
  private expectedFromControllers(pods: Pod[]): { expected: number; orphan?: string } {
    const seen = new Set<string>();
    let expected = 0;
    for (const p of pods) {
      let ref = controllerOf(p);
      if (!ref) return { expected: 0, orphan: p.metadata?.name };
      let owner = this.ctx.store.byUID(ref.uid);
      if (owner?.kind === 'ReplicaSet') {
        const up = controllerOf(owner);
        const dep = up?.kind === 'Deployment' ? this.ctx.store.byUID(up.uid) : undefined;
        if (dep) {
          ref = up!;
          owner = dep;
        }
      }
      if (!owner || !SCALED_KINDS[owner.kind ?? '']) return { expected: 0, orphan: p.metadata?.name };
      if (seen.has(ref.uid)) continue;
      seen.add(ref.uid);
      expected += (owner.spec as { replicas?: number } | undefined)?.replicas ?? 1;
    }
    return { expected };
  }

  private sync(pdb: PodDisruptionBudget): void {
    const nowMs = this.ctx.nowMs();
    const pods = this.podsOf(pdb);
    const spec = pdb.spec ?? {};
    let expected = 0;
    let desired = 0;
    let failure: string | undefined;
    const scaled = (v: number | string, total: number, roundUp: boolean) => {
      if (typeof v === 'number') return v;
      const pct = Number(String(v).replace('%', ''));
      return roundUp ? Math.ceil((pct * total) / 100) : Math.floor((pct * total) / 100);
    };
    if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
      const r = this.expectedFromControllers(pods);
      if (r.orphan) failure = `found no controllers for pod "${r.orphan}"`;
      expected = r.expected;
      desired = Math.max(0, expected - scaled(spec.maxUnavailable, expected, true));
    } else if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
      if (typeof spec.minAvailable === 'number') {
        expected = pods.length;
        desired = spec.minAvailable;
      } else {
        const r = this.expectedFromControllers(pods);
        if (r.orphan) failure = `found no controllers for pod "${r.orphan}"`;
        expected = r.expected;
        desired = scaled(spec.minAvailable, expected, true);
      }
    }
    // forget evictions that have turned into deletions, or that never did within 2 minutes
    const disrupted: Record<string, string> = {};
    let nextExpiry = Infinity;
    for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
      const p = this.ctx.store.get<Pod>('pods', pdb.metadata?.namespace ?? '', name);
      if (!p || p.metadata?.deletionTimestamp) continue;
      const expires = parseTime(at) + DELETION_TIMEOUT_MS;
      if (expires <= nowMs) continue;
      disrupted[name] = at;
      nextExpiry = Math.min(nextExpiry, expires);
    }
    let healthy = 0;
    for (const p of pods) if (!p.metadata?.deletionTimestamp && !disrupted[p.metadata?.name ?? ''] && isPodReady(p)) healthy++;
    if (failure) this.recorder.event(pdb, 'Warning', 'NoControllers', failure);
    const allowed = failure || expected <= 0 ? 0 : Math.max(0, healthy - desired);
    const status: PodDisruptionBudgetStatus = {
      observedGeneration: pdb.metadata?.generation,
      disruptedPods: Object.keys(disrupted).length ? disrupted : undefined,
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
      conditions: this.condition(pdb, failure ? 'SyncFailed' : allowed > 0 ? 'SufficientPods' : 'InsufficientPods', failure ?? '', nowMs),
    };
    this.writeStatus(this.client, pdb, status);
    if (nextExpiry !== Infinity) this.queue.addAfter(keyOf(pdb), nextExpiry - nowMs);
  }

  private condition(pdb: PodDisruptionBudget, reason: string, message: string, nowMs: number): Condition[] {
    const status = reason === 'SufficientPods' ? 'True' : 'False';
    const old = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const c: Condition = {
      type: 'DisruptionAllowed',
      status,
      reason,
      message,
      observedGeneration: pdb.metadata?.generation,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : rfc3339(nowMs),
    };
    return [...(pdb.status?.conditions ?? []).filter((x) => x.type !== 'DisruptionAllowed'), c];
  }

  private writeStatus(client: ApiClient, pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus): void {
    const clean = JSON.parse(JSON.stringify(status)) as PodDisruptionBudgetStatus;
    if (deepEqual(clean, pdb.status)) return;
    client.updateStatus('poddisruptionbudgets', pdb.metadata?.namespace, { ...pdb, status: clean } as KObject);
  }

  // ---- the API server's eviction check --------------------------------------------------------

  /** `checkAndDecrement` of the eviction REST handler: null lets the eviction proceed. */
  checkEviction(pod: KObject): ApiError | null {
    const p = pod as Pod;
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || p.metadata?.deletionTimestamp) return null;
    const pdbs = [...this.ctx.store.iterate<PodDisruptionBudget>('poddisruptionbudgets', p.metadata?.namespace ?? '')].filter((b) => pdbSelects(b, p));
    if (!pdbs.length) return null;
    if (pdbs.length > 1) return internalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const pdb = pdbs[0];
    const st: PodDisruptionBudgetStatus = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
    const name = pdb.metadata?.name ?? '';
    // IfHealthyBudget: an unready pod may go while the budget is otherwise met
    if (!isPodReady(p) && (st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0 && pdb.spec?.unhealthyPodEvictionPolicy !== 'AlwaysAllow') return null;
    if (!isPodReady(p) && pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return null;
    if ((st.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) {
      return withCause(tooManyRequests(PDB_MESSAGE), `The disruption budget ${name} is still being processed by the server.`);
    }
    if ((st.disruptionsAllowed ?? 0) === 0) {
      return withCause(tooManyRequests(PDB_MESSAGE), `The disruption budget ${name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
    }
    const allowed = (st.disruptionsAllowed ?? 0) - 1;
    const status: PodDisruptionBudgetStatus = {
      ...st,
      disruptionsAllowed: allowed,
      disruptedPods: { ...(st.disruptedPods ?? {}), [p.metadata?.name ?? '']: rfc3339(this.ctx.nowMs()) },
      conditions: allowed === 0 ? this.condition(pdb, 'InsufficientPods', '', this.ctx.nowMs()) : st.conditions,
    };
    try {
      this.writeStatus(this.apiserverClient, pdb, status);
    } catch (e) {
      if (e instanceof ApiError) return e;
      throw e;
    }
    return null;
  }
}

function withCause(err: ApiError, message: string): ApiError {
  return new ApiError({ ...err.status, details: { ...(err.status.details ?? {}), causes: [{ reason: 'DisruptionBudget', message }] } });
}
