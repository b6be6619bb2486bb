/**
 * Scenario 12: a readiness probe fails. The pods stay Running with READY 0/1 and no restarts;
 * their endpoints turn `ready: false` (Endpoints moves them to notReadyAddresses), kube-proxy
 * stops sending them traffic (no ready endpoint left → connection refused), and the
 * Deployment's AVAILABLE drops.
 *
 * The pods run agnhost `liveness` (the docs' example): /healthz answers 200 for 10 s, then 500.
 */
import type { Endpoints, Pod } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { getDeploy, isReady, pods } from '../controllers/testing/workloads';
import { ready, restarts } from '../kubelet/testing/podstatus';
import { service, trafficOf } from '../network/testing/net';
import { deployment } from '../testing/builders';

describe('scenario 12: readiness probe fails', () => {
  it('pods leave the ready endpoints, get no traffic, AVAILABLE drops; nothing restarts', () => {
    const c = Cluster.create({ seed: 12 });
    c.api.create(
      'deployments',
      'default',
      deployment('web', {
        replicas: 3,
        image: 'registry.k8s.io/e2e-test-images/agnhost:2.40',
        container: { args: ['liveness'], readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 3 } },
      }),
    );
    c.api.create('services', 'default', service('web', { ports: [{ port: 80, targetPort: 8080 }] }));
    const slice = () => c.store.list<EndpointSlice>('endpointslices', 'default').find((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(c.runUntilTrue(() => pods(c).filter(isReady).length === 3, 60_000)).toBe(true);
    expect(getDeploy(c).status?.availableReplicas).toBe(3);
    expect(slice().endpoints?.map((e) => e.conditions?.ready)).toEqual([true, true, true]);

    const t = trafficOf(c);
    t.addClient({ name: 'probe', target: { kind: 'service', namespace: 'default', name: 'web', port: 80, path: '/healthz' }, rps: 20 });
    // once CoreDNS answers (it may still be starting) every pod gets a share
    expect(c.runUntilTrue(() => pods(c).every((p) => t.podStats(p.metadata!.uid!).requests > 0), 10_000)).toBe(true);

    // /healthz fails from 10 s after each start: three failures (3 s apart) make the pods unready
    expect(c.runUntilTrue(() => pods(c).every((p) => !isReady(p)), 60_000)).toBe(true);
    c.runFor(2_000);
    for (const p of pods(c)) {
      expect(p.status?.phase).toBe('Running');
      expect([ready(p as Pod), restarts(p as Pod)]).toEqual(['0/1', 0]);
    }
    expect(slice().endpoints?.map((e) => e.conditions)).toEqual([0, 1, 2].map(() => ({ ready: false, serving: false, terminating: false })));
    const ep = c.store.get<Endpoints>('endpoints', 'default', 'web')!;
    expect(ep.subsets?.[0].addresses).toBeUndefined();
    expect(ep.subsets?.[0].notReadyAddresses).toHaveLength(3);
    expect(getDeploy(c).status?.availableReplicas ?? 0).toBe(0);

    // no traffic reaches them any more: every connection is refused by kube-proxy's REJECT rule
    // (the stats cover the last 10 s: after 11 s nothing is left of what they served before)
    c.runFor(11_000);
    expect(pods(c).map((p) => t.podStats(p.metadata!.uid!).requests)).toEqual([0, 0, 0]);
    expect(t.serviceStats('default', 'web')).toMatchObject({ errorRate: 1 });
    expect(t.recent().slice(-5).map((s) => s.status)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
    expect(c.faults).toEqual([]);
  });
});
