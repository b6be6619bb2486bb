/**
 * The strategy of each resource: generation tracking, the status subresource, what a create
 * resets, which defaulting and validation apply, and the default grace period of a delete.
 */
import { defaulters } from '../api/defaults';
import type { KObject, PodSpec } from '../api/types';
import { podQOS } from '../api/validation/pod';
import { validators } from '../api/validation';
import { defaultIngressClass } from '../network/admission';
import { allocateService } from '../network/ipam';
import { admitStorage } from '../storage/admission';
import type { Strategy } from './strategy';

const base = (resource: string, s: Partial<Strategy>): Strategy => ({
  tracksGeneration: false,
  hasStatus: false,
  defaults: (o) => (defaulters[resource] ? defaulters[resource](o) : o),
  validate: (o) => validators[resource]?.validate(o) ?? [],
  validateUpdate: (o, old) => {
    const v = validators[resource];
    if (!v) return [];
    return v.validateUpdate ? v.validateUpdate(o, old) : v.validate(o);
  },
  ...s,
});

const clearStatus = (o: KObject): KObject => (o.status === undefined ? o : { ...o, status: undefined });

const STRATEGIES: Record<string, Strategy> = {
  namespaces: base('namespaces', {
    hasStatus: true,
    prepareForCreate: (o) => ({ ...o, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }),
  }),
  nodes: base('nodes', { hasStatus: true }),
  pods: base('pods', {
    hasStatus: true,
    // the API server fills the QoS class at creation; the kubelet owns the rest of status
    prepareForCreate: (o) => ({ ...o, status: { phase: 'Pending', qosClass: podQOS((o.spec ?? {}) as PodSpec) } }),
    gracePeriodSeconds: (o, requested) => {
      const spec = o.spec as { nodeName?: string; terminationGracePeriodSeconds?: number };
      const phase = (o.status as { phase?: string } | undefined)?.phase;
      // an unscheduled or finished pod has nothing running to stop: it goes at once, whatever
      // the request asked for (pod strategy.go, CheckGracefulDelete)
      if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
      return requested ?? spec.terminationGracePeriodSeconds ?? 30;
    },
  }),
  events: base('events', {}),
  replicasets: base('replicasets', { tracksGeneration: true, hasStatus: true, prepareForCreate: clearStatus }),
  deployments: base('deployments', { tracksGeneration: true, hasStatus: true, prepareForCreate: clearStatus }),
  leases: base('leases', {}),
  services: base('services', {
    hasStatus: true,
    prepareForCreate: (o) => ({ ...o, status: { loadBalancer: {} } }),
    // the service storage allocates ClusterIPs and NodePorts from what the store holds
    admit: (o, ctx, op, old) => allocateService(o, ctx.store, ctx.random, op, old),
  }),
  endpoints: base('endpoints', {}),
  configmaps: base('configmaps', {}),
  secrets: base('secrets', {}),
  persistentvolumes: base('persistentvolumes', { hasStatus: true, prepareForCreate: (o) => ({ ...o, status: { phase: 'Pending' } }), admit: (o, ctx, op) => admitStorage('persistentvolumes', o, ctx.store, op) }),
  persistentvolumeclaims: base('persistentvolumeclaims', { hasStatus: true, prepareForCreate: (o) => ({ ...o, status: { phase: 'Pending' } }), admit: (o, ctx, op) => admitStorage('persistentvolumeclaims', o, ctx.store, op) }),
  endpointslices: base('endpointslices', {}),
  ingresses: base('ingresses', { tracksGeneration: true, hasStatus: true, prepareForCreate: (o) => ({ ...o, status: { loadBalancer: {} } }), admit: (o, ctx, op) => defaultIngressClass(o, ctx.store, op) }),
  ingressclasses: base('ingressclasses', { tracksGeneration: true }),
  storageclasses: base('storageclasses', {}),
  volumeattachments: base('volumeattachments', { hasStatus: true }),
  statefulsets: base('statefulsets', { tracksGeneration: true, hasStatus: true, prepareForCreate: clearStatus }),
  daemonsets: base('daemonsets', { tracksGeneration: true, hasStatus: true, prepareForCreate: clearStatus }),
  controllerrevisions: base('controllerrevisions', {}),
  jobs: base('jobs', { tracksGeneration: true, hasStatus: true, prepareForCreate: clearStatus }),
  cronjobs: base('cronjobs', { tracksGeneration: true, hasStatus: true, prepareForCreate: clearStatus }),
  poddisruptionbudgets: base('poddisruptionbudgets', { tracksGeneration: true, hasStatus: true, prepareForCreate: clearStatus }),
  horizontalpodautoscalers: base('horizontalpodautoscalers', { hasStatus: true, prepareForCreate: clearStatus }),
};

export function strategyFor(resource: string): Strategy {
  return STRATEGIES[resource] ?? base(resource, {});
}
