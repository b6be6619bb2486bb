/**
 * CoreDNS's `kubernetes` plugin (cluster domain `cluster.local`) and a pod's resolver:
 * - `<svc>.<ns>.svc.cluster.local` → the ClusterIP; a headless Service → the IPs of its ready
 *   endpoints; an ExternalName Service → a CNAME;
 * - `<hostname>.<svc>.<ns>.svc.cluster.local` → that endpoint (StatefulSet pods behind their
 *   governing headless Service);
 * - `a-b-c-d.<ns>.pod.cluster.local` → a-b-c-d as an IP;
 * - anything else → NXDOMAIN.
 * A pod's resolv.conf has `search <ns>.svc.cluster.local svc.cluster.local cluster.local` and
 * `ndots:5`: a name with fewer than 5 dots is tried with each search suffix first, then as is.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Store } from '../store/store';
import { LABEL_SERVICE_NAME } from './endpointslices';

export const CLUSTER_DOMAIN = 'cluster.local';

export type DnsAnswer = { ok: true; name: string; ips: string[]; cname?: string } | { ok: false; error: 'NXDOMAIN' };

/** The search list of a pod in `namespace` (dnsPolicy ClusterFirst). */
export function searchPath(namespace: string): string[] {
  return [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
}

function readyAddresses(store: Store, ns: string, svc: string, hostname?: string): string[] {
  const out: string[] = [];
  for (const s of store.iterate<EndpointSlice>('endpointslices', ns)) {
    if (s.metadata?.labels?.[LABEL_SERVICE_NAME] !== svc) continue;
    for (const e of s.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      if (hostname !== undefined && e.hostname !== hostname) continue;
      out.push(e.addresses[0]);
    }
  }
  return out;
}

/** One fully qualified name (no trailing dot) against the cluster's records. */
export function lookup(store: Store, fqdn: string): DnsAnswer {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (name.endsWith(`.pod.${CLUSTER_DOMAIN}`)) {
    const parts = name.slice(0, -`.pod.${CLUSTER_DOMAIN}`.length).split('.');
    if (parts.length === 2 && /^\d+-\d+-\d+-\d+$/.test(parts[0]) && store.get('namespaces', '', parts[1])) return { ok: true, name, ips: [parts[0].replace(/-/g, '.')] };
    return { ok: false, error: 'NXDOMAIN' };
  }
  if (!name.endsWith(suffix)) return { ok: false, error: 'NXDOMAIN' };
  const parts = name.slice(0, -suffix.length).split('.');
  if (parts.length === 2) {
    const [svcName, ns] = parts;
    const svc = store.get<Service>('services', ns, svcName);
    if (!svc) return { ok: false, error: 'NXDOMAIN' };
    if (svc.spec?.type === 'ExternalName') return { ok: true, name, ips: [], cname: svc.spec.externalName };
    if (svc.spec?.clusterIP && svc.spec.clusterIP !== 'None') return { ok: true, name, ips: [svc.spec.clusterIP] };
    const ips = readyAddresses(store, ns, svcName);
    return ips.length ? { ok: true, name, ips } : { ok: false, error: 'NXDOMAIN' };
  }
  if (parts.length === 3) {
    const [host, svcName, ns] = parts;
    if (!store.get('services', ns, svcName)) return { ok: false, error: 'NXDOMAIN' };
    const ips = readyAddresses(store, ns, svcName, host);
    return ips.length ? { ok: true, name, ips } : { ok: false, error: 'NXDOMAIN' };
  }
  return { ok: false, error: 'NXDOMAIN' };
}

/** What `getaddrinfo(name)` returns inside a pod of `namespace`. */
export function resolve(store: Store, name: string, namespace: string): DnsAnswer {
  if (name.endsWith('.')) return lookup(store, name);
  const dots = name.split('.').length - 1;
  const candidates = dots < 5 ? [...searchPath(namespace).map((s) => `${name}.${s}`), name] : [name, ...searchPath(namespace).map((s) => `${name}.${s}`)];
  for (const c of candidates) {
    const a = lookup(store, c);
    if (a.ok) return a;
  }
  return { ok: false, error: 'NXDOMAIN' };
}
