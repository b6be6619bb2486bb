/**
 * kube-proxy on every node (one object for all of them; in a real cluster it is the `kube-proxy`
 * DaemonSet in kube-system). Each node holds the rule table it last programmed. A node syncs when
 * Services or EndpointSlices change, at most once per second (`--iptables-min-sync-period 1s`),
 * and only while its kube-proxy process runs: stop the process and the node keeps STALE rules that
 * may lead to pods long gone. A machine that loses power loses its rules (iptables lives in
 * memory) until kube-proxy starts again.
 *
 * iptables mode: every new connection picks uniformly at random among the ready endpoints
 * (statistic-module probabilities 1/n, 1/(n−1), …); with none ready, the serving+terminating
 * ones; with none at all, REJECT (the client sees connection refused). `sessionAffinity: ClientIP`
 * pins a client to its endpoint for the timeout (the `recent` module), per node.
 */
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import type { Random } from '../random';
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
    ctx.infra.onChange((m, what, detail) => {
      if (what === 'power' && !m.powered) this.nodes.delete(m.name);
      if (what === 'removed') this.nodes.delete(m.name);
      if (what === 'added' || what === 'power' || (what === 'process' && detail === 'kube-proxy')) this.wantSync = true;
    });
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
    for (const m of this.ctx.infra.machines.values()) {
      if (this.ctx.infra.running(m.name, 'kube-proxy')) this.nodes.set(m.name, this.latest);
    }
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
  }
}
