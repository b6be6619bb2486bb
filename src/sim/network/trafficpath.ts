/**
 * The path of one request, hop by hop, as the packets would go:
 * - Ingress: the cloud load balancer (IP from the controller Service's status) sends it to a node
 *   that passes its health check (kube-proxy runs there and has a local controller endpoint —
 *   `externalTrafficPolicy: Local`); that node's rules lead to the controller pod; nginx picks the
 *   backend by host and path (404 / 503) and connects to a ready endpoint, trying the next one on
 *   a refused or timed-out connection (`proxy_next_upstream error timeout`, 3 tries) before
 *   answering 502 / 504.
 * - NodePort: the node's rules (any node: the port is open on all of them).
 * - Service by DNS name from a pod: CoreDNS (reached through the kube-dns VIP on the pod's node),
 *   then the ClusterIP through the pod's node's rules; a headless name gives pod IPs directly.
 * The pod then answers per `podserving.ts`. Latency: 0.2 ms a hop plus the pod's service time
 * (queueing is added by the caller once the tick's load is known).
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { ClusterContext } from '../context';
import { resolve } from './dns';
import { LABEL_SERVICE_NAME } from './endpointslices';
import { KUBE_DNS_IP } from './ipam';
import { answer, type Answer } from './podserving';
import type { Backend } from './proxyrules';
import { vipKey } from './proxyrules';
import type { NetworkParts } from './registry';
import type { ClientSpec } from './traffic';

const HOP_MS = 0.2;
/** how long a client waits for a connection before giving up */
export const CONNECT_TIMEOUT_MS = 10_000;
/** nginx proxy_connect_timeout */
const UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
const DNS_TIMEOUT_MS = 5_000;

export interface Outcome {
  status: number | 'refused' | 'timeout' | 'nxdomain';
  latencyMs: number;
  /** the pod's own service time, before queueing */
  serviceMs: number;
  podUid?: string;
  /** `namespace/name` of the Service the request was for */
  service?: string;
  viaIngress: boolean;
  hops: string[];
}

const failed = (why: 'refused' | 'timeout' | 'nxdomain', hops: string[], latencyMs: number, extra: Partial<Outcome> = {}): Outcome => ({
  status: why,
  latencyMs: why === 'timeout' ? CONNECT_TIMEOUT_MS : latencyMs,
  serviceMs: 0,
  viaIngress: false,
  hops,
  ...extra,
});

function podAnswer(ctx: ClusterContext, b: Backend, path: string): { a: Answer; pod: Pod | undefined } {
  const pod = b.pod ? ctx.store.byUID<Pod>(b.pod) : undefined;
  return { a: answer(pod, b.ip, b.port, path, ctx.infra, ctx.nowMs()), pod };
}

/** per kube-proxy instance: the load balancer's healthy nodes, recomputed once per instant */
const lbHealth = new WeakMap<object, { at: number; key: string; nodes: string[] }>();

/** Nodes passing the LB health check: kube-proxy answers there and has a local endpoint (Local policy). */
function healthyNodes(ctx: ClusterContext, proxies: NonNullable<NetworkParts['proxies']>, key: string): string[] {
  const now = ctx.clock.now;
  const hit = lbHealth.get(proxies);
  if (hit && hit.at === now && hit.key === key) return hit.nodes;
  const nodes: string[] = [];
  for (const m of ctx.infra.machines.values()) {
    if (!m.network || !proxies.runs(m.name)) continue;
    const rule = proxies.rulesOf(m.name)?.lbs[key];
    if (rule && rule.ready.some((b) => b.node === m.name)) nodes.push(m.name);
  }
  lbHealth.set(proxies, { at: now, key, nodes });
  return nodes;
}

export function sendOne(ctx: ClusterContext, net: NetworkParts, c: ClientSpec, clientIP: string): Outcome | null {
  const t = c.target;
  const proxies = net.proxies;
  if (!proxies) return failed('timeout', ['client'], 0);
  const random = ctx.random;

  if (t.kind === 'nodeport') {
    const node = ctx.infra.get(t.node);
    const hops = ['client', t.node];
    if (!node || !node.powered || !node.network) return failed('timeout', hops, 0);
    const r = proxies.route(t.node, 'nodeport', node.internalIP, t.port, clientIP, random);
    if (!r.ok) return failed(r.why, hops, HOP_MS);
    const { a, pod } = podAnswer(ctx, r.backend, t.path ?? '/');
    hops.push(pod?.metadata?.name ?? r.backend.ip);
    if (!a.ok) return failed(a.why, hops, 2 * HOP_MS, { service: r.rule.svc });
    return { status: a.status, latencyMs: 3 * HOP_MS + a.serviceMs, serviceMs: a.serviceMs, podUid: r.backend.pod, service: r.rule.svc, viaIngress: false, hops };
  }

  if (t.kind === 'service') {
    let ns = 'default';
    let nodeName: string | undefined;
    let from = clientIP;
    if (c.from) {
      const [pns, pname] = c.from.split('/');
      const pod = ctx.store.get<Pod>('pods', pns, pname);
      if (!pod?.status?.podIP || !pod.spec?.nodeName || !ctx.infra.get(pod.spec.nodeName)?.powered) return null;
      ns = pns;
      nodeName = pod.spec.nodeName;
      from = pod.status.podIP;
    } else {
      for (const m of ctx.infra.machines.values()) if (m.role !== 'control-plane' && m.powered && !nodeName) nodeName = m.name;
    }
    if (!nodeName) return null;
    const hops = [c.from ? c.from.split('/')[1] : 'client', nodeName];
    const svcKey = `${t.namespace}/${t.name}`;
    // CoreDNS first, through this node's rules
    const dns = proxies.route(nodeName, 'vip', KUBE_DNS_IP, 53, from, random, 'UDP');
    if (!dns.ok) return { ...failed('timeout', hops, 0, { service: svcKey }), latencyMs: DNS_TIMEOUT_MS };
    const name = t.namespace === ns ? t.name : `${t.name}.${t.namespace}`;
    const ans = resolve(ctx.store, name, ns);
    if (!ans.ok || !ans.ips.length) return failed('nxdomain', hops, 2 * HOP_MS, { service: svcKey });
    const ip = ans.ips.length === 1 ? ans.ips[0] : ans.ips[random.int(ans.ips.length)];
    let backend: Backend | undefined;
    const svc = ctx.store.get<Service>('services', t.namespace, t.name);
    if (svc?.spec?.clusterIP === ip) {
      const r = proxies.route(nodeName, 'vip', ip, t.port, from, random);
      if (!r.ok) return failed(r.why, hops, 3 * HOP_MS, { service: svcKey });
      backend = r.backend;
    } else {
      // a headless Service: the name gave pod IPs
      for (const s of ctx.store.iterate<EndpointSlice>('endpointslices', t.namespace)) {
        if (s.metadata?.labels?.[LABEL_SERVICE_NAME] !== t.name) continue;
        const e = (s.endpoints ?? []).find((x) => x.addresses[0] === ip);
        if (e) backend = { ip, port: t.port, node: e.nodeName ?? '', pod: e.targetRef?.uid ?? '' };
      }
      if (!backend) return failed('timeout', hops, 0, { service: svcKey });
    }
    const { a, pod } = podAnswer(ctx, backend, t.path ?? '/');
    hops.push(pod?.metadata?.name ?? backend.ip);
    if (!a.ok) return failed(a.why, hops, 3 * HOP_MS, { service: svcKey });
    return { status: a.status, latencyMs: 4 * HOP_MS + a.serviceMs, serviceMs: a.serviceMs, podUid: backend.pod, service: svcKey, viaIngress: false, hops };
  }

  // ---- through the Ingress ----------------------------------------------------------------
  const ing = net.ingress;
  const lb = ing?.address();
  if (!ing || !lb) return failed('timeout', ['client'], 0);
  const key = vipKey(lb, 80);
  const healthy = healthyNodes(ctx, proxies, key);
  if (!healthy.length) return failed('timeout', ['client', 'lb'], 0);
  const node = healthy.length === 1 ? healthy[0] : healthy[random.int(healthy.length)];
  const hops = ['client', 'lb', node];
  const r = proxies.route(node, 'lb', lb, 80, clientIP, random);
  if (!r.ok) return failed(r.why, hops, HOP_MS);
  const ctl = podAnswer(ctx, r.backend, '/');
  hops.push(ctl.pod?.metadata?.name ?? r.backend.ip);
  if (!ctl.a.ok) return failed(ctl.a.why, hops, 2 * HOP_MS);
  let latency = 3 * HOP_MS + ctl.a.serviceMs;
  let lastWhy: 'refused' | 'timeout' = 'refused';
  for (let attempt = 0; attempt < 3; attempt++) {
    const pick = ing.pick(t.host, t.path);
    if (!pick.ok) return { status: pick.status, latencyMs: latency, serviceMs: 0, service: pick.service || undefined, viaIngress: true, hops };
    const { a, pod } = podAnswer(ctx, pick.backend, t.path);
    if (a.ok) {
      hops.push(pod?.metadata?.name ?? pick.backend.ip);
      return { status: a.status, latencyMs: latency + HOP_MS + a.serviceMs, serviceMs: a.serviceMs, podUid: pick.backend.pod, service: pick.service, viaIngress: true, hops };
    }
    lastWhy = a.why;
    latency += a.why === 'timeout' ? UPSTREAM_CONNECT_TIMEOUT_MS : HOP_MS;
    if (attempt === 2) return { status: a.why === 'timeout' ? 504 : 502, latencyMs: latency, serviceMs: 0, service: pick.service, viaIngress: true, hops };
  }
  return { status: lastWhy === 'timeout' ? 504 : 502, latencyMs: latency, serviceMs: 0, viaIngress: true, hops };
}
