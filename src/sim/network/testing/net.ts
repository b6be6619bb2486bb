/**
 * Test helpers for the network: Service and Ingress manifests as users write them, and handles
 * on the traffic and kube-proxy components of a cluster.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Ingress, IngressRule } from 'kubernetes-types/networking/v1';
import type { Cluster } from '../../cluster';
import type { KubeProxies } from '../kubeproxy';
import type { Traffic } from '../traffic';

export function service(name: string, opts: { selector?: Record<string, string> | null; ports?: ServicePort[]; type?: string; namespace?: string; clusterIP?: string } = {}): Service {
  const spec: Service['spec'] = { ports: opts.ports ?? [{ port: 80 }] };
  if (opts.selector !== null) spec.selector = opts.selector ?? { app: name };
  if (opts.type) spec.type = opts.type;
  if (opts.clusterIP) spec.clusterIP = opts.clusterIP;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: opts.namespace }, spec };
}

export function ingress(name: string, rules: IngressRule[], extra: Partial<Ingress['spec']> = {}): Ingress {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec: { rules, ...extra } };
}

export function trafficOf(c: Cluster): Traffic {
  return c.components.find((x) => x.name === 'traffic') as Traffic;
}

export function proxiesOf(c: Cluster): KubeProxies {
  return c.components.find((x) => x.name === 'kube-proxy') as KubeProxies;
}
