/**
 * Pure: the mirror → React Flow edges. Ingress → Service by backend, users → Ingress and
 * externally reachable Services, Service → each node holding ready endpoints (labelled with the
 * count, carrying the pod names so traffic particles find their edge), claim → each node where
 * a pod mounts it. Unchanged edges keep their identity (see `keepIdentity`).
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { Ingress } from 'kubernetes-types/networking/v1';
import type { Mirror } from '../state/mirror';
import { claimsOf, endpointsByNode, ingressBackends } from '../state/workloads';
import type { TrafficEdgeData, TrafficFlowEdge } from './TrafficEdge';

function edge(id: string, source: string, target: string, data: TrafficEdgeData, targetHandle?: string): TrafficFlowEdge {
  return { id, source, target, type: 'traffic', data, targetHandle, focusable: false, selectable: false, ariaLabel: data.label ?? id };
}

export function buildEdges(m: EdgeInputs): TrafficFlowEdge[] {
  const out: TrafficFlowEdge[] = [];
  const { services, ingresses, endpointslices, persistentvolumeclaims, pods } = m.objects;
  const hasMachine = (n: string) => n in m.machines;

  for (const id in ingresses) {
    const ing = ingresses[id] as Ingress;
    const hosts = (ing.spec?.rules ?? []).map((r) => `ingress ${r.host ?? ''}`);
    const via = hosts.length ? hosts : ['ingress '];
    out.push(edge(`users>${id}`, 'users', `ingresses:${id}`, { kind: 'users', via }));
    for (const svcId of ingressBackends(ing)) {
      if (!services[svcId]) continue;
      const svc = services[svcId] as Service;
      out.push(edge(`ing:${id}>${svcId}`, `ingresses:${id}`, `services:${svcId}`, { kind: 'ingress', via, pods: [...endpointsByNode(endpointslices, svc).pods].map((p) => p.split('/')[1]) }));
    }
  }
  for (const id in services) {
    const svc = services[id] as Service;
    const type = svc.spec?.type ?? 'ClusterIP';
    if (type === 'LoadBalancer' || type === 'NodePort') out.push(edge(`users>svc:${id}`, 'users', `services:${id}`, { kind: 'users', via: [`service ${id}`, 'nodeport '] }));
    // the endpoint's own nodeName: the edges need not read (per-frame) pods
    const eps = endpointsByNode(endpointslices, svc);
    for (const node in eps.byNode) {
      if (!hasMachine(node)) continue;
      const n = eps.byNode[node];
      out.push(edge(`svc:${id}>${node}`, `services:${id}`, `machine:${node}`, { kind: 'endpoints', label: `${n} endpoint${n === 1 ? '' : 's'}`, pods: eps.podsByNode[node] ?? [] }));
    }
  }
  if (Object.keys(persistentvolumeclaims).length) {
    const seen = new Set<string>();
    for (const node in m.slots) {
      if (!node || !hasMachine(node)) continue;
      for (const pid of m.slots[node]) {
        const pod = pid ? (pods[pid] as Pod | undefined) : undefined;
        if (!pod) continue;
        for (const claim of claimsOf(pod)) {
          const key = `pvc:${claim}>${node}`;
          if (seen.has(key) || !persistentvolumeclaims[claim]) continue;
          seen.add(key);
          out.push(edge(key, `persistentvolumeclaims:${claim}`, `machine:${node}`, { kind: 'claim', label: 'mounted' }, 'bottom'));
        }
      }
    }
  }
  return out;
}

type EdgeInputs = Pick<Mirror, 'objects' | 'machines' | 'slots'>;

/**
 * `buildEdges` as JSON, recomputed only when what it reads changed: Services, Ingresses,
 * EndpointSlices, claims, machines — and slots while a claim exists (claim edges follow the
 * pods that mount it; a pod's volumes never change, so where pods sit is all that matters; the
 * pods table itself is updated in place and has no identity to compare). Under pod churn
 * without claims the edges cost one identity check.
 */
export function edgesJsonMemo(): (m: EdgeInputs) => string {
  let inputs: unknown[] = [];
  let json = '[]';
  return (m) => {
    const o = m.objects;
    const claims = Object.keys(o.persistentvolumeclaims).length > 0;
    const next = [o.services, o.ingresses, o.endpointslices, o.persistentvolumeclaims, m.machines, claims ? m.slots : null];
    if (next.every((v, i) => v === inputs[i])) return json;
    inputs = next;
    json = JSON.stringify(buildEdges(m));
    return json;
  };
}

/** Keeps the previous edge object when nothing about it changed, so React Flow skips it. */
export function keepIdentity(prev: TrafficFlowEdge[], next: TrafficFlowEdge[]): TrafficFlowEdge[] {
  const old = new Map(prev.map((e) => [e.id, e]));
  let same = prev.length === next.length;
  const out = next.map((e, i) => {
    const o = old.get(e.id);
    const keep = o && o.source === e.source && o.target === e.target && JSON.stringify(o.data) === JSON.stringify(e.data) ? o : e;
    if (keep !== prev[i]) same = false;
    return keep;
  });
  return same ? prev : out;
}
