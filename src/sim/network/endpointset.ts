/**
 * What both endpoint controllers compute for a Service: which pods count, their conditions, and
 * the ports their Service ports resolve to (`pkg/controller/util/endpoint`, `podutil.FindPort`).
 * A named targetPort is looked up in each pod's container ports, so pods may differ: endpoints
 * are grouped by their resolved port list, one group per slice set / Endpoints subset.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { isPodReady } from '../api/podutil';

export interface ResolvedPort {
  name: string;
  port: number;
  protocol: string;
}

export interface EndpointInfo {
  pod: Pod;
  ip: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface EndpointGroup {
  /** `name/port/protocol,...` — the grouping key */
  key: string;
  ports: ResolvedPort[];
  endpoints: EndpointInfo[];
}

/** ShouldPodBeInEndpoints: has an IP and has not finished. */
export function podCounts(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP || !pod.spec?.nodeName) return false;
  const phase = pod.status.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** FindPort: a number is itself; a name is the container port of that name and protocol. */
export function findPort(pod: Pod, target: number | string | undefined, protocol: string): number | null {
  if (typeof target === 'number') return target;
  if (target === undefined || target === '') return null;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return null;
}

export function endpointGroups(svc: Service, pods: Pod[], includeTerminating: boolean): EndpointGroup[] {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, EndpointGroup>();
  for (const pod of pods) {
    if (!podCounts(pod, includeTerminating)) continue;
    const ports: ResolvedPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const protocol = sp.protocol ?? 'TCP';
      const port = findPort(pod, sp.targetPort as number | string | undefined, protocol);
      if (port !== null) ports.push({ name: sp.name ?? '', port, protocol });
    }
    const key = ports.map((p) => `${p.name}/${p.port}/${p.protocol}`).join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ports, endpoints: [] }));
    const terminating = !!pod.metadata?.deletionTimestamp;
    const podReady = isPodReady(pod);
    g.endpoints.push({
      pod,
      ip: pod.status!.podIP!,
      ready: publish || (podReady && !terminating),
      serving: publish || podReady,
      terminating,
    });
  }
  return [...groups.values()];
}
