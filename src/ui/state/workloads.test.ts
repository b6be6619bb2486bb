import { describe, expect, it } from 'vitest';
import type { KObject } from '../../sim/api/types';
import { aggregateMode, deploymentFigures, endpointsByNode, ingressBackends, podRelated, replicaSetsOf } from './workloads';

const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1' }, spec: { replicas: 3 }, status: { readyReplicas: 2, updatedReplicas: 1, availableReplicas: 2 } } as KObject;
const rs = (hash: string, rev: number, replicas: number): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: `web-${hash}`, namespace: 'default', uid: hash, annotations: { 'deployment.kubernetes.io/revision': String(rev) }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] },
  spec: { replicas },
  status: { replicas },
});

describe('workload views', () => {
  it('lists a rollout\'s ReplicaSets newest first and drops old ones scaled to zero', () => {
    const table = { 'default/web-a': rs('a', 1, 2), 'default/web-b': rs('b', 2, 1), 'default/web-c': rs('c', 0, 0) };
    const sets = replicaSetsOf(table, dep as never);
    expect(sets.map((s) => s.metadata?.name)).toEqual(['web-b', 'web-a']);
    expect(deploymentFigures(dep as never, sets)).toMatchObject({ desired: 3, ready: 2, updated: 1, rolling: true, stalled: false });
  });

  it('counts ready endpoints per node from EndpointSlices, not-ready ones apart', () => {
    const svc = { metadata: { name: 'web', namespace: 'default' } } as never;
    const slices = {
      'default/web-x': {
        metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
        endpoints: [
          { addresses: ['10.0.1.2'], conditions: { ready: true }, nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'p1', namespace: 'default' } },
          { addresses: ['10.0.1.3'], conditions: { ready: true }, nodeName: 'node-1', targetRef: { kind: 'Pod', name: 'p2', namespace: 'default' } },
          { addresses: ['10.0.2.2'], conditions: { ready: false }, nodeName: 'node-2', targetRef: { kind: 'Pod', name: 'p3', namespace: 'default' } },
        ],
      } as KObject,
    };
    const e = endpointsByNode(slices, svc);
    expect(e.byNode).toEqual({ 'node-1': 2 });
    expect([...e.pods]).toEqual(['default/p1', 'default/p2']);
    expect(e.podsByNode).toEqual({ 'node-1': ['p1', 'p2'] });
    expect(e.notReady).toBe(1);
  });

  it('relates pods to the selected Deployment through their ReplicaSet', () => {
    const table = { 'default/web-a': rs('a', 1, 2) };
    const pod = { metadata: { name: 'web-a-x', namespace: 'default', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-a', uid: 'a', controller: true, apiVersion: 'apps/v1' }] } } as never;
    expect(podRelated({ kind: 'object', resource: 'deployments', id: 'default/web' }, pod, { replicasets: table, services: {} })).toBe(true);
    expect(podRelated({ kind: 'object', resource: 'deployments', id: 'default/api' }, pod, { replicasets: table, services: {} })).toBe(false);
    expect(podRelated({ kind: 'object', resource: 'replicasets', id: 'default/web-a' }, pod, { replicasets: table, services: {} })).toBe(true);
  });

  it('reads Ingress backends; switches to aggregates past 40 nodes or 1,000 pods', () => {
    expect(ingressBackends({ metadata: { namespace: 'default' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } } as never)).toEqual(['default/web']);
    expect(aggregateMode(4, 30)).toBe(false);
    expect(aggregateMode(41, 30)).toBe(true);
    expect(aggregateMode(10, 1001)).toBe(true);
  });
});
