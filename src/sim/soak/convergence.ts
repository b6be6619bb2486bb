/**
 * The desired state a shaken cluster must come back to once chaos stops: every node Ready, every
 * Deployment complete (updated = ready = available = replicas, generation observed), the
 * StatefulSet Ready with its claims Bound, no pod Pending or Terminating, and every Service's
 * EndpointSlices listing exactly the Ready pods it selects. `unconverged` names what is not there yet.
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { mapMatches } from '../api/labels';
import { isPodReady } from '../api/podutil';
import type { Deployment, Node, Pod } from '../api/types';
import type { Cluster } from '../cluster';
import type { PVC } from '../storage/util';

/** What is not converged yet; empty when the cluster is where it should be. */
export function unconverged(c: Cluster): string[] {
  const out: string[] = [];
  const store = c.store;
  for (const n of store.iterate<Node>('nodes')) {
    if (n.status?.conditions?.find((x) => x.type === 'Ready')?.status !== 'True') out.push(`node ${n.metadata?.name} not Ready`);
  }
  for (const d of store.iterate<Deployment>('deployments')) {
    const want = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0) || s.updatedReplicas !== want || s.availableReplicas !== want || s.replicas !== want) {
      out.push(`deployment ${d.metadata?.namespace}/${d.metadata?.name} ${s.availableReplicas ?? 0}/${want} available, ${s.updatedReplicas ?? 0} updated, ${s.replicas ?? 0} total`);
    }
  }
  for (const s of store.iterate<StatefulSet>('statefulsets')) {
    const want = s.spec?.replicas ?? 1;
    if (s.status?.readyReplicas !== want) out.push(`statefulset ${s.metadata?.name} ${s.status?.readyReplicas ?? 0}/${want} ready`);
  }
  for (const pvc of store.iterate<PVC>('persistentvolumeclaims')) if (pvc.status?.phase !== 'Bound') out.push(`claim ${pvc.metadata?.name} ${pvc.status?.phase}`);
  for (const p of store.iterate<Pod>('pods')) {
    if (p.metadata?.deletionTimestamp) out.push(`pod ${p.metadata.namespace}/${p.metadata.name} Terminating`);
    else if (p.status?.phase === 'Pending') out.push(`pod ${p.metadata?.namespace}/${p.metadata?.name} Pending`);
  }
  for (const svc of store.iterate<Service>('services')) {
    const problem = endpointsProblem(c, svc);
    if (problem) out.push(problem);
  }
  return out;
}

/** A Service's ready endpoint addresses must be exactly its selected Ready pods' IPs. */
function endpointsProblem(c: Cluster, svc: Service): string | undefined {
  const selector = svc.spec?.selector;
  if (!selector || !Object.keys(selector).length) return undefined;
  const ns = svc.metadata?.namespace ?? '';
  const want = new Set<string>();
  for (const p of c.store.iterate<Pod>('pods', ns)) {
    if (!p.metadata?.deletionTimestamp && p.status?.podIP && isPodReady(p) && mapMatches(selector, p.metadata?.labels)) want.add(p.status.podIP);
  }
  const have = new Set<string>();
  for (const s of c.store.iterate<EndpointSlice>('endpointslices', ns)) {
    if (s.metadata?.labels?.['kubernetes.io/service-name'] !== svc.metadata?.name) continue;
    for (const e of s.endpoints ?? []) if (e.conditions?.ready) for (const a of e.addresses) have.add(a);
  }
  if (want.size === have.size && [...want].every((ip) => have.has(ip))) return undefined;
  return `service ${ns}/${svc.metadata?.name} endpoints [${[...have].sort().join(' ')}] != ready pods [${[...want].sort().join(' ')}]`;
}
