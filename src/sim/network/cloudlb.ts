/**
 * A stand-in for the cloud's load-balancer controller (kind's cloud-provider-kind, MetalLB):
 * every `type: LoadBalancer` Service gets an external IP from 172.18.255.200 upwards, written to
 * `status.loadBalancer.ingress` (EXTERNAL-IP in `kubectl get svc`; `<pending>` before). A
 * Service that stops being a LoadBalancer loses it. The pool in use is read from the store.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../apiserver/client';
import type { Store } from '../store/store';

export const LB_POOL_START = 200;
export const LB_POOL_END = 250;
export const lbIP = (n: number) => `172.18.255.${n}`;

/** Assigns and removes external IPs; returns whether anything was written. */
export function reconcileLoadBalancers(store: Store, client: ApiClient, keys: Iterable<string>): boolean {
  let wrote = false;
  for (const key of keys) {
    const i = key.indexOf('/');
    const svc = store.get<Service>('services', key.slice(0, i), key.slice(i + 1));
    if (!svc) continue;
    const has = svc.status?.loadBalancer?.ingress?.length;
    if (svc.spec?.type === 'LoadBalancer' && !has) {
      const used = new Set<string>();
      for (const s of store.iterate<Service>('services')) for (const ing of s.status?.loadBalancer?.ingress ?? []) if (ing.ip) used.add(ing.ip);
      let ip: string | null = null;
      for (let n = LB_POOL_START; n <= LB_POOL_END && !ip; n++) if (!used.has(lbIP(n))) ip = lbIP(n);
      if (!ip) continue; // pool exhausted: EXTERNAL-IP stays <pending>
      client.updateStatus('services', svc.metadata?.namespace, { ...svc, status: { ...(svc.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } });
      wrote = true;
    } else if (svc.spec?.type !== 'LoadBalancer' && has) {
      client.updateStatus('services', svc.metadata?.namespace, { ...svc, status: { ...(svc.status ?? {}), loadBalancer: {} } });
      wrote = true;
    }
  }
  return wrote;
}
