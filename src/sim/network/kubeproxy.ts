/**
 * The rules engine of kube-proxy on every node (one object for all of them). Who runs is real:
 * the `kube-proxy` DaemonSet in kube-system (proxyaddon.ts) puts a hostNetwork pod on every
 * node, and a node is programmed only while a kube-proxy container runs there — the store shows
 * it running (kubelet status) AND the machine's `kube-proxy` process switch is on (the chaos
 * toggle: stopping it kills that container, kubelets.ts `stopHostProcess`). Each node holds the
 * rule table it last programmed. A node syncs when Services or EndpointSlices change, at most
 * once per second (`--iptables-min-sync-period 1s`), and when its kube-proxy (re)starts.
 *
 * While no kube-proxy runs on a node — process stopped, pod deleted and its replacement not yet
 * Running, DaemonSet gone — the node keeps STALE rules that may lead to pods long gone: iptables
 * outlives the process that wrote it. A machine that loses power loses its rules (iptables lives
 * in memory) until its kube-proxy container starts again; a container the machine killed (power
 * loss, stopped process) counts as dead even while the store still shows it running, as it does
 * while that node's kubelet is down.
 *
 * iptables mode: every new connection picks uniformly at random among the ready endpoints
 * (statistic-module probabilities 1/n, 1/(n−1), …); with none ready, the serving+terminating
 * ones; with none at all, REJECT (the client sees connection refused). `sessionAffinity: ClientIP`
 * pins a client to its endpoint for the timeout (the `recent` module), per node.
 */
import type { Pod } from '../api/types';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import { resolveImage } from '../kubelet/images';
import type { Random } from '../random';
import type { StoreEvent } from '../store/store';
import { installKubeadmAddons } from './bootstrap';
import { buildRules, nodePortKey, vipKey, type Backend, type RuleTable, type ServiceRule } from './proxyrules';
import { networkOf } from './registry';

const OWNER = 'kube-proxy';
export const MIN_SYNC_MS = 1000;

export type RouteResult = { ok: true; backend: Backend; rule: ServiceRule } | { ok: false; why: 'refused' | 'timeout' };

interface State {
  version: number;
  latest: number;
  dirty: boolean;
  wantSync: boolean;
  armed: boolean;
  lastSyncAt: number;
  tables: RuleTable[];
  nodes: [string, number][];
  affinity: [string, { ip: string; port: number; until: number }][];
  agents?: [string, Agent][];
  dead?: string[];
}

/** a kube-proxy container the store shows running: its node and container ID */
interface Agent {
  node: string;
  id: string;
}

const PROCESS = 'kube-proxy';

/** The running kube-proxy container of a pod (hostNetwork, kube-proxy image), if the status shows one. */
export function runningProxy(pod: Pod): Agent | undefined {
  const node = pod.spec?.nodeName;
  if (!pod.spec?.hostNetwork || !node) return undefined;
  for (const c of pod.spec.containers ?? []) {
    const r = resolveImage(c.image ?? '');
    if (!r.ok || r.info.hostProcess !== PROCESS) continue;
    const st = pod.status?.containerStatuses?.find((s) => s.name === c.name);
    if (st?.state?.running && st.containerID) return { node, id: st.containerID };
  }
  return undefined;
}

export class KubeProxies implements Component {
  readonly name = 'kube-proxy';
  readonly process = 'kubelet';
  private tables = new Map<number, RuleTable>();
  private version = 0;
  private latest = 0;
  private dirty = true;
  private wantSync = true;
  private armed = false;
  private lastSyncAt = -Infinity;
  /** node → the version of the table it programmed (absent: no rules) */
  private nodes = new Map<string, number>();
  /** `node|clientIP|svc:port` → the pinned endpoint */
  private affinity = new Map<string, { ip: string; port: number; until: number }>();
  /** pod uid → its kube-proxy container the store shows running */
  private agents = new Map<string, Agent>();
  /** container IDs the machine killed (power loss, stopped process) that the store may still show running */
  private dead = new Set<string>();
  /** nodes where kube-proxy runs, worked out again after any change of agents or machines */
  private live: Set<string> | null = null;

  constructor(readonly ctx: ClusterContext) {
    networkOf(ctx).proxies = this;
    ctx.clock.register(OWNER, () => {
      this.armed = false;
    });
    const changed = () => {
      this.dirty = true;
      this.wantSync = true;
    };
    ctx.store.subscribe('services', changed);
    ctx.store.subscribe('endpointslices', changed);
    ctx.store.subscribe('pods', (e) => this.onPod(e));
    ctx.infra.onChange((m, what, detail) => {
      this.live = null;
      if (what === 'power' && !m.powered) this.nodes.delete(m.name);
      if (what === 'removed') this.nodes.delete(m.name);
      if ((what === 'power' && !m.powered) || (what === 'process' && detail === PROCESS && !m.processes[PROCESS])) this.killAgents(m.name);
      if (what === 'added' || what === 'power' || (what === 'process' && detail === PROCESS)) this.wantSync = true;
    });
  }

  /** Cheap for the thousands of ordinary pods: only hostNetwork ones are looked at. */
  private onPod(e: StoreEvent): void {
    const pod = e.object as Pod;
    if (!pod.spec?.hostNetwork) return;
    const uid = pod.metadata?.uid ?? '';
    const was = this.agents.get(uid);
    const now = e.type === 'DELETED' ? undefined : runningProxy(pod);
    if (was?.id === now?.id && was?.node === now?.node) return;
    this.live = null;
    if (was) this.dead.delete(was.id);
    if (now) {
      this.agents.set(uid, now);
      this.wantSync = true; // a kube-proxy (re)started: it programs its node at once
    } else this.agents.delete(uid);
  }

  /** The machine killed its kube-proxy containers; the store may show them running a while yet. */
  private killAgents(node: string): void {
    for (const a of this.agents.values()) if (a.node === node) this.dead.add(a.id);
  }

  /** Nodes where a kube-proxy container runs now. */
  private runningOn(): Set<string> {
    if (this.live) return this.live;
    const out = new Set<string>();
    for (const a of this.agents.values()) if (!this.dead.has(a.id) && this.ctx.infra.running(a.node, PROCESS)) out.add(a.node);
    return (this.live = out);
  }

  /** Whether kube-proxy runs on `node` now (it answers the load balancer's health checks). */
  runs(node: string): boolean {
    return this.runningOn().has(node);
  }

  bootstrap(): void {
    installKubeadmAddons(this.ctx.client('kubeadm'));
  }

  process_(): boolean {
    if (!this.wantSync) return false;
    const now = this.ctx.clock.now;
    if (now - this.lastSyncAt < MIN_SYNC_MS) {
      if (!this.armed) {
        this.armed = true;
        this.ctx.clock.at(this.lastSyncAt + MIN_SYNC_MS, OWNER, 'sync');
      }
      return false;
    }
    this.sync(now);
    return true;
  }

  private sync(now: number): void {
    this.wantSync = false;
    this.lastSyncAt = now;
    if (this.dirty) {
      this.dirty = false;
      this.latest = ++this.version;
      this.tables.set(this.latest, buildRules(this.ctx.store, this.latest));
    }
    for (const node of this.runningOn()) this.nodes.set(node, this.latest);
    // tables no node uses any more
    const used = new Set(this.nodes.values());
    used.add(this.latest);
    for (const v of [...this.tables.keys()]) if (!used.has(v)) this.tables.delete(v);
  }

  resync(): void {
    this.dirty = true;
    this.wantSync = true;
  }

  /** The rules `node` has programmed now (null: none — powered off, or never synced). */
  rulesOf(node: string): RuleTable | null {
    const v = this.nodes.get(node);
    return v === undefined ? null : (this.tables.get(v) ?? null);
  }

  /** Whether a node's rules are older than what the API says (its kube-proxy is not syncing). */
  isStale(node: string): boolean {
    const v = this.nodes.get(node);
    return v !== undefined && (v !== this.latest || this.dirty);
  }

  /** A new connection to a ClusterIP (`vip`), a NodePort (`nodeport`) or a load-balancer IP (`lb`), entering at `node`. */
  route(node: string, kind: 'vip' | 'nodeport' | 'lb', ip: string, port: number, clientIP: string, random: Random, protocol = 'TCP'): RouteResult {
    const table = this.rulesOf(node);
    if (!table) return { ok: false, why: 'timeout' };
    const rule = kind === 'vip' ? table.vips[vipKey(ip, port, protocol)] : kind === 'lb' ? table.lbs[vipKey(ip, port, protocol)] : table.nodePorts[nodePortKey(port, protocol)];
    // an unknown VIP goes nowhere; nothing listens on an unknown node port
    if (!rule) return { ok: false, why: kind === 'vip' ? 'timeout' : 'refused' };
    const local = kind === 'vip' ? rule.internalLocal : rule.externalLocal;
    let pool = local ? rule.ready.filter((b) => b.node === node) : rule.ready;
    if (!pool.length) pool = local ? rule.fallback.filter((b) => b.node === node) : rule.fallback;
    if (!pool.length) return { ok: false, why: local ? 'timeout' : 'refused' };
    let backend: Backend | undefined;
    if (rule.affinity) {
      const key = `${node}|${clientIP}|${rule.svc}:${rule.port}`;
      const now = this.ctx.clock.now;
      const pin = this.affinity.get(key);
      if (pin && pin.until > now) backend = pool.find((b) => b.ip === pin.ip && b.port === pin.port);
      if (!backend) backend = pool.length === 1 ? pool[0] : pool[random.int(pool.length)];
      this.affinity.set(key, { ip: backend.ip, port: backend.port, until: now + rule.affinity * 1000 });
    } else backend = pool.length === 1 ? pool[0] : pool[random.int(pool.length)];
    return { ok: true, backend, rule };
  }

  snapshot(): State {
    return JSON.parse(
      JSON.stringify({
        version: this.version,
        latest: this.latest,
        dirty: this.dirty,
        wantSync: this.wantSync,
        armed: this.armed,
        lastSyncAt: this.lastSyncAt === -Infinity ? null : this.lastSyncAt,
        tables: [...this.tables.values()],
        nodes: [...this.nodes],
        affinity: [...this.affinity],
        agents: [...this.agents],
        dead: [...this.dead],
      }),
    );
  }

  restore(raw: unknown): void {
    const s = raw as State;
    this.version = s.version;
    this.latest = s.latest;
    this.dirty = s.dirty;
    this.wantSync = s.wantSync;
    this.armed = s.armed;
    this.lastSyncAt = s.lastSyncAt === null ? -Infinity : s.lastSyncAt;
    this.tables = new Map(s.tables.map((t) => [t.version, t]));
    this.nodes = new Map(s.nodes);
    this.affinity = new Map(s.affinity);
    this.live = null;
    this.dead = new Set(s.dead ?? []);
    this.agents = new Map(s.agents ?? []);
    if (!s.agents) {
      // a snapshot from before kube-proxy ran as pods: what the (restored) store shows
      for (const pod of this.ctx.store.iterate<Pod>('pods')) {
        const a = runningProxy(pod);
        if (a) this.agents.set(pod.metadata?.uid ?? '', a);
      }
    }
  }
}
