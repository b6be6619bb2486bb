/**
 * kube-scheduler: takes pending pods from its queue one at a time, runs the framework over the
 * cached nodes, binds the pod to the chosen node (`POST pods/<name>/binding`) or records why it
 * fits nowhere (PodScheduled=False/Unschedulable condition + FailedScheduling event), and
 * evicts lower-priority pods when preemption finds room.
 *
 * Its view of the cluster is the store (the informer cache) plus its own NodeInfo cache, kept
 * from watch events. Only pods without `spec.nodeName`, not being deleted, and asking for
 * `default-scheduler` (or no scheduler) are its business.
 */
import { ConnectionRefusedError } from '../api/errors';
import type { Node, Pod, PodCondition } from '../api/types';
import type { ApiClient } from '../apiserver/client';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import type { EventRecorder } from '../events/recorder';
import type { StoreEvent } from '../store/store';
import { rfc3339 } from '../util/time';
import { DecisionLog, type SchedulingDecision } from './decisions';
import { fitErrorMessage, NO_NODES_MESSAGE } from './fiterror';
import { Framework, type CycleOutcome } from './framework';
import { nodeChange, nodeEventHelps, podBoundHelps, podGoneHelps, type NodeChange } from './hints';
import { SchedulerCache, type NodeInfo } from './nodeinfo';
import { podInfo, type PodInfo } from './podinfo';
import { ImageLocality } from './plugins/imagelocality';
import { NodeAffinity } from './plugins/nodeaffinity';
import { NodeName } from './plugins/nodename';
import { NodePorts } from './plugins/nodeports';
import { NodeResourcesBalancedAllocation } from './plugins/balancedallocation';
import { NodeResourcesFit } from './plugins/noderesourcesfit';
import { NodeUnschedulable } from './plugins/nodeunschedulable';
import { PodTopologySpread } from './plugins/podtopologyspread';
import { TaintToleration } from './plugins/tainttoleration';
import { NodeVolumeLimits } from './plugins/nodevolumelimits';
import { VolumeBinding } from './plugins/volumebinding';
import { VolumeRestrictions } from './plugins/volumerestrictions';
import { VolumeZone } from './plugins/volumezone';
import { preempt, type Candidate } from './preemption';
import { SchedulingQueue, type QueueState } from './queue';

export const SCHEDULER_NAME = 'default-scheduler';
const VOLUME_PLUGINS = new Set(['VolumeBinding', 'VolumeRestrictions', 'VolumeZone', 'NodeVolumeLimits']);

interface SchedulerState {
  queue: QueueState;
  decisions: SchedulingDecision[];
  startIndex: number;
}

export class Scheduler implements Component {
  readonly name = 'scheduler';
  readonly process = 'kube-scheduler';
  readonly cache = new SchedulerCache();
  private readonly queue: SchedulingQueue;
  private readonly framework: Framework;
  private readonly decisions = new DecisionLog();
  private readonly client: ApiClient;
  private readonly recorder: EventRecorder;
  private readonly volumeBinding: VolumeBinding;

  constructor(readonly ctx: ClusterContext) {
    this.client = ctx.client('kube-scheduler');
    this.recorder = ctx.recorder(SCHEDULER_NAME);
    this.queue = new SchedulingQueue(ctx.clock, 'scheduler');
    const taints = new TaintToleration();
    const affinity = new NodeAffinity();
    const fit = new NodeResourcesFit();
    const spread = new PodTopologySpread(ctx.store);
    this.volumeBinding = new VolumeBinding(ctx.store, this.client);
    // filter order and score weights of the default profile (default_plugins.go)
    this.framework = new Framework(
      [new NodeUnschedulable(), new NodeName(), taints, affinity, new NodePorts(), fit, new VolumeRestrictions(ctx.store), new NodeVolumeLimits(ctx.store), this.volumeBinding, new VolumeZone(ctx.store), spread],
      [taints, affinity, fit, spread, new NodeResourcesBalancedAllocation(), new ImageLocality(() => this.cache.list)],
      ctx.random,
    );
    ctx.store.subscribe('nodes', (e) => this.onNode(e));
    ctx.store.subscribe('pods', (e) => this.onPod(e));
    // claims, volumes and classes changing may help pods the volume plugins rejected
    const volumeEvent = () => this.queue.moveIf((qp) => qp.rejectors.some((r) => VOLUME_PLUGINS.has(r)));
    for (const r of ['persistentvolumeclaims', 'persistentvolumes', 'storageclasses']) ctx.store.subscribe(r, volumeEvent);
    this.rebuildCache();
  }

  /** Why the pod is where it is, or why it is Pending (kept for pending and recent pods). */
  decisionFor(podUid: string): SchedulingDecision | undefined {
    return this.decisions.get(podUid);
  }

  // ---- watch events -----------------------------------------------------------------------

  private static ours(pod: Pod): boolean {
    const name = pod.spec?.schedulerName;
    return !name || name === SCHEDULER_NAME;
  }

  private static pending(pod: Pod): boolean {
    return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && Scheduler.ours(pod);
  }

  private onNode(e: StoreEvent): void {
    const node = e.object as Node;
    const name = node.metadata?.name ?? '';
    if (e.type === 'DELETED') {
      this.cache.removeNode(name);
      return;
    }
    const change = nodeChange(e.type === 'ADDED' ? undefined : (e.old as Node), node);
    const ni = this.cache.upsertNode(node);
    if (change) this.nodeChanged(ni, change);
  }

  private nodeChanged(ni: NodeInfo, change: NodeChange): void {
    this.queue.moveIf((qp) => {
      const pod = this.ctx.store.byUID<Pod>(qp.uid);
      if (!pod) return false;
      const pi = podInfo(pod);
      return qp.rejectors.length === 0 || qp.rejectors.some((p) => nodeEventHelps(p, pi, ni, change));
    });
  }

  private onPod(e: StoreEvent): void {
    const pod = e.object as Pod;
    const old = e.old as Pod | undefined;
    const uid = pod.metadata?.uid ?? '';
    const wasCounted = this.cache.isCounted(uid);
    if (e.type === 'DELETED') {
      this.cache.updatePod(uid, undefined, pod);
      this.queue.delete(uid);
      this.decisions.forgetPending(uid);
    } else {
      this.cache.updatePod(uid, pod, old);
      if (Scheduler.pending(pod)) {
        const qp = this.queue.get(uid);
        if (!qp) this.queue.add(uid, pod.spec?.priority ?? 0);
        // the pod itself changed (tolerations, labels): maybe it fits now
        else if (old && (old.spec !== pod.spec || old.metadata?.labels !== pod.metadata?.labels)) this.queue.moveOne(uid);
      } else this.queue.delete(uid);
    }
    const isCounted = this.cache.isCounted(uid);
    if (wasCounted && !isCounted) this.queue.moveIf((qp) => qp.rejectors.length === 0 || qp.rejectors.some(podGoneHelps));
    else if (isCounted && (!wasCounted || old?.metadata?.labels !== pod.metadata?.labels)) this.queue.moveIf((qp) => qp.rejectors.length === 0 || qp.rejectors.some(podBoundHelps));
  }

  // ---- scheduling -------------------------------------------------------------------------

  process_(): boolean {
    let did = false;
    for (let qp = this.queue.pop(); qp; qp = this.queue.pop()) {
      did = true;
      const pod = this.ctx.store.byUID<Pod>(qp.uid);
      if (!pod || !Scheduler.pending(pod)) {
        this.queue.delete(qp.uid);
        continue;
      }
      try {
        this.scheduleOne(pod, qp.attempts);
      } catch (e) {
        // handleSchedulingFailure for an error: Warning FailedScheduling with the error, and the
        // pod back in the back-off queue (1 s doubling to 10 s)
        this.ctx.reportFault(this.name, e, { object: pod, key: qp.uid, reason: 'FailedScheduling' });
        this.queue.failed(qp.uid, [], true);
      }
    }
    return did;
  }

  private readonly lookup = (name: string) => this.cache.node(name);

  private scheduleOne(pod: Pod, attempt: number): void {
    const pi = podInfo(pod);
    const nominatedName = pod.status?.nominatedNodeName;
    const outcome = this.framework.schedule(pi, this.cache.list, nominatedName ? this.cache.node(nominatedName) : undefined, this.lookup);
    if (outcome.node) this.bind(pi, outcome, attempt);
    else this.fail(pi, outcome, attempt);
  }

  private bind(pi: PodInfo, outcome: CycleOutcome, attempt: number): void {
    const node = outcome.node!;
    // VolumeBinding PreBind: the pod waits until its claims are bound for this node
    if (this.volumeBinding.preBind(pi, this.cache.node(node)!)) {
      this.queue.failed(pi.uid, ['VolumeBinding']);
      return;
    }
    // assume first: the next pod in this same pass must see this one on the node
    this.cache.assume(pi.uid, pi.spec, node);
    try {
      this.client.bind(pi.namespace, pi.name, node);
    } catch (e) {
      this.cache.forget(pi.uid, pi.spec);
      if (e instanceof ConnectionRefusedError) this.queue.failed(pi.uid, [], true);
      else this.queue.delete(pi.uid); // bound elsewhere or being deleted meanwhile
      return;
    }
    this.queue.done(pi.uid);
    this.recorder.event(pi.pod, 'Normal', 'Scheduled', `Successfully assigned ${pi.namespace}/${pi.name} to ${node}`);
    this.decisions.record(this.decision(pi, outcome, attempt, 'Scheduled'));
  }

  private fail(pi: PodInfo, outcome: CycleOutcome, attempt: number): void {
    let message: string;
    let candidate: Candidate | undefined;
    if (outcome.nodesTotal === 0) message = NO_NODES_MESSAGE;
    else {
      const p = preempt(pi, outcome, this.framework, this.ctx.store, outcome.state, outcome.active);
      candidate = p.candidate;
      message = fitErrorMessage(outcome.nodesTotal, outcome.reasonCounts, outcome.preFilterMsg, p.message);
    }
    this.queue.failed(pi.uid, [...outcome.rejectors]);
    if (candidate) this.evictVictims(pi, candidate);
    this.recorder.event(pi.pod, 'Warning', 'FailedScheduling', message);
    this.setUnschedulable(pi.pod, message, candidate?.node);
    this.decisions.record(this.decision(pi, outcome, attempt, 'Unschedulable', message));
  }

  /** PodScheduled=False/Unschedulable, written only when it changes (`updatePod`). */
  private setUnschedulable(pod: Pod, message: string, nominatedNodeName: string | undefined): void {
    const conditions = pod.status?.conditions ?? [];
    const existing = conditions.find((c) => c.type === 'PodScheduled');
    const nnnChange = nominatedNodeName !== undefined && pod.status?.nominatedNodeName !== nominatedNodeName;
    if (existing?.status === 'False' && existing.reason === 'Unschedulable' && existing.message === message && !nnnChange) return;
    const cond: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      lastProbeTime: null as unknown as string,
      lastTransitionTime: existing?.status === 'False' ? existing.lastTransitionTime : rfc3339(this.ctx.nowMs()),
      reason: 'Unschedulable',
      message,
    };
    const status = { ...pod.status, conditions: [...conditions.filter((c) => c !== existing), cond] };
    if (nominatedNodeName !== undefined) status.nominatedNodeName = nominatedNodeName;
    try {
      this.client.updateStatus('pods', pod.metadata?.namespace, { ...pod, status });
    } catch {
      // the next attempt writes it again
    }
  }

  /** Preemption: mark each victim DisruptionTarget, delete it gracefully, tell why. */
  private evictVictims(preemptor: PodInfo, c: Candidate): void {
    for (const v of c.victims) {
      const ns = v.metadata?.namespace;
      const name = v.metadata?.name ?? '';
      try {
        const cur = this.ctx.store.get<Pod>('pods', ns ?? '', name) ?? v;
        const cond: PodCondition = {
          type: 'DisruptionTarget',
          status: 'True',
          lastProbeTime: null as unknown as string,
          lastTransitionTime: rfc3339(this.ctx.nowMs()),
          reason: 'PreemptionByScheduler',
          message: `${SCHEDULER_NAME}: preempting to accommodate a higher priority pod`,
        };
        const conditions = [...(cur.status?.conditions ?? []).filter((x) => x.type !== 'DisruptionTarget'), cond];
        const updated = this.client.updateStatus<Pod>('pods', ns, { ...cur, status: { ...cur.status, conditions } });
        this.client.delete('pods', ns, name);
        this.recorder.event(updated, 'Normal', 'Preempted', `Preempted by pod ${preemptor.uid} on node ${c.node}`);
      } catch {
        // gone already, or the API server is down: the next attempt tries again
      }
    }
  }

  private decision(pi: PodInfo, o: CycleOutcome, attempt: number, result: 'Scheduled' | 'Unschedulable', message?: string): SchedulingDecision {
    const d: SchedulingDecision = {
      pod: `${pi.namespace}/${pi.name}`,
      podUid: pi.uid,
      at: this.ctx.nowMs(),
      attempt,
      nodesTotal: o.nodesTotal,
      evaluated: o.evaluated,
      feasible: o.feasible,
      result,
      filtered: o.filtered,
      reasonCounts: Object.fromEntries(o.reasonCounts),
      scores: o.scores,
      summarized: o.nodesTotal > 100,
    };
    if (o.node) d.node = o.node;
    if (message) d.message = message;
    return d;
  }

  // ---- restart, snapshot ------------------------------------------------------------------

  private rebuildCache(): void {
    this.cache.clear();
    for (const n of this.ctx.store.iterate<Node>('nodes')) this.cache.upsertNode(n);
    for (const p of this.ctx.store.iterate<Pod>('pods')) this.cache.updatePod(p.metadata?.uid ?? '', p);
  }

  /** A (re)started kube-scheduler lists everything again and queues every pending pod. */
  resync(): void {
    this.rebuildCache();
    this.queue.clear();
    for (const p of this.ctx.store.iterate<Pod>('pods')) if (Scheduler.pending(p)) this.queue.add(p.metadata?.uid ?? '', p.spec?.priority ?? 0);
  }

  snapshot(): SchedulerState {
    return { queue: this.queue.state(), decisions: this.decisions.state(), startIndex: this.framework.startIndex };
  }

  restore(state: unknown): void {
    const s = state as SchedulerState;
    this.rebuildCache();
    this.queue.restore(s.queue);
    this.decisions.restore(s.decisions);
    this.framework.startIndex = s.startIndex;
  }
}
