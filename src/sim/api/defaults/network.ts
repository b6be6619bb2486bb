/**
 * Service defaulting (`SetDefaults_Service` in `pkg/apis/core/v1/defaults.go`). Copy-on-write.
 * The IP-family fields and the ClusterIP/NodePort values are the service storage's business
 * (`network/ipam.ts`), not defaulting. Ingress has no defaults in networking.k8s.io/v1 (pathType
 * is required; ingressClassName comes from the DefaultIngressClass admission plugin).
 */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import type { KObject } from '../types';

/** ClientIP session affinity sticks for 3 hours unless told otherwise. */
export const DEFAULT_CLIENT_IP_TIMEOUT = 10800;

function defaultPort(p: ServicePort): ServicePort {
  if (p.protocol && p.targetPort !== undefined && p.targetPort !== null && p.targetPort !== 0 && p.targetPort !== '') return p;
  const out = { ...p };
  if (!out.protocol) out.protocol = 'TCP';
  // targetPort unset (or 0 / "") → the port itself
  if (out.targetPort === undefined || out.targetPort === null || out.targetPort === 0 || out.targetPort === '') out.targetPort = out.port;
  return out;
}

export function defaultService(obj: KObject): KObject {
  const svc = obj as Service;
  const spec: ServiceSpec = svc.spec ?? {};
  const patch: Partial<ServiceSpec> = {};
  const type = spec.type ?? 'ClusterIP';
  if (!spec.type) patch.type = 'ClusterIP';
  if (!spec.sessionAffinity) patch.sessionAffinity = 'None';
  if ((spec.sessionAffinity ?? 'None') === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    patch.sessionAffinityConfig = { ...(spec.sessionAffinityConfig ?? {}), clientIP: { ...(spec.sessionAffinityConfig?.clientIP ?? {}), timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT } };
  }
  if (spec.ports) {
    const ports = spec.ports.map(defaultPort);
    if (ports.some((p, i) => p !== spec.ports![i])) patch.ports = ports;
  }
  if (type !== 'ExternalName' && !spec.internalTrafficPolicy) patch.internalTrafficPolicy = 'Cluster';
  if ((type === 'NodePort' || type === 'LoadBalancer') && !spec.externalTrafficPolicy) patch.externalTrafficPolicy = 'Cluster';
  if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) patch.allocateLoadBalancerNodePorts = true;
  if (!Object.keys(patch).length) return obj;
  return { ...obj, spec: { ...spec, ...patch } };
}
