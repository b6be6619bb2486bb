/**
 * The Deployment controller (`pkg/controller/deployment/deployment_controller.go`): watches
 * Deployments, their ReplicaSets and (for Recreate) their pods, and reconciles each Deployment:
 * pause bookkeeping, scaling events, then one step of its strategy, then status.
 *
 * State outside the store: the work queue, the set of orphan ReplicaSets (no controller owner,
 * rebuilt from the store on restore) and the progress-deadline timers already set.
 */
import { ApiError } from '../../api/errors';
import { selectorMatches } from '../../api/labels';
import { controllerOf } from '../../api/podutil';
import type { Deployment, KObject, ReplicaSet } from '../../api/types';
import type { ClusterContext } from '../../context';
import type { StoreEvent } from '../../store/store';
import { deepEqual } from '../../util/immutable';
import { Controller, keyOf, RequeueError, splitKey } from '../controller';
import { getCondition, newCondition, REASON, setCondition } from './progress';
import { rolloutRecreate } from './recreate';
import { claimReplicaSets, writeStatus, type DeployCtx } from './replicasets';
import { rolloutRolling } from './rolling';
import { isScalingEvent, syncScaling, syncStatusOnly } from './sync';
import { specOf } from './util';

const DEADLINE_TIMER = 'controller:deployment:deadline';

export class DeploymentController extends Controller {
  /** namespace → keys of ReplicaSets without a controller owner */
  private orphans = new Map<string, Set<string>>();
  /** deployment key → when a deadline check is already scheduled (virtual ms) */
  private deadlines = new Map<string, number>();

  constructor(ctx: ClusterContext) {
    super('deployment', ctx, 'deployment-controller');
    ctx.clock.register(DEADLINE_TIMER, (_kind, data) => {
      const key = data as string;
      // a later check may have been booked meanwhile; forget only the one that is due
      if ((this.deadlines.get(key) ?? Infinity) <= ctx.clock.now) this.deadlines.delete(key);
      this.queue.add(key);
    });
    ctx.store.subscribe('deployments', (e) => this.queue.add(keyOf(e.object)));
    ctx.store.subscribe('replicasets', (e) => this.onReplicaSet(e));
    ctx.store.subscribe('pods', (e) => this.onPod(e));
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('deployments')].map(keyOf);
  }

  // ---- watch handlers -------------------------------------------------------------------------

  private onReplicaSet(e: StoreEvent): void {
    const rs = e.object as ReplicaSet;
    const key = keyOf(rs);
    const ns = rs.metadata?.namespace ?? '';
    const ref = controllerOf(rs);
    if (e.type !== 'DELETED' && !ref) this.orphanSet(ns).add(key);
    else this.orphans.get(ns)?.delete(key);

    const oldRef = e.old ? controllerOf(e.old) : undefined;
    if (oldRef && oldRef.uid !== ref?.uid) this.enqueueOwner(ns, oldRef.uid);
    if (ref) {
      this.enqueueOwner(ns, ref.uid);
      return;
    }
    // an orphan: every Deployment whose selector matches may adopt it
    if (e.type === 'DELETED') return;
    if (e.type === 'MODIFIED' && deepEqual(e.old?.metadata?.labels, rs.metadata?.labels) && oldRef === undefined) return;
    for (const d of this.ctx.store.iterate<Deployment>('deployments', ns)) {
      if (selectorMatches(d.spec?.selector, rs.metadata?.labels)) this.queue.add(keyOf(d));
    }
  }

  /** Recreate waits for old pods to be gone: their deletion wakes the Deployment. */
  private onPod(e: StoreEvent): void {
    if (e.type !== 'DELETED') return;
    const rsRef = controllerOf(e.object);
    if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
    const rs = this.ctx.store.byUID<ReplicaSet>(rsRef.uid);
    const dRef = rs && controllerOf(rs);
    if (!dRef || dRef.kind !== 'Deployment') return;
    const d = this.ctx.store.byUID<Deployment>(dRef.uid);
    if (d?.spec?.strategy?.type === 'Recreate') this.queue.add(keyOf(d));
  }

  private enqueueOwner(ns: string, uid: string): void {
    const d = this.ctx.store.byUID<Deployment>(uid);
    if (d && d.kind === 'Deployment' && (d.metadata?.namespace ?? '') === ns) this.queue.add(keyOf(d));
  }

  private orphanSet(ns: string): Set<string> {
    let s = this.orphans.get(ns);
    if (!s) this.orphans.set(ns, (s = new Set()));
    return s;
  }

  private *orphanRSs(ns: string): Iterable<ReplicaSet> {
    for (const key of [...(this.orphans.get(ns) ?? [])]) {
      const [n, name] = splitKey(key);
      const rs = this.ctx.store.get<ReplicaSet>('replicasets', n, name);
      if (rs && !controllerOf(rs)) yield rs;
    }
  }

  // ---- reconcile ------------------------------------------------------------------------------

  protected reconcile(key: string): void {
    try {
      this.syncDeployment(key);
    } catch (e) {
      // an API error (conflict, quota, namespace terminating): retry later, as the real one does
      if (e instanceof ApiError) throw new RequeueError(e.message);
      throw e;
    }
  }

  private syncDeployment(key: string): void {
    const [ns, name] = splitKey(key);
    const d = this.ctx.store.get<Deployment>('deployments', ns, name);
    if (!d) return;
    const c: DeployCtx = {
      client: this.client,
      recorder: this.recorder,
      store: this.ctx.store,
      nowMs: this.ctx.nowMs(),
      d,
      s: specOf(d),
      requeueAfter: (ms) => this.scheduleDeadline(key, ms),
    };

    if (deepEqual(d.spec?.selector, {})) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) writeStatus(c, { ...(d.status ?? {}), observedGeneration: d.metadata?.generation });
      return;
    }
    const rsList = claimReplicaSets(c, this.orphanRSs(ns));
    if (d.metadata?.deletionTimestamp) return syncStatusOnly(c, rsList);

    checkPausedConditions(c);
    if (c.s.paused) return syncScaling(c, rsList);
    if (isScalingEvent(c, rsList)) return syncScaling(c, relist(c, rsList));
    if (c.s.type === 'Recreate') return rolloutRecreate(c, relist(c, rsList));
    if (c.s.type === 'RollingUpdate') return rolloutRolling(c, relist(c, rsList));
    throw new Error(`unexpected deployment strategy type: ${c.s.type}`);
  }

  private scheduleDeadline(key: string, ms: number): void {
    const at = this.ctx.clock.now + ms;
    const pending = this.deadlines.get(key);
    if (pending !== undefined && pending <= at) return;
    this.deadlines.set(key, at);
    this.ctx.clock.at(at, DEADLINE_TIMER, 'check', key);
  }

  // ---- snapshot -------------------------------------------------------------------------------

  protected extraState(): Record<string, unknown> {
    return { deadlines: Object.fromEntries(this.deadlines) };
  }

  protected restoreExtra(s: Record<string, unknown>): void {
    this.deadlines = new Map(Object.entries((s.deadlines as Record<string, number>) ?? {}));
    this.orphans.clear();
    for (const rs of this.ctx.store.iterate<KObject>('replicasets')) {
      if (!controllerOf(rs)) this.orphanSet(rs.metadata?.namespace ?? '').add(keyOf(rs));
    }
  }
}

/**
 * Earlier steps of a sync may have rewritten ReplicaSets (revision annotations); later steps
 * work on the current objects, as the real controller's next informer read would.
 */
function relist(c: DeployCtx, rsList: ReplicaSet[]): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  for (const rs of rsList) {
    const cur = c.store.get<ReplicaSet>('replicasets', rs.metadata?.namespace ?? '', rs.metadata?.name ?? '');
    if (cur && cur.metadata?.uid === rs.metadata?.uid) out.push(cur);
  }
  return out;
}

/**
 * `checkPausedConditions`: Progressing Unknown/DeploymentPaused while paused, DeploymentResumed
 * on resume — so time spent paused never counts against the progress deadline.
 */
function checkPausedConditions(c: DeployCtx): void {
  if (c.s.progressDeadlineSeconds === undefined) return;
  const cond = getCondition(c.d.status, 'Progressing');
  if (cond?.reason === REASON.timedOut) return;
  const pausedCond = cond?.reason === REASON.paused;
  if (c.s.paused && !pausedCond) {
    writeStatus(c, setCondition(c.d.status ?? {}, newCondition('Progressing', 'Unknown', REASON.paused, 'Deployment is paused', c.nowMs)));
  } else if (!c.s.paused && pausedCond) {
    writeStatus(c, setCondition(c.d.status ?? {}, newCondition('Progressing', 'Unknown', REASON.resumed, 'Deployment is resumed', c.nowMs)));
  }
}
