/**
 * Scenario 20: a Service whose selector matches no ready pod. `get endpoints web` shows
 * `<none>` (an Endpoints object without subsets), a request to the ClusterIP is refused
 * (kube-proxy REJECTs a Service without endpoints); once a matching pod is Ready its endpoint
 * appears within about a second and traffic flows.
 */
import type { Endpoints, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isReady } from '../controllers/testing/workloads';
import { proxiesOf, service, trafficOf } from '../network/testing/net';
import { pod } from '../testing/builders';

describe('scenario 20: Service with no ready pods', () => {
  it('has no endpoints, refuses connections, then serves once a pod is Ready', () => {
    const c = Cluster.create({ seed: 20 });
    c.api.create('services', 'default', service('web'));
    c.runFor(30_000); // CoreDNS is up

    const ep = () => c.store.get<Endpoints>('endpoints', 'default', 'web');
    expect(ep()).toBeDefined();
    expect(ep()?.subsets).toBeUndefined(); // ENDPOINTS <none>
    const vip = c.store.get<Service>('services', 'default', 'web')!.spec!.clusterIP!;
    expect(proxiesOf(c).route('node-1', 'vip', vip, 80, '10.244.1.99', c.random)).toEqual({ ok: false, why: 'refused' });

    const t = trafficOf(c);
    t.addClient({ name: 'curl', target: { kind: 'service', namespace: 'default', name: 'web', port: 80 }, rps: 10 });
    c.runFor(2_000);
    expect(t.clientStats('curl')).toMatchObject({ errorRate: 1 });
    expect(t.recent().at(-1)?.status).toBe('refused');

    c.api.create('pods', 'default', pod('web-1', { labels: { app: 'web' } }));
    expect(c.runUntilTrue(() => isReady(c.store.get('pods', 'default', 'web-1')!), 60_000, 10)).toBe(true);
    const readyAt = c.clock.now;
    expect(c.runUntilTrue(() => t.recent().at(-1)?.status === 200, 5_000, 10)).toBe(true);
    expect(c.clock.now - readyAt).toBeLessThanOrEqual(1_100);
    const podIP = c.store.get('pods', 'default', 'web-1')!.status!.podIP;
    expect(ep()?.subsets).toEqual([
      { addresses: [{ ip: podIP, nodeName: expect.any(String), targetRef: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: expect.any(String) } }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
    expect(t.recent().at(-1)?.hops.at(-1)).toBe('web-1');
    expect(c.faults).toEqual([]);
  });
});
