/**
 * Every node's kubelet (and its containerd), hosted in one component for speed; each node's
 * agent still acts alone: it only works while its machine has power and its kubelet process
 * runs, and only talks to the API server while its network link is up.
 *
 * Work arrives three ways: pod watch events (a pod bound here, a deletion started, a pod gone),
 * infrastructure changes (machine added, power, process, network), and timers — one per pod
 * for its next due action, one per node for the 10 s lease/status heartbeat.
 */
import type { KObject, Pod } from '../api/types';
import type { LogOptions } from '../apiserver/apiserver';
import type { ApiClient } from '../apiserver/client';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import type { EventRecorder } from '../events/recorder';
import type { Machine } from '../infra/machines';
import type { Random } from '../random';
import type { Store, StoreEvent } from '../store/store';
import { rfc3339 } from '../util/time';
import type { Host } from './host';
import { resolveImage, type PullResult } from './images';
import { logsFor } from './logs';
import { heartbeat, KUBE_PROXY_IMAGE, LEASE_RENEW_MS, PAUSE_IMAGE, register } from './node';
import { isMirrorPod, syncStaticPods } from './staticpods';
import { advanceRuntime, HOST_NETWORK, memCap, newCtr, powerLoss, programOf, specOf, syncPod } from './podworker';
import type { KubeletsState, NodeState, PodState } from './state';

const OWNER = 'kubelet';
const BUCKET_MS = 100;
/** pod_workers.go `backOffPeriod`: a pod whose sync failed is synced again 10 s later */
const FAULT_RETRY_MS = 10_000;
const PRELOADED_KUBE_PROXY_BYTES = (() => {
  const r = resolveImage(KUBE_PROXY_IMAGE);
  return r.ok ? r.info.sizeBytes : 0;
})();

export interface ContainerUsage {
  name: string;
  cpuMillis: number;
  memoryBytes: number;
}

export class Kubelets implements Component, Host {
  readonly name = 'kubelet';
  readonly process = 'kubelet';
  readonly random: Random;
  readonly store: Store;
  private nodes = new Map<string, NodeState>();
  private pods = new Map<string, PodState>();
  /** node → uids of the pods its runtime knows */
  private byNode = new Map<string, Set<string>>();
  private ips = new Map<string, Set<number>>();
  private queue = new Set<string>();
  private nodeQueue = new Set<string>();
  private recorders = new Map<string, EventRecorder>();
  private clients = new Map<string, ApiClient>();
  private resolved = new Map<string, PullResult>();
  /** bucket time → uids to look at then */
  private buckets = new Map<number, string[]>();

  constructor(readonly ctx: ClusterContext) {
    this.random = ctx.random;
    this.store = ctx.store;
    ctx.clock.register(OWNER, (kind, data) => this.onTimer(kind, data));
    ctx.store.subscribe('pods', (e) => this.onPod(e));
    ctx.infra.onChange((m, what, detail) => this.onInfra(m, what, detail));
  }

  // ---- Component ---------------------------------------------------------------------------

  process_(): boolean {
    let worked = false;
    if (this.nodeQueue.size) {
      const names = [...this.nodeQueue];
      this.nodeQueue.clear();
      for (const n of names) {
        try {
          this.syncNode(n);
        } catch (e) {
          // contained: shown on the Node, tried again with the next heartbeat tick's resync
          this.ctx.reportFault(this.name, e, { object: this.store.get('nodes', '', n), key: n });
          this.ctx.clock.after(FAULT_RETRY_MS, OWNER, 'sync-node', n);
        }
      }
      worked = true;
    }
    while (this.queue.size) {
      const uids = [...this.queue];
      this.queue.clear();
      for (const uid of uids) {
        const p = this.pods.get(uid);
        if (!p) continue;
        try {
          syncPod(this, p);
        } catch (e) {
          // the pod worker's answer to a failed sync (pod_workers.go): Warning FailedSync on the
          // pod, and the pod synced again after the 10 s back-off period
          this.ctx.reportFault(this.name, e, { object: this.store.byUID(uid), key: uid });
          this.schedule(p, this.now() + FAULT_RETRY_MS);
        }
      }
      worked = true;
    }
    return worked;
  }

  resync(): void {
    for (const n of this.nodes.keys()) this.nodeQueue.add(n);
  }

  snapshot(): KubeletsState & { queue: string[]; nodeQueue: string[]; buckets: [number, string[]][] } {
    const fin = (t: number) => (t === Infinity ? -1 : t);
    return JSON.parse(
      JSON.stringify({
        nodes: [...this.nodes.values()].map((n) => ({ ...n, usedIPs: [...(this.ips.get(n.name) ?? [])] })),
        pods: [...this.pods.values()].map((p) => ({ ...p, wakeAt: fin(p.wakeAt), timerAt: fin(p.timerAt) })),
        queue: [...this.queue],
        nodeQueue: [...this.nodeQueue],
        buckets: [...this.buckets],
      }),
    );
  }

  restore(raw: unknown): void {
    const s = JSON.parse(JSON.stringify(raw)) as KubeletsState & { queue?: string[]; nodeQueue?: string[]; buckets?: [number, string[]][] };
    const inf = (t: number) => (t === -1 || t === null ? Infinity : t);
    this.nodes.clear();
    this.pods.clear();
    this.byNode.clear();
    this.ips.clear();
    for (const n of s.nodes) {
      this.nodes.set(n.name, n);
      this.ips.set(n.name, new Set(n.usedIPs));
      this.byNode.set(n.name, new Set());
    }
    for (const p of s.pods) {
      p.wakeAt = inf(p.wakeAt);
      p.timerAt = inf(p.timerAt);
      this.pods.set(p.uid, p);
      this.podsOf(p.node).add(p.uid);
    }
    this.queue = new Set(s.queue ?? []);
    this.nodeQueue = new Set(s.nodeQueue ?? []);
    this.buckets = new Map(s.buckets ?? []);
  }

  // ---- Host --------------------------------------------------------------------------------

  now(): number {
    return this.ctx.clock.now;
  }
  abs(t: number): number {
    return t + (this.ctx.nowMs() - this.ctx.clock.now);
  }
  ts = (t: number): string => rfc3339(this.abs(t));
  node(name: string): NodeState | undefined {
    return this.nodes.get(name);
  }
  machine(name: string): Machine | undefined {
    return this.ctx.infra.get(name);
  }
  kubeletUp(node: string): boolean {
    return this.ctx.infra.running(node, 'kubelet');
  }
  reachable(node: string): boolean {
    const m = this.ctx.infra.get(node);
    return !!m && m.network && m.powered && m.processes.kubelet === true;
  }
  client(node: string): ApiClient {
    let c = this.clients.get(node);
    if (!c) this.clients.set(node, (c = this.ctx.client(`kubelet/${node}`)));
    return c;
  }
  event(node: string, obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    if (!this.reachable(node)) return; // events of a cut-off kubelet are lost
    let r = this.recorders.get(node);
    if (!r) this.recorders.set(node, (r = this.ctx.recorder('kubelet', node)));
    r.event(obj, type, reason, message, fieldPath);
  }
  resolve(image: string): PullResult {
    let r = this.resolved.get(image);
    if (!r) this.resolved.set(image, (r = resolveImage(image)));
    return r;
  }
  containerID(): string {
    return this.random.hex(64);
  }
  allocIP(ns: NodeState): number {
    const used = this.ipsOf(ns.name);
    for (let i = 0; i < 253; i++) {
      const ip = ns.nextIP;
      ns.nextIP = ns.nextIP >= 254 ? 2 : ns.nextIP + 1;
      if (!used.has(ip)) {
        used.add(ip);
        return ip;
      }
    }
    return ns.nextIP;
  }
  podIP(p: PodState): string {
    if (p.ipIndex === HOST_NETWORK) return this.machine(p.node)?.internalIP ?? '';
    return `${this.machine(p.node)?.podNet ?? '10.244.0'}.${p.ipIndex}`;
  }
  /**
   * Wake-ups are gathered in 100 ms buckets, one clock timer per bucket: thousands of pods
   * starting together cost a handful of timers (timestamps have second precision anyway).
   */
  schedule(p: PodState, t: number): void {
    p.wakeAt = t;
    if (t === Infinity) return;
    const now = this.ctx.clock.now;
    if (p.timerAt > now && p.timerAt <= t) return; // an earlier wake-up will look again
    const at = Math.max(Math.ceil(t / BUCKET_MS) * BUCKET_MS, now);
    p.timerAt = at;
    let list = this.buckets.get(at);
    if (!list) {
      this.buckets.set(at, (list = []));
      this.ctx.clock.at(at, OWNER, 'bucket', at);
    }
    list.push(p.uid);
  }
  dropPod(p: PodState): void {
    if (p.ipIndex > 0) this.ips.get(p.node)?.delete(p.ipIndex);
    this.pods.delete(p.uid);
    this.byNode.get(p.node)?.delete(p.uid);
    this.queue.delete(p.uid);
  }
  nodeChanged(ns: NodeState): void {
    ns.statusDirty = true;
  }

  // ---- what others read --------------------------------------------------------------------

  /** `kubectl logs` (wired to the API server's `hooks.logs`). */
  logsFor(_namespace: string, pod: KObject, opts: LogOptions): string {
    const p = this.pods.get(pod.metadata?.uid ?? '');
    return logsFor(this, p, pod as Pod, opts);
  }

  /**
   * Chaos from the canvas: the container's main process dies now, as `kill -9` on the node
   * would (exit 137, reason Error). The kubelet notices like any exit and applies the restart
   * policy with its back-off. Returns false when the pod has no such running container here.
   */
  crashContainer(uid: string, container?: string): boolean {
    const p = this.pods.get(uid);
    if (!p) return false;
    const now = this.now();
    advanceRuntime(p, now);
    const c = p.ctrs.find((x) => !x.init && x.state === 'running' && (container === undefined || x.name === container));
    if (!c) return false;
    c.endAt = now;
    c.endCode = 137;
    c.endReason = 'Error';
    c.killing = '';
    this.queue.add(uid);
    return true;
  }

  /**
   * The machine's `process` was stopped (chaos): a container whose main process it is (the
   * kube-proxy DaemonSet pod's) dies now as under `kill -9`, whether or not the kubelet runs;
   * the pod worker's restarts die too until the process may run again (podworker.ts `run`).
   */
  private stopHostProcess(node: string, process: string): void {
    const now = this.now();
    for (const uid of this.byNode.get(node) ?? []) {
      const p = this.pods.get(uid);
      if (!p) continue;
      advanceRuntime(p, now);
      for (const c of p.ctrs) {
        if (c.state !== 'running' || (c.endAt !== null && c.endAt <= now)) continue;
        const r = this.resolve(c.image);
        if (!r.ok || r.info.hostProcess !== process) continue;
        c.endAt = now;
        c.endCode = 137;
        c.endReason = 'Error';
        c.killing = '';
        this.queue.add(uid);
      }
    }
  }

  /** Current CPU (millicores) and memory (bytes) per running container, for `kubectl top`. */
  usage(uid: string): ContainerUsage[] {
    const p = this.pods.get(uid);
    const pod = this.store.byUID<Pod>(uid);
    if (!p || !pod) return [];
    const now = this.now();
    advanceRuntime(p, now);
    const out: ContainerUsage[] = [];
    for (const c of p.ctrs) {
      if (c.state !== 'running') continue;
      const spec = specOf(pod, c);
      const prog = spec && programOf(this, pod, c, spec);
      if (!spec || !prog) continue;
      const cpuLimit = spec.resources?.limits?.cpu;
      let cpu = prog.cpuMillis;
      if (cpuLimit !== undefined) cpu = Math.min(cpu, Math.round(parseFloat(String(cpuLimit)) * (String(cpuLimit).endsWith('m') ? 1 : 1000)));
      const mem = Math.min(prog.memoryBaseBytes + (prog.leakBytesPerSec * (now - c.startedAt)) / 1000, memCap(this, pod, spec, p.node));
      out.push({ name: c.name, cpuMillis: cpu, memoryBytes: Math.round(mem) });
    }
    return out;
  }

  // ---- inputs ------------------------------------------------------------------------------

  private podsOf(node: string): Set<string> {
    let s = this.byNode.get(node);
    if (!s) this.byNode.set(node, (s = new Set()));
    return s;
  }

  private ipsOf(node: string): Set<number> {
    let s = this.ips.get(node);
    if (!s) this.ips.set(node, (s = new Set()));
    return s;
  }

  private onPod(e: StoreEvent): void {
    const pod = e.object as Pod;
    // mirror pods only reflect static pods (staticpods.ts); a deleted one is recreated
    if (isMirrorPod(pod)) {
      if ((e.type === 'DELETED' || pod.metadata?.deletionTimestamp) && pod.spec?.nodeName) this.nodeQueue.add(pod.spec.nodeName);
      return;
    }
    const uid = pod.metadata?.uid ?? '';
    let p = this.pods.get(uid);
    if (e.type === 'DELETED') {
      if (p) {
        p.gone = true;
        this.queue.add(uid);
      }
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    if (!p) {
      if (!this.nodes.has(nodeName)) return;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return;
      p = this.newPod(pod, nodeName);
      this.queue.add(uid);
      return;
    }
    const old = e.old as Pod | undefined;
    if (!old || old.spec !== pod.spec || old.metadata?.deletionTimestamp !== pod.metadata?.deletionTimestamp) this.queue.add(uid);
  }

  private newPod(pod: Pod, node: string): PodState {
    const inits = pod.spec?.initContainers ?? [];
    const p: PodState = {
      uid: pod.metadata?.uid ?? '',
      ns: pod.metadata?.namespace ?? 'default',
      name: pod.metadata?.name ?? '',
      node,
      startTime: this.now(),
      ipIndex: 0,
      sandboxReadyAt: 0,
      ctrs: [
        ...inits.map((c) => newCtr(c, true, 'PodInitializing')),
        ...(pod.spec?.containers ?? []).map((c) => newCtr(c, false, inits.length ? 'PodInitializing' : 'ContainerCreating')),
      ],
      wakeAt: Infinity,
      timerAt: Infinity,
      statusOwed: false,
      deleteDeadline: null,
      terminal: false,
      gone: false,
    };
    this.pods.set(p.uid, p);
    this.podsOf(node).add(p.uid);
    return p;
  }

  private onInfra(m: Machine, what: string, detail?: string): void {
    switch (what) {
      case 'added': {
        const ns: NodeState = {
          name: m.name,
          registered: false,
          machineID: this.containerID().slice(0, 32),
          systemUUID: this.random.uuid(),
          bootID: this.random.uuid(),
          images: { [PAUSE_IMAGE]: 321_520, [KUBE_PROXY_IMAGE]: PRELOADED_KUBE_PROXY_BYTES },
          pulling: {},
          pullBusyUntil: 0,
          usedIPs: [],
          nextIP: 2,
          lastStatusPost: 0,
          statusDirty: false,
          up: true,
          tickAt: 0,
        };
        this.nodes.set(m.name, ns);
        this.nodeQueue.add(m.name);
        this.ctx.clock.after(LEASE_RENEW_MS, OWNER, 'node', m.name);
        return;
      }
      case 'removed': {
        for (const uid of this.byNode.get(m.name) ?? []) this.pods.delete(uid);
        this.byNode.delete(m.name);
        this.ips.delete(m.name);
        this.nodes.delete(m.name);
        return;
      }
      case 'power': {
        const ns = this.nodes.get(m.name);
        if (!ns) return;
        if (!m.powered) {
          const now = this.now();
          for (const uid of this.byNode.get(m.name) ?? []) {
            const p = this.pods.get(uid);
            if (p) {
              advanceRuntime(p, now);
              powerLoss(p, now);
            }
          }
          this.ips.set(m.name, new Set());
          ns.pulling = {};
          ns.pullBusyUntil = 0;
        } else {
          ns.bootID = this.random.uuid();
          this.nodeQueue.add(m.name);
        }
        return;
      }
      case 'process':
        if (detail && !m.processes[detail]) this.stopHostProcess(m.name, detail);
        if (detail === 'kubelet' && m.processes.kubelet) this.nodeQueue.add(m.name);
        if ((detail === 'kube-apiserver' || detail === 'etcd') && m.processes[detail]) this.resync();
        if (m.role === 'control-plane' && detail !== 'kubelet') this.nodeQueue.add(m.name); // static pods follow their processes
        return;
      case 'network':
        if (m.network) this.nodeQueue.add(m.name);
        return;
    }
  }

  /** The kubelet (re)starts or reconnects: register, then look at every pod it runs. */
  private syncNode(name: string): void {
    const m = this.machine(name);
    const ns = this.nodes.get(name);
    if (!m || !ns || !this.kubeletUp(name)) return;
    register(this, m, ns);
    syncStaticPods(this, m, ns);
    for (const uid of this.byNode.get(name) ?? []) this.queue.add(uid);
    // pods bound here that this runtime does not know yet (bound while the kubelet was away)
    for (const pod of this.store.podsOn<Pod>(name)) {
      const uid = pod.metadata?.uid ?? '';
      if (this.pods.has(uid) || isMirrorPod(pod)) continue;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      this.newPod(pod, name);
      this.queue.add(uid);
    }
  }

  private onTimer(kind: string, data: unknown): void {
    const now = this.now();
    if (kind === 'bucket') {
      const list = this.buckets.get(data as number) ?? [];
      this.buckets.delete(data as number);
      for (const uid of list) {
        const p = this.pods.get(uid);
        if (!p) continue;
        if (p.timerAt === now) p.timerAt = Infinity;
        if (p.wakeAt <= now) this.queue.add(p.uid);
        else if (p.wakeAt !== Infinity) this.schedule(p, p.wakeAt);
      }
      return;
    }
    if (kind === 'sync-node') {
      this.nodeQueue.add(data as string);
      return;
    }
    if (kind === 'node') {
      const name = data as string;
      const m = this.machine(name);
      const ns = this.nodes.get(name);
      if (!m || !ns) return;
      this.ctx.clock.after(LEASE_RENEW_MS, OWNER, 'node', name);
      if (!this.kubeletUp(name) || !this.reachable(name)) return;
      try {
        heartbeat(this, m, ns);
      } catch (e) {
        this.ctx.reportFault(this.name, e, { object: this.store.get('nodes', '', name), key: name });
      }
      for (const uid of this.byNode.get(name) ?? []) if (this.pods.get(uid)?.statusOwed) this.queue.add(uid);
    }
  }
}
