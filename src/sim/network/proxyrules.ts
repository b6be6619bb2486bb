/**
 * The rules kube-proxy programs (`pkg/proxy`), as plain JSON: for every Service with a virtual IP
 * its VIP:port, NodePorts and load-balancer IP:port, each leading to the ready endpoints of that
 * port — or, when none is ready, to the serving-and-terminating ones (ProxyTerminatingEndpoints).
 * Headless and ExternalName Services get no rules. A table is immutable once built; every node
 * points at the table it last synced, so a node whose kube-proxy is stopped keeps an old one.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Store } from '../store/store';
import { LABEL_SERVICE_NAME } from './endpointslices';

export interface Backend {
  ip: string;
  port: number;
  node: string;
  /** pod uid ('' when the endpoint is not a pod) */
  pod: string;
}

export interface ServiceRule {
  /** `namespace/name` */
  svc: string;
  /** the Service port's name ('' when unnamed) and number */
  portName: string;
  port: number;
  ready: Backend[];
  /** serving + terminating endpoints, used only when none is ready */
  fallback: Backend[];
  /** ClientIP affinity timeout in seconds, 0 = none */
  affinity: number;
  /** externalTrafficPolicy Local: NodePort/LB traffic only to this node's endpoints */
  externalLocal: boolean;
  /** internalTrafficPolicy Local: ClusterIP traffic only to this node's endpoints */
  internalLocal: boolean;
}

export interface RuleTable {
  version: number;
  /** `10.96.12.34:80/TCP` → rule */
  vips: Record<string, ServiceRule>;
  /** `31234/TCP` → rule (open on every node) */
  nodePorts: Record<string, ServiceRule>;
  /** `172.18.255.200:80/TCP` → rule */
  lbs: Record<string, ServiceRule>;
}

export const vipKey = (ip: string, port: number, protocol = 'TCP') => `${ip}:${port}/${protocol}`;
export const nodePortKey = (port: number, protocol = 'TCP') => `${port}/${protocol}`;

export function buildRules(store: Store, version: number): RuleTable {
  // the slices of each Service, gathered once
  const slices = new Map<string, EndpointSlice[]>();
  for (const s of store.iterate<EndpointSlice>('endpointslices')) {
    const svc = s.metadata?.labels?.[LABEL_SERVICE_NAME];
    if (!svc) continue;
    const key = `${s.metadata?.namespace}/${svc}`;
    let list = slices.get(key);
    if (!list) slices.set(key, (list = []));
    list.push(s);
  }
  const table: RuleTable = { version, vips: {}, nodePorts: {}, lbs: {} };
  for (const svc of store.iterate<Service>('services')) {
    const spec = svc.spec ?? {};
    if (!spec.clusterIP || spec.clusterIP === 'None' || spec.type === 'ExternalName') continue;
    const key = `${svc.metadata?.namespace}/${svc.metadata?.name}`;
    const mine = slices.get(key) ?? [];
    const lbIPs = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((x): x is string => !!x);
    for (const sp of spec.ports ?? []) {
      const protocol = sp.protocol ?? 'TCP';
      const portName = sp.name ?? '';
      const ready: Backend[] = [];
      const fallback: Backend[] = [];
      for (const s of mine) {
        const p = (s.ports ?? []).find((x) => (x.name ?? '') === portName && (x.protocol ?? 'TCP') === protocol);
        if (!p?.port) continue;
        for (const e of s.endpoints ?? []) {
          const b: Backend = { ip: e.addresses[0], port: p.port, node: e.nodeName ?? '', pod: e.targetRef?.kind === 'Pod' ? (e.targetRef.uid ?? '') : '' };
          const c = e.conditions ?? {};
          if (c.ready !== false) ready.push(b);
          else if (c.serving && c.terminating) fallback.push(b);
        }
      }
      const rule: ServiceRule = {
        svc: key,
        portName,
        port: sp.port,
        ready,
        fallback,
        affinity: spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0,
        externalLocal: spec.externalTrafficPolicy === 'Local',
        internalLocal: spec.internalTrafficPolicy === 'Local',
      };
      table.vips[vipKey(spec.clusterIP, sp.port, protocol)] = rule;
      if (sp.nodePort) table.nodePorts[nodePortKey(sp.nodePort, protocol)] = rule;
      for (const ip of lbIPs) table.lbs[vipKey(ip, sp.port, protocol)] = rule;
    }
  }
  return table;
}
