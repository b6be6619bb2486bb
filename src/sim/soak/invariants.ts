/**
 * What must hold at every instant of a cluster's life, however hard it is shaken — checked by
 * the soak after every simulated second:
 *
 * - the revision never goes back; an in-process watcher sees every change exactly once, in
 *   revision order, and what it saw equals the watch history (`store.eventsSince`) — the
 *   "watch replay equals the live stream" promise every informer relies on;
 * - no two non-terminal pods share an IP (host-network pods share their node's on purpose);
 *   no two Services share a ClusterIP;
 * - no Running pod on a node that does not exist;
 * - no claim bound to two volumes, no volume bound to two claims;
 * - a Deployment never has more than `replicas + maxSurge` non-terminating pods — checked only
 *   while it is not scaling (its controllers have observed its current generation), since
 *   K8S-REFERENCE §3 allows Terminating pods on top and a scale-down takes a sync to apply;
 * - no component threw (a fault in `cluster.faults` is a bug, even though it was contained).
 *
 * Bounded memory (object counts) is checked more rarely, by `checkBounds`.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { Deployment, KObject, Pod, ReplicaSet } from '../api/types';
import type { Cluster } from '../cluster';
import { maxSurge, specOf } from '../controllers/deployment/util';
import type { StoreEvent } from '../store/store';
import type { PV, PVC } from '../storage/util';

export interface Violation {
  at: number;
  invariant: string;
  detail: string;
}

/** Object counts a teaching cluster must stay under, however long it runs. */
export const BOUNDS: Record<string, number> = {
  events: 4000,
  pods: 150,
  replicasets: 120,
  controllerrevisions: 30,
  endpointslices: 40,
  persistentvolumes: 10,
  persistentvolumeclaims: 10,
  leases: 20,
};

export class Invariants {
  readonly violations: Violation[] = [];
  /** how many invariant evaluations ran (one per invariant per check) */
  checks = 0;
  private seen: StoreEvent[] = [];
  private lastRevision: number;
  private faultsSeen: number;
  private readonly unsubscribe: () => void;

  constructor(private readonly c: Cluster) {
    c.settle();
    this.lastRevision = c.store.revision;
    this.faultsSeen = c.faultTotal;
    this.unsubscribe = c.store.subscribe('*', (e) => this.seen.push(e));
  }

  stop(): void {
    this.unsubscribe();
  }

  /** Runs every per-step invariant; returns the violations found now. */
  check(): Violation[] {
    const before = this.violations.length;
    this.checkWatch();
    this.checkPodIPs();
    this.checkClusterIPs();
    this.checkPodNodes();
    this.checkVolumes();
    this.checkSurge();
    this.checkFaults();
    return this.violations.slice(before);
  }

  private fail(invariant: string, detail: string): void {
    // a stuck violation would repeat every second: keep the first few hundred
    if (this.violations.length < 500) this.violations.push({ at: this.c.clock.now, invariant, detail });
    else this.violations.length++;
  }

  // ---- watch ------------------------------------------------------------------------------

  private checkWatch(): void {
    this.checks++;
    const store = this.c.store;
    if (store.revision < this.lastRevision) this.fail('revision', `revision went back from ${this.lastRevision} to ${store.revision}`);
    // events not flushed yet are in the history but not delivered: compare what was delivered
    const history = store.eventsSince(this.lastRevision);
    if ('expiredOldest' in history) {
      this.fail('watch', `history no longer reaches revision ${this.lastRevision} (oldest ${history.expiredOldest})`);
    } else {
      const delivered = store.hasPending ? history.slice(0, this.seen.length) : history;
      if (delivered.length !== this.seen.length) this.fail('watch', `watcher saw ${this.seen.length} events, history has ${delivered.length} after ${this.lastRevision}`);
      let prev = this.lastRevision;
      for (let i = 0; i < this.seen.length; i++) {
        const e = this.seen[i];
        if (e.rv <= prev) this.fail('watch', `event rv ${e.rv} after ${prev}: out of order or repeated`);
        if (e.object.metadata?.resourceVersion !== String(e.rv)) this.fail('watch', `event rv ${e.rv} carries object resourceVersion ${e.object.metadata?.resourceVersion}`);
        if (delivered[i] !== e) this.fail('watch', `event ${i} after ${this.lastRevision} differs from the history (rv ${e.rv} vs ${delivered[i]?.rv})`);
        prev = e.rv;
      }
      if (!store.hasPending && this.seen.length && prev !== store.revision) this.fail('watch', `last event rv ${prev} but revision ${store.revision}`);
      this.lastRevision = store.hasPending ? prev : store.revision;
    }
    this.seen = [];
  }

  // ---- addresses --------------------------------------------------------------------------

  private checkPodIPs(): void {
    this.checks++;
    const byIP = new Map<string, string>();
    for (const p of this.c.store.iterate<Pod>('pods')) {
      const ip = p.status?.podIP;
      const phase = p.status?.phase;
      if (!ip || p.spec?.hostNetwork || phase === 'Succeeded' || phase === 'Failed') continue;
      const name = `${p.metadata?.namespace}/${p.metadata?.name}`;
      const other = byIP.get(ip);
      if (other) this.fail('pod-ip', `${name} and ${other} both have IP ${ip}`);
      else byIP.set(ip, name);
    }
  }

  private checkClusterIPs(): void {
    this.checks++;
    const byIP = new Map<string, string>();
    for (const s of this.c.store.iterate<Service>('services')) {
      const ip = s.spec?.clusterIP;
      if (!ip || ip === 'None') continue;
      const name = `${s.metadata?.namespace}/${s.metadata?.name}`;
      const other = byIP.get(ip);
      if (other) this.fail('cluster-ip', `Services ${name} and ${other} both have ClusterIP ${ip}`);
      else byIP.set(ip, name);
    }
  }

  private checkPodNodes(): void {
    this.checks++;
    for (const p of this.c.store.iterate<Pod>('pods')) {
      const node = p.spec?.nodeName;
      if (p.status?.phase === 'Running' && node && !this.c.store.get('nodes', '', node)) this.fail('pod-node', `${p.metadata?.namespace}/${p.metadata?.name} is Running on node ${node}, which does not exist`);
    }
  }

  // ---- volumes ----------------------------------------------------------------------------

  private checkVolumes(): void {
    this.checks++;
    const store = this.c.store;
    const volumeOfClaim = new Map<string, string>();
    for (const pv of store.iterate<PV>('persistentvolumes')) {
      const ref = pv.spec?.claimRef;
      if (pv.status?.phase !== 'Bound' || !ref?.uid) continue;
      const other = volumeOfClaim.get(ref.uid);
      if (other) this.fail('volume-binding', `claim ${ref.namespace}/${ref.name} is bound to volumes ${other} and ${pv.metadata?.name}`);
      else volumeOfClaim.set(ref.uid, pv.metadata?.name ?? '');
    }
    const claimOfVolume = new Map<string, string>();
    for (const pvc of store.iterate<PVC>('persistentvolumeclaims')) {
      const vol = pvc.spec?.volumeName;
      if (pvc.status?.phase !== 'Bound' || !vol) continue;
      const name = `${pvc.metadata?.namespace}/${pvc.metadata?.name}`;
      const other = claimOfVolume.get(vol);
      if (other) this.fail('volume-binding', `volume ${vol} is bound to claims ${other} and ${name}`);
      else claimOfVolume.set(vol, name);
      const pv = store.get<PV>('persistentvolumes', '', vol);
      if (pv && pv.spec?.claimRef?.uid && pv.spec.claimRef.uid !== pvc.metadata?.uid) this.fail('volume-binding', `claim ${name} is Bound to ${vol}, whose claimRef names ${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}`);
    }
  }

  // ---- Deployments ------------------------------------------------------------------------

  private checkSurge(): void {
    this.checks++;
    const store = this.c.store;
    if (!this.c.processUp('kube-controller-manager') || !this.c.apiServerUp()) return;
    for (const d of store.iterate<Deployment>('deployments')) {
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) continue; // scaling or rolling: not observed yet
      const rss = store.dependents<ReplicaSet>(d.metadata!.uid!).filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === d.metadata?.uid));
      if (rss.some((rs) => (rs.status?.observedGeneration ?? 0) < (rs.metadata?.generation ?? 0))) continue;
      const s = specOf(d);
      const bound = s.replicas + maxSurge(s);
      let count = 0;
      for (const rs of rss) for (const p of store.dependents<Pod>(rs.metadata!.uid!)) if (active(p) && p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === rs.metadata?.uid)) count++;
      if (count > bound) this.fail('surge', `Deployment ${d.metadata?.namespace}/${d.metadata?.name} has ${count} non-terminating pods > replicas ${s.replicas} + maxSurge ${bound - s.replicas}`);
    }
  }

  private checkFaults(): void {
    this.checks++;
    const faults = this.c.faults;
    // the list keeps the last 200: count from the end what is new since the last check
    const total = this.c.faultTotal;
    for (let i = Math.max(0, faults.length - (total - this.faultsSeen)); i < faults.length; i++) this.fail('fault', `${faults[i].component} threw: ${faults[i].message}`);
    this.faultsSeen = total;
  }

  // ---- memory -----------------------------------------------------------------------------

  /** Object counts against BOUNDS; returns the counts. */
  checkBounds(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of Object.keys(BOUNDS)) {
      this.checks++;
      counts[r] = this.c.store.count(r);
      if (counts[r] > BOUNDS[r]) this.fail('bounded', `${counts[r]} ${r} (bound ${BOUNDS[r]})`);
    }
    // every object's resourceVersion is at most the revision
    this.checks++;
    const rev = this.c.store.revision;
    for (const r of Object.keys(this.c.store.state().tables)) {
      for (const o of this.c.store.iterate<KObject>(r)) if (Number(o.metadata?.resourceVersion) > rev) this.fail('revision', `${r} ${o.metadata?.name} has resourceVersion ${o.metadata?.resourceVersion} > revision ${rev}`);
    }
    return counts;
  }
}

function active(p: Pod): boolean {
  const phase = p.status?.phase;
  return !p.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}
