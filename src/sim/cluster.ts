/**
 * The wiring of a simulated cluster: clock, random generator, store, API server, machines and
 * every component, plus the run loop.
 *
 * Run loop: fire the next due timer, then `settle()` — deliver watch events and let every
 * running component work until nothing is left to do at this instant. Components are processed
 * in a fixed order, so the same seed and the same inputs give the same history, byte for byte.
 */
import type { ApiError } from './api/errors';
import { ApiServer, SYSTEM_NAMESPACES, type ApiServerHooks } from './apiserver/apiserver';
import { ApiClient, type RequestStats } from './apiserver/client';
import { Clock, type ClockState } from './clock';
import type { Component } from './component';
import { createComponents } from './components';
import type { KObject } from './api/types';
import type { ClusterContext, FaultWhere } from './context';
import { EventCache, EventRecorder, type EventCacheState } from './events/recorder';
import { CONTROL_PLANE_PROCESSES, Infra, type InfraState, type MachineSpec } from './infra/machines';
import { Random, type RandomState } from './random';
import { Store, type StoreState } from './store/store';

export interface ClusterOptions {
  seed?: number;
  /** absolute ms that virtual time 0 stands for (default 2026-01-01T00:00:00Z) */
  epochMs?: number;
  /** machines; default: one control-plane node and three workers */
  machines?: MachineSpec[];
  /** watch history length */
  historyCapacity?: number;
}

export const DEFAULT_EPOCH = Date.UTC(2026, 0, 1);

export function defaultMachines(): MachineSpec[] {
  return [
    { name: 'control-plane', role: 'control-plane', cpu: 2, memoryGiB: 4 },
    { name: 'node-1', cpu: 4, memoryGiB: 8 },
    { name: 'node-2', cpu: 4, memoryGiB: 8 },
    { name: 'node-3', cpu: 4, memoryGiB: 8 },
  ];
}

export interface Fault {
  at: number;
  component: string;
  message: string;
  /** the work-queue key being synced, when known */
  key?: string;
}

/**
 * The Event reason of a contained fault. The real kubelet reports a failed pod sync as Warning
 * `FailedSync` (pkg/kubelet/events); the real controllers only log and requeue (and a panic
 * would crash kube-controller-manager). A throw in the simulation is a bug of the simulation,
 * so it is shown to the learner honestly, under the kubelet's word, and retried with back-off.
 */
export const FAULT_REASON = 'FailedSync';

export interface ClusterSnapshot {
  version: 1;
  options: { seed: number; epochMs: number; historyCapacity?: number };
  clock: ClockState;
  random: RandomState;
  store: StoreState;
  infra: InfraState;
  events: EventCacheState;
  stats: RequestStats;
  components: Record<string, unknown>;
}

export class Cluster implements ClusterContext {
  readonly clock = new Clock();
  readonly random: Random;
  readonly store: Store;
  readonly api: ApiServer;
  readonly infra: Infra;
  readonly epochMs: number;
  readonly stats: RequestStats = { byAgent: {}, total: 0, writes: 0 };
  /** the last 200 faults; `faultTotal` counts every one ever reported */
  readonly faults: Fault[] = [];
  faultTotal = 0;
  readonly components: Component[];
  private readonly eventCache = new EventCache();
  private readonly clients = new Map<string, ApiClient>();
  private readonly options: ClusterOptions;
  private settling = false;

  /** A fresh cluster, booted: namespaces exist and every machine's kubelet has registered. */
  static create(options: ClusterOptions = {}): Cluster {
    const c = new Cluster(options);
    c.boot(options.machines ?? defaultMachines());
    return c;
  }

  /** A cluster exactly as a snapshot left it; its future is the same as the original's. */
  static restore(snap: ClusterSnapshot): Cluster {
    const c = new Cluster({ seed: snap.options.seed, epochMs: snap.options.epochMs, historyCapacity: snap.options.historyCapacity });
    c.load(snap);
    return c;
  }

  private constructor(options: ClusterOptions) {
    this.options = options;
    this.random = new Random(options.seed ?? 1);
    this.epochMs = options.epochMs ?? DEFAULT_EPOCH;
    this.store = new Store({ historyCapacity: options.historyCapacity });
    this.api = new ApiServer(this.store, this.clock, this.random, this.epochMs);
    this.infra = new Infra(() => this.clock.now);
    this.components = createComponents(this);
    // the kubelet serves `kubectl logs` (pods/log)
    const kubelets = this.components.find((c) => c.name === 'kubelet') as { logsFor?: ApiServerHooks['logs'] } | undefined;
    if (kubelets?.logsFor) this.api.hooks.logs = (ns, pod, opts) => kubelets.logsFor!(ns, pod, opts);
    // PodDisruptionBudgets guard the eviction subresource (pods/eviction)
    const disruption = this.components.find((c) => c.name === 'disruption') as { checkEviction?: ApiServerHooks['checkEviction'] } | undefined;
    if (disruption?.checkEviction) this.api.hooks.checkEviction = (pod) => disruption.checkEviction!(pod);
    this.infra.onChange((m, what, detail) => {
      if (what !== 'process' && what !== 'power') return;
      // a control-plane process coming back re-lists and resyncs, as a restarted binary does
      for (const c of this.components) {
        const up = this.processUp(c.process);
        if (up && c.resync && (detail === c.process || (what === 'power' && m.role === 'control-plane'))) c.resync();
      }
    });
  }

  // ---- ClusterContext ---------------------------------------------------------------------

  client(userAgent: string): ApiClient {
    let c = this.clients.get(userAgent);
    if (!c) {
      c = new ApiClient(this.api, userAgent, { apiServerUp: () => this.apiServerUp() }, this.stats);
      this.clients.set(userAgent, c);
    }
    return c;
  }

  recorder(component: string, host?: string): EventRecorder {
    return new EventRecorder(this.client(host ? `${component}/${host}` : component), { component, host }, this.eventCache, () => this.nowMs());
  }

  nowMs(): number {
    return this.epochMs + this.clock.now;
  }

  reportFault(component: string, error: unknown, where: FaultWhere = {}): void {
    const message = error instanceof Error ? error.message : String(error);
    this.faults.push(where.key === undefined ? { at: this.clock.now, component, message } : { at: this.clock.now, component, message, key: where.key });
    this.faultTotal++;
    if (this.faults.length > 200) this.faults.shift();
    const about = where.object ?? this.faultHome(component);
    if (!about) return;
    const text = `Internal error in ${component}${where.key !== undefined ? ` while syncing ${JSON.stringify(where.key)}` : ''}: ${message} (retrying with back-off)`;
    // never throws: an event the API server refuses is dropped
    this.faultRecorder(component).event(about, 'Warning', where.reason ?? FAULT_REASON, text);
  }

  private readonly faultRecorders = new Map<string, EventRecorder>();
  private faultRecorder(component: string): EventRecorder {
    let r = this.faultRecorders.get(component);
    if (!r) this.faultRecorders.set(component, (r = this.recorder(component)));
    return r;
  }

  /** A component's static pod (`kube-system/kube-controller-manager-<cp>`), where its faults show. */
  private faultHome(component: string): KObject | undefined {
    const process = this.components.find((c) => c.name === component)?.process ?? 'kube-controller-manager';
    const cp = this.infra.controlPlane();
    if (!cp || !(CONTROL_PLANE_PROCESSES as readonly string[]).includes(process)) return undefined;
    return this.store.get('pods', 'kube-system', `${process}-${cp.name}`);
  }

  // ---- state of the control plane ---------------------------------------------------------

  apiServerUp(): boolean {
    const cp = this.infra.controlPlane();
    if (!cp) return true; // a cluster without a modelled control-plane machine
    return this.infra.running(cp.name, 'kube-apiserver') && this.infra.running(cp.name, 'etcd');
  }

  /** Whether a component's process runs. Per-node agents check their own machines. */
  processUp(process: string): boolean {
    if (process === 'kubelet' || process === 'always') return true;
    const cp = this.infra.controlPlane();
    if (!cp) return true;
    return this.infra.running(cp.name, process);
  }

  // ---- running ----------------------------------------------------------------------------

  /** Delivers watch events and lets components work until the cluster is quiet at this instant. */
  settle(): void {
    if (this.settling) return;
    this.settling = true;
    // a component that threw out of process_ sits out the rest of this settle: calling it again
    // at once would throw again, and the fault's own Event would keep the loop busy forever
    let failed: Set<Component> | undefined;
    try {
      for (let round = 0; round < 100000; round++) {
        const delivered = this.store.flush();
        let worked = false;
        for (const c of this.components) {
          if (!this.processUp(c.process) || failed?.has(c)) continue;
          try {
            if (c.process_()) worked = true;
          } catch (e) {
            (failed ??= new Set()).add(c);
            this.reportFault(c.name, e);
          }
        }
        if (!delivered && !worked && !this.store.hasPending) return;
      }
      this.reportFault('cluster', new Error('settle did not converge'));
    } finally {
      this.settling = false;
    }
  }

  /** Runs virtual time forward to `t` (ms since the epoch of virtual time). */
  runUntil(t: number): void {
    this.settle();
    while (this.clock.fireNext(t)) this.settle();
    this.clock.advanceTo(t);
  }

  runFor(ms: number): void {
    this.runUntil(this.clock.now + ms);
  }

  /** Runs until `predicate` holds or `maxMs` of virtual time passed; returns whether it held. */
  runUntilTrue(predicate: () => boolean, maxMs: number, stepMs = 100): boolean {
    const end = this.clock.now + maxMs;
    this.settle();
    while (!predicate()) {
      if (this.clock.now >= end) return false;
      this.runUntil(Math.min(end, this.clock.now + stepMs));
    }
    return true;
  }

  // ---- machines (the infrastructure layer) ------------------------------------------------

  addMachine(spec: MachineSpec): void {
    this.infra.add(spec);
    this.settle();
  }

  // ---- boot and snapshots -----------------------------------------------------------------

  private boot(machines: MachineSpec[]): void {
    for (const ns of SYSTEM_NAMESPACES) this.api.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const c of this.components) c.bootstrap?.();
    for (const m of machines) this.infra.add(m);
    this.settle();
  }

  snapshot(): ClusterSnapshot {
    return JSON.parse(this.snapshotJSON()) as ClusterSnapshot;
  }

  /**
   * The snapshot as JSON text: what keyframes and saves keep. Serialised once — `snapshot()`
   * parses this back into a detached copy, which a keyframe does not need.
   */
  snapshotJSON(): string {
    this.settle();
    const components: Record<string, unknown> = {};
    for (const c of this.components) if (c.snapshot) components[c.name] = c.snapshot();
    return JSON.stringify({
      version: 1,
      options: { seed: this.options.seed ?? 1, epochMs: this.epochMs, historyCapacity: this.options.historyCapacity },
      clock: this.clock.state(),
      random: this.random.state(),
      store: this.store.state(),
      infra: this.infra.state(),
      events: this.eventCache.state(),
      stats: this.stats,
      components,
    });
  }

  private load(snap: ClusterSnapshot): void {
    this.infra.restore(snap.infra);
    this.store.restore(snap.store);
    this.clock.restore(snap.clock);
    this.random.restore(snap.random);
    this.eventCache.restore(snap.events);
    Object.assign(this.stats, JSON.parse(JSON.stringify(snap.stats)));
    for (const c of this.components) if (c.restore && snap.components[c.name] !== undefined) c.restore(snap.components[c.name]);
  }
}

export type { ApiError };
