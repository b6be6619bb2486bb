/**
 * The node lifecycle controller (`pkg/controller/nodelifecycle/node_lifecycle_controller.go`),
 * events from `node-controller`.
 *
 * Every 5 s (`--node-monitor-period`) it looks at each Node's health signals — the kubelet's
 * Lease `kube-node-lease/<node>` and the Ready condition's lastHeartbeatTime — and when neither
 * moved for 50 s (`--node-monitor-grace-period`; 60 s for a node that never posted status) it
 * sets every condition to Unknown (`NodeStatusUnknown`, `Kubelet stopped posting node status.`),
 * records `NodeNotReady` and marks the node's pods Ready=False. Node conditions become
 * NoSchedule taints at once (TaintNodesByCondition, also `unschedulable` from cordon); the
 * NoExecute taints `unreachable`/`not-ready` go through a per-zone rate-limited queue — which is
 * why they appear one monitor pass (5 s) after the node turned NotReady, exactly as the real
 * controller does: it decides on the Ready condition it observed *before* its own update.
 * When every zone is fully disrupted (no Ready node anywhere), it stops adding NoExecute taints
 * and removes them, so that a control-plane network problem does not evict everything.
 *
 * The health judgement itself is `nodehealth.ts`, the per-zone tainter `ratelimitedqueue.ts`;
 * what stays here (≈460 lines) is the one monitor loop whose steps depend on each other's order.
 */
import { ConnectionRefusedError } from '../api/errors';
import type { KObject, Lease, Node, Pod, PodCondition, Taint } from '../api/types';
import type { ClusterContext } from '../context';
import { rfc3339 } from '../util/time';
import { Controller, splitKey } from './controller';
import { type Health, judgeNode, readyCondition, type ReadySnap } from './nodehealth';
import { newTaintQueue, queueAdd, queueNextAt, queueRemove, queueTry, swapLimiter, type TaintQueueState, type TimedValue } from './ratelimitedqueue';
import { addOrUpdateTaints, hasTaint, isNotFound, removeTaints, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE } from './taints';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const EVICTION_QPS = 0.1;
export const SECONDARY_EVICTION_QPS = 0.01;
export const LARGE_CLUSTER_THRESHOLD = 50;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;

const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };
const EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

/** condition type → status → the NoSchedule taint it stands for (`nodeConditionToTaintKeyStatusMap`) */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

interface State {
  armed: boolean;
  due: boolean;
  health: [string, Health][];
  known: string[];
  zoneStates: [string, ZoneState][];
  tainters: [string, TaintQueueState][];
  retry: string[];
  passDue: boolean;
  passTimerAt: number | null;
}

export class NodeLifecycleController extends Controller {
  private armed = false;
  private due = true;
  private health = new Map<string, Health>();
  private known = new Map<string, string>(); // name → uid
  private zoneStates = new Map<string, ZoneState>();
  private tainters = new Map<string, TaintQueueState>();
  private retry = new Set<string>();
  private passDue = false;
  private passTimerAt: number | null = null;

  constructor(ctx: ClusterContext) {
    super('nodelifecycle', ctx, 'node-controller');
    ctx.clock.register('nodelifecycle:monitor', (kind) => {
      if (kind === 'monitor') {
        this.armed = false;
        this.due = true;
      } else {
        this.passTimerAt = null;
        this.passDue = true;
      }
    });
    ctx.store.subscribe('nodes', (e) => {
      if (e.type !== 'DELETED') this.queue.add(`node:${e.object.metadata?.name}`);
    });
    ctx.store.subscribe('pods', (e) => {
      const node = (e.object as Pod).spec?.nodeName;
      // a pod newly bound to a node that is not Ready is marked not ready too (`podUpdated`);
      // filtered here rather than in processPod so 150,000 bindings cost no queue work
      if (e.type === 'DELETED' || !node || (e.old as Pod | undefined)?.spec?.nodeName === node) return;
      const ready = this.health.get(node)?.ready;
      if (ready && ready.status !== 'True') this.queue.add(`pod:${e.object.metadata?.namespace}/${e.object.metadata?.name}`);
    });
  }

  override process_(): boolean {
    if (!this.armed) {
      this.armed = true;
      this.ctx.clock.after(NODE_MONITOR_PERIOD_MS, 'nodelifecycle:monitor', 'monitor');
    }
    let did = super.process_();
    if (this.due) {
      this.due = false;
      did = true;
      try {
        this.monitorNodeHealth();
      } catch (e) {
        this.reportUnlessRefused(e);
      }
    }
    if (this.passDue) {
      this.passDue = false;
      did = true;
      this.doNoExecuteTaintingPass();
    }
    return did;
  }

  /** A restarted controller-manager knows nothing: every node gets a fresh grace period. */
  override resync(): void {
    this.health.clear();
    this.known.clear();
    this.zoneStates.clear();
    this.tainters.clear();
    this.retry.clear();
    this.due = true;
    super.resync();
  }

  protected allKeys(): Iterable<string> {
    return [...this.ctx.store.iterate('nodes')].map((n) => `node:${n.metadata?.name}`);
  }

  protected reconcile(key: string): void {
    if (key.startsWith('node:')) this.doNoScheduleTaintingPass(key.slice(5));
    else if (key.startsWith('pod:')) this.processPod(key.slice(4));
  }

  // ---- NoSchedule taints follow conditions and spec.unschedulable --------------------------

  private doNoScheduleTaintingPass(name: string): void {
    const node = this.ctx.store.get<Node>('nodes', '', name);
    if (!node) return;
    const want: Taint[] = [];
    for (const c of node.status?.conditions ?? []) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
    const toAdd = want.filter((w) => !have.some((h) => h.key === w.key));
    const toDel = have.filter((h) => !want.some((w) => w.key === h.key));
    if (!toAdd.length && !toDel.length) return;
    this.swapTaints(name, toAdd, toDel);
  }

  /** `SwapNodeControllerTaint`: added taints get timeAdded = now; two writes, as in the source. */
  private swapTaints(name: string, add: Taint[], remove: Taint[]): boolean {
    const now = rfc3339(this.ctx.nowMs());
    if (!addOrUpdateTaints(this.client, this.ctx.store, name, add.map((t) => ({ ...t, timeAdded: now })))) return false;
    return removeTaints(this.client, this.ctx.store, name, remove);
  }

  // ---- the monitor pass --------------------------------------------------------------------

  private monitorNodeHealth(): void {
    const now = this.ctx.nowMs();
    const nodes = this.ctx.store.list<Node>('nodes');
    const present = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata!.name!;
      present.add(name);
      if (!this.known.has(name)) {
        this.nodeEvent(node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`);
        this.known.set(name, node.metadata!.uid!);
        this.addZone(node);
        this.markNodeAsReachable(node);
      } else this.addZone(node);
    }
    for (const [name, uid] of [...this.known]) {
      if (present.has(name)) continue;
      this.nodeEvent({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid } }, 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
      this.known.delete(name);
      this.health.delete(name);
    }

    const zoneConditions = new Map<string, (string | undefined)[]>();
    for (const listed of nodes) {
      const name = listed.metadata!.name!;
      const { observed, current, node } = this.tryUpdateNodeHealth(listed, now);
      if (!node.metadata?.labels?.[EXCLUDE_DISRUPTION]) {
        const zone = zoneKey(node);
        const list = zoneConditions.get(zone) ?? [];
        list.push(current?.status);
        zoneConditions.set(zone, list);
      }
      if (!current) continue;
      this.processTaintBaseEviction(node, observed.status);
      const needsRetry = this.retry.has(name);
      let mark = false;
      if (current.status !== 'True' && observed.status === 'True') {
        // reported once, on the transition (`RecordNodeStatusChange`)
        this.nodeEvent(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
        mark = true;
      } else if (needsRetry && observed.status !== 'True') mark = true;
      if (mark) {
        try {
          this.markPodsNotReady(this.ctx.store.podsOn<Pod>(name), name);
        } catch (e) {
          this.reportUnlessRefused(e);
          this.retry.add(name);
          continue;
        }
      }
      this.retry.delete(name);
    }
    this.handleDisruption(zoneConditions, nodes, now);
  }

  /** Judges one node; writes its status when it must become Unknown. */
  private tryUpdateNodeHealth(node: Node, now: number): { observed: ReadySnap; current?: ReadySnap; node: Node } {
    const name = node.metadata!.name!;
    const lease = this.ctx.store.get<Lease>('leases', 'kube-node-lease', name);
    const j = judgeNode(node, lease, this.health.get(name), now);
    if (!j.status) {
      this.health.set(name, j.health);
      return j.current ? { observed: j.observed, current: j.current, node } : { observed: j.observed, node };
    }
    // the record changes only once the write went through (a failed write is retried next pass)
    const updated = this.client.updateStatus<Node>('nodes', undefined, { ...node, status: j.status });
    this.health.set(name, j.health);
    return { observed: j.observed, current: j.current, node: updated };
  }

  private processTaintBaseEviction(node: Node, observed: string): void {
    const taints = node.spec?.taints;
    if (observed === 'False') {
      if (hasTaint(taints, UNREACHABLE_NO_EXECUTE)) this.swapTaints(node.metadata!.name!, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
      else this.markNodeForTainting(node, 'False');
    } else if (observed === 'Unknown') {
      if (hasTaint(taints, NOT_READY_NO_EXECUTE)) this.swapTaints(node.metadata!.name!, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
      else this.markNodeForTainting(node, 'Unknown');
    } else if (observed === 'True') {
      this.markNodeAsReachable(node);
    }
  }

  // ---- pods --------------------------------------------------------------------------------

  private processPod(key: string): void {
    const [ns, name] = splitKey(key);
    const pod = this.ctx.store.get<Pod>('pods', ns, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const h = this.health.get(nodeName);
    if (!h?.ready || !this.ctx.store.get('nodes', '', nodeName)) return;
    if (h.ready.status !== 'True') this.markPodsNotReady([pod], nodeName);
  }

  /** `MarkPodsNotReady`: only the Ready condition flips to False; reason and message stay. */
  private markPodsNotReady(pods: Pod[], nodeName: string): void {
    const errors: unknown[] = [];
    const now = rfc3339(this.ctx.nowMs());
    for (const pod of pods) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const conditions = pod.status?.conditions ?? [];
      const i = conditions.findIndex((c) => c.type === 'Ready');
      if (i < 0 || conditions[i].status === 'False') continue;
      const next: PodCondition[] = [...conditions];
      next[i] = { ...conditions[i], status: 'False', lastTransitionTime: now };
      try {
        this.client.updateStatus('pods', pod.metadata?.namespace, { ...pod, status: { ...pod.status, conditions: next } });
      } catch (e) {
        if (isNotFound(e)) continue;
        errors.push(e);
      }
      this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
    if (errors.length) throw errors[0];
  }

  // ---- the rate-limited NoExecute tainter, per zone ----------------------------------------

  private addZone(node: Node): void {
    const zone = zoneKey(node);
    if (this.zoneStates.has(zone)) return;
    this.zoneStates.set(zone, 'Initial');
    if (!this.tainters.has(zone)) this.tainters.set(zone, newTaintQueue(EVICTION_QPS, this.ctx.nowMs()));
  }

  private tainter(node: Node): TaintQueueState {
    this.addZone(node);
    return this.tainters.get(zoneKey(node))!;
  }

  private markNodeForTainting(node: Node, status: 'False' | 'Unknown'): void {
    const q = this.tainter(node);
    const name = node.metadata!.name!;
    const taints = node.spec?.taints;
    if (status === 'False' && !hasTaint(taints, NOT_READY_NO_EXECUTE)) queueRemove(q, name);
    if (status === 'Unknown' && !hasTaint(taints, UNREACHABLE_NO_EXECUTE)) queueRemove(q, name);
    if (queueAdd(q, name, node.metadata!.uid!, this.ctx.nowMs())) this.passDue = true;
  }

  private markNodeAsReachable(node: Node): void {
    const name = node.metadata!.name!;
    removeTaints(this.client, this.ctx.store, name, [UNREACHABLE_NO_EXECUTE]);
    removeTaints(this.client, this.ctx.store, name, [NOT_READY_NO_EXECUTE]);
    queueRemove(this.tainter(node), name);
  }

  private doNoExecuteTaintingPass(): void {
    const now = this.ctx.nowMs();
    let next = Infinity;
    for (const q of this.tainters.values()) {
      try {
        queueTry(q, now, (v) => this.taintOne(v));
      } catch (e) {
        this.reportUnlessRefused(e);
      }
      next = Math.min(next, queueNextAt(q));
    }
    if (next < Infinity && (this.passTimerAt === null || next < this.passTimerAt)) {
      this.passTimerAt = next;
      // timers run on virtual time; health times are absolute
      this.ctx.clock.at(next - (this.ctx.nowMs() - this.ctx.clock.now), 'nodelifecycle:monitor', 'pass');
    }
  }

  private taintOne(v: TimedValue): [boolean, number] {
    const node = this.ctx.store.get<Node>('nodes', '', v.node);
    if (!node) return [true, 0];
    const ready = readyCondition(node);
    if (!ready) return [false, 50];
    // "unreachable" and "not-ready" are mutually exclusive, mirroring the Ready condition
    if (ready.status === 'False') return [this.swapTaints(v.node, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]), 0];
    if (ready.status === 'Unknown') return [this.swapTaints(v.node, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]), 0];
    return [true, 0];
  }

  // ---- zones -------------------------------------------------------------------------------

  private handleDisruption(zoneConditions: Map<string, (string | undefined)[]>, nodes: Node[], now: number): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFully = true;
    for (const [zone, conds] of zoneConditions) {
      const state = computeZoneState(conds);
      if (state !== 'FullDisruption') allAreFully = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFully = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== 'FullDisruption') {
        allWasFully = false;
        break;
      }
    }
    if (allAreFully && allWasFully) return;
    if (allAreFully) {
      // every node of every zone is down: more likely the control plane's network than the
      // nodes, so stop evicting and take the NoExecute taints off again
      for (const n of nodes) this.markNodeAsReachable(this.ctx.store.get<Node>('nodes', '', n.metadata!.name!) ?? n);
      for (const zone of this.zoneStates.keys()) {
        swapLimiter(this.tainters.get(zone)!, 0, now);
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFully) {
      for (const n of nodes) {
        const h = this.health.get(n.metadata!.name!);
        if (h) this.health.set(n.metadata!.name!, { ...h, probe: now, readyTransition: now });
      }
      for (const zone of this.zoneStates.keys()) {
        this.setLimiter(zone, zoneConditions.get(zone)?.length ?? 0, newStates.get(zone)!, now);
        this.zoneStates.set(zone, newStates.get(zone)!);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.setLimiter(zone, zoneConditions.get(zone)?.length ?? 0, next, now);
      this.zoneStates.set(zone, next);
    }
  }

  private setLimiter(zone: string, size: number, state: ZoneState, now: number): void {
    const q = this.tainters.get(zone);
    if (!q) return;
    if (state === 'Normal' || state === 'FullDisruption') swapLimiter(q, EVICTION_QPS, now);
    else if (state === 'PartialDisruption') swapLimiter(q, size > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_QPS : 0, now);
    this.passDue = true;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private nodeEvent(node: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: node.metadata?.name, uid: node.metadata?.uid } }, type, reason, message);
  }

  private reportUnlessRefused(e: unknown): void {
    if (!(e instanceof ConnectionRefusedError)) this.ctx.reportFault(this.name, e);
  }

  protected override extraState(): Record<string, unknown> {
    const s: State = {
      armed: this.armed,
      due: this.due,
      health: [...this.health],
      known: [...this.known].map(([n, u]) => `${n}\u0000${u}`),
      zoneStates: [...this.zoneStates],
      tainters: [...this.tainters],
      retry: [...this.retry],
      passDue: this.passDue,
      passTimerAt: this.passTimerAt,
    };
    return s as unknown as Record<string, unknown>;
  }

  protected override restoreExtra(raw: Record<string, unknown>): void {
    const s = raw as unknown as State;
    this.armed = s.armed;
    this.due = s.due;
    this.health = new Map(s.health);
    this.known = new Map(s.known.map((k) => k.split('\u0000') as [string, string]));
    this.zoneStates = new Map(s.zoneStates);
    this.tainters = new Map(s.tainters);
    this.retry = new Set(s.retry);
    this.passDue = s.passDue;
    this.passTimerAt = s.passTimerAt;
  }
}

/** `nodetopology.GetZoneKey`: region and zone labels (stable, else beta), '' when neither. */
export function zoneKey(node: Node): string {
  const l = node.metadata?.labels;
  if (!l) return '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

/** `ComputeZoneState`: no Ready node → full; ≥3 and ≥55 % not Ready → partial; else normal. */
function computeZoneState(conds: (string | undefined)[]): ZoneState {
  let ready = 0;
  let notReady = 0;
  for (const c of conds) {
    if (c === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}
