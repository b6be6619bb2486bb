/**
 * Traffic: named clients sending requests at a rate the learner sets — outside users hitting an
 * Ingress host/path or a NodePort, and pods calling a Service by its DNS name. Every 100 ms of
 * virtual time each client's share of requests takes the real path (`trafficpath.ts`): entry
 * (load balancer → a node → kube-proxy → ingress controller pod, or a node port, or the calling
 * pod's node) → kube-proxy rules of that node (stale if its kube-proxy is stopped) → a pod, which
 * answers per its image, its state and its load.
 *
 * Aggregate and cheap: no object per request is kept; rolling per-client, per-Service and per-pod
 * statistics (rate, error rate, p50/p95/p99 over ~10 s) and a bounded sample of recent requests
 * with their path for the canvas. `podLoad(uid)` gives the metrics pipeline (and so the HPA) the
 * request rate and CPU each pod's traffic costs.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import { servingInfo } from './podserving';
import { recordVisit } from '../storage/data';
import { networkOf } from './registry';
import { sendOne, type Outcome } from './trafficpath';
import { RollingStats, type StatsState, type Summary } from './trafficstats';

const OWNER = 'traffic';
export const TICK_MS = 100;
const SAMPLES = 200;
const SAMPLES_PER_CLIENT_TICK = 3;

export type Target =
  | { kind: 'ingress'; host: string; path: string }
  | { kind: 'service'; namespace: string; name: string; port: number; path?: string }
  | { kind: 'nodeport'; node: string; port: number; path?: string };

export interface ClientSpec {
  name: string;
  target: Target;
  /** `namespace/name` of the pod making the calls (service targets) */
  from?: string;
  rps: number;
}

export interface Sample {
  t: number;
  client: string;
  status: Outcome['status'];
  latencyMs: number;
  /** entry → proxy node → pod, as names */
  hops: string[];
}

interface ClientState extends ClientSpec {
  acc: number;
  ip: string;
}

interface State {
  armed: boolean;
  nextIP: number;
  clients: ClientState[];
  stats: { client: [string, StatsState][]; svc: [string, StatsState][]; pod: [string, StatsState][] };
  samples: Sample[];
}

export class Traffic implements Component {
  readonly name = 'traffic';
  readonly process = 'always';
  private armed = false;
  private nextIP = 10;
  private clientsByName = new Map<string, ClientState>();
  /** rolling stats per client name, per Service (`ns/name`) and per pod uid */
  private stats = { client: new Map<string, RollingStats>(), svc: new Map<string, RollingStats>(), pod: new Map<string, RollingStats>() };
  private samples: Sample[] = [];

  constructor(readonly ctx: ClusterContext) {
    ctx.clock.register(OWNER, () => {
      this.armed = false;
      this.tick();
      this.arm();
    });
  }

  process_(): boolean {
    return false;
  }

  // ---- the learner's controls --------------------------------------------------------------

  addClient(spec: ClientSpec): void {
    if (this.clientsByName.has(spec.name)) throw new Error(`traffic client "${spec.name}" already exists`);
    const ip = `203.0.113.${this.nextIP++ % 250}`;
    this.clientsByName.set(spec.name, { ...spec, target: { ...spec.target }, rps: Math.max(0, spec.rps), acc: 0, ip });
    this.arm();
  }

  removeClient(name: string): void {
    this.clientsByName.delete(name);
  }

  setRate(name: string, rps: number): void {
    const c = this.clientsByName.get(name);
    if (!c) throw new Error(`traffic client "${name}" not found`);
    c.rps = Math.max(0, rps);
    this.arm();
  }

  clients(): ClientSpec[] {
    return [...this.clientsByName.values()].map(({ name, target, from, rps }) => ({ name, target, from, rps }));
  }

  // ---- what others read --------------------------------------------------------------------

  clientStats(name: string): Summary {
    return this.summary(this.stats.client, name);
  }

  serviceStats(namespace: string, name: string): Summary {
    return this.summary(this.stats.svc, `${namespace}/${name}`);
  }

  podStats(uid: string): Summary {
    return this.summary(this.stats.pod, uid);
  }

  /** Request rate a pod serves and the CPU that costs (millicores), for metrics and the HPA. */
  podLoad(uid: string): { rps: number; cpuMillis: number } {
    const s = this.stats.pod.get(uid);
    if (!s) return { rps: 0, cpuMillis: 0 };
    const rps = s.summary(this.ctx.clock.now).rps;
    const pod = this.ctx.store.byUID<Pod>(uid);
    if (!pod) return { rps, cpuMillis: 0 };
    const info = servingInfo(pod);
    return { rps, cpuMillis: Math.min(info.cpuMillis, Math.round(rps * info.cpuMsPerRequest)) };
  }

  /** The most recent requests (oldest first), at most 200. */
  recent(): readonly Sample[] {
    return this.samples;
  }

  private summary(map: Map<string, RollingStats>, key: string): Summary {
    const s = map.get(key);
    return s ? s.summary(this.ctx.clock.now) : { rps: 0, errorRate: 0, p50: 0, p95: 0, p99: 0, requests: 0, errors: 0 };
  }

  private statsOf(map: Map<string, RollingStats>, key: string): RollingStats {
    let s = map.get(key);
    if (!s) map.set(key, (s = new RollingStats()));
    return s;
  }

  // ---- the tick ----------------------------------------------------------------------------

  private arm(): void {
    if (this.armed) return;
    let any = false;
    for (const c of this.clientsByName.values()) if (c.rps > 0) any = true;
    if (!any) return;
    this.armed = true;
    this.ctx.clock.after(TICK_MS, OWNER, 'tick');
  }

  private tick(): void {
    const now = this.ctx.clock.now;
    const net = networkOf(this.ctx);
    const outcomes: { c: ClientState; o: Outcome }[] = [];
    /** pod uid → requests that reached it this tick */
    const arrivals = new Map<string, number>();
    for (const c of this.clientsByName.values()) {
      c.acc += (c.rps * TICK_MS) / 1000;
      const n = Math.floor(c.acc);
      c.acc -= n;
      for (let i = 0; i < n; i++) {
        const o = sendOne(this.ctx, net, c, c.ip);
        if (!o) break; // the client cannot send (its pod is gone)
        if (o.podUid) arrivals.set(o.podUid, (arrivals.get(o.podUid) ?? 0) + 1);
        outcomes.push({ c, o });
      }
    }
    // queueing: a pod over its capacity this tick answers slowly, then not at all
    const load = new Map<string, { u: number; served: number; n: number }>();
    for (const [uid, n] of arrivals) {
      const pod = this.ctx.store.byUID<Pod>(uid);
      const cap = pod ? servingInfo(pod).capacity : Infinity;
      load.set(uid, { u: n / ((cap * TICK_MS) / 1000), served: 0, n });
    }
    let sampled = 0;
    let lastClient: ClientState | null = null;
    for (const { c, o } of outcomes) {
      if (o.podUid && typeof o.status === 'number') {
        const l = load.get(o.podUid)!;
        if (l.u >= 1) {
          l.served++;
          if (l.served > l.n / l.u) {
            // beyond capacity: the request waits out the client's (or nginx's) timeout
            o.status = o.viaIngress ? 504 : 'timeout';
            o.latencyMs += o.viaIngress ? 60_000 : 10_000;
          } else o.latencyMs += o.serviceMs * 50;
        } else o.latencyMs += o.serviceMs / (1 - l.u);
      }
      const error = typeof o.status !== 'number' || o.status >= 500;
      // a page served by playground/web counts a visit on its /data volume, if it has one
      if (o.podUid && o.status === 200) recordVisit(this.ctx, o.podUid);
      this.statsOf(this.stats.client, c.name).add(now, o.latencyMs, error);
      if (o.service) this.statsOf(this.stats.svc, o.service).add(now, o.latencyMs, error);
      if (o.podUid) this.statsOf(this.stats.pod, o.podUid).add(now, o.latencyMs, error);
      if (c !== lastClient) {
        lastClient = c;
        sampled = 0;
      }
      if (sampled++ < SAMPLES_PER_CLIENT_TICK) {
        this.samples.push({ t: now, client: c.name, status: o.status, latencyMs: Math.round(o.latencyMs * 100) / 100, hops: o.hops });
        if (this.samples.length > SAMPLES) this.samples.splice(0, this.samples.length - SAMPLES);
      }
    }
    // forget pods that are gone
    if (now % 10_000 < TICK_MS) {
      for (const uid of [...this.stats.pod.keys()]) if (!this.ctx.store.byUID(uid)) this.stats.pod.delete(uid);
    }
  }

  snapshot(): State {
    return JSON.parse(
      JSON.stringify({
        armed: this.armed,
        nextIP: this.nextIP,
        clients: [...this.clientsByName.values()],
        stats: { client: dump(this.stats.client), svc: dump(this.stats.svc), pod: dump(this.stats.pod) },
        samples: this.samples,
      }),
    );
  }

  restore(raw: unknown): void {
    const s = JSON.parse(JSON.stringify(raw)) as State;
    this.armed = s.armed;
    this.nextIP = s.nextIP;
    this.clientsByName = new Map(s.clients.map((c) => [c.name, c]));
    this.stats = { client: load(s.stats.client), svc: load(s.stats.svc), pod: load(s.stats.pod) };
    this.samples = s.samples;
  }
}

const dump = (m: Map<string, RollingStats>): [string, StatsState][] => [...m].map(([k, v]) => [k, v.state()]);
const load = (l: [string, StatsState][]): Map<string, RollingStats> => new Map(l.map(([k, st]) => [k, RollingStats.from(st)]));
