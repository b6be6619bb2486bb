/**
 * Traffic through an Ingress to a 3-replica Deployment while things break:
 * - one pod deleted: requests keep succeeding; errors, if any, only while the endpoints update
 *   (ingress-nginx retries the next endpoint on a refused connection);
 * - a node powered off: until its pod's endpoint leaves (the node is NotReady after ~50 s, the
 *   pod's Ready condition goes False) requests that land on it time out — direct callers see
 *   errors, nginx's retries turn them into 5 s waits — then none.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isReady, pods } from '../controllers/testing/workloads';
import { ingress, service, trafficOf } from '../network/testing/net';
import { deployment } from '../testing/builders';

function setup(seed: number) {
  const c = Cluster.create({ seed });
  c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
  c.api.create('services', 'default', service('web'));
  c.api.create('ingresses', 'default', ingress('web', [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }]));
  c.api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client' }, spec: { containers: [{ name: 'curl', image: 'nginx:1.27' }] } });
  expect(c.runUntilTrue(() => pods(c).filter(isReady).length === 4, 60_000)).toBe(true);
  c.runFor(5_000);
  const t = trafficOf(c);
  t.addClient({ name: 'users', target: { kind: 'ingress', host: 'web.example.com', path: '/' }, rps: 50 });
  t.addClient({ name: 'in-cluster', target: { kind: 'service', namespace: 'default', name: 'web', port: 80 }, from: 'default/client', rps: 30 });
  c.runFor(10_000);
  expect(t.clientStats('users')).toMatchObject({ errors: 0 });
  expect(t.clientStats('in-cluster')).toMatchObject({ errors: 0 });
  return { c, t };
}

const webPods = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'web');

describe('traffic through an Ingress while a pod is deleted', () => {
  it('keeps succeeding', () => {
    const { c, t } = setup(31);
    c.api.delete('pods', 'default', webPods(c)[0].metadata!.name!);
    c.runFor(10_000);
    const users = t.clientStats('users');
    expect(users.requests).toBeGreaterThan(400);
    expect(users.errorRate).toBeLessThan(0.02);
    expect(t.clientStats('in-cluster').errorRate).toBeLessThan(0.05);
    c.runFor(30_000);
    expect(t.clientStats('users')).toMatchObject({ errors: 0 });
    expect(t.clientStats('in-cluster')).toMatchObject({ errors: 0 });
    expect(t.clientStats('users').p99).toBeLessThan(50);
  });
});

describe('traffic through an Ingress while a node is powered off', () => {
  it('fails or stalls until the endpoints of the dead node leave, then recovers', () => {
    const { c, t } = setup(32);
    const ctlNode = c.store.list<Pod>('pods', 'ingress-nginx')[0].spec!.nodeName;
    const clientNode = c.store.get<Pod>('pods', 'default', 'client')!.spec!.nodeName;
    const victim = webPods(c).find((p) => p.spec!.nodeName !== ctlNode && p.spec!.nodeName !== clientNode)!;
    const node = victim.spec!.nodeName!;
    c.infra.setPower(node, false);
    const off = c.clock.now;
    c.runFor(20_000);
    // about a third of the direct calls hit the dead pod and time out; nginx retries elsewhere (slowly)
    expect(t.clientStats('in-cluster').errorRate).toBeGreaterThan(0.15);
    expect(t.clientStats('users').p99).toBeGreaterThanOrEqual(5_000);

    const gone = () => {
      const s = c.store.list('endpointslices', 'default').find((x) => x.metadata?.labels?.['kubernetes.io/service-name'] === 'web');
      return s?.endpoints?.find((e: { addresses: string[] }) => e.addresses[0] === victim.status!.podIP)?.conditions?.ready === false;
    };
    expect(c.runUntilTrue(gone, 120_000, 1_000)).toBe(true);
    expect((c.clock.now - off) / 1000).toBeGreaterThanOrEqual(40);
    expect((c.clock.now - off) / 1000).toBeLessThanOrEqual(60);
    c.runFor(12_000);
    expect(t.clientStats('in-cluster')).toMatchObject({ errors: 0 });
    expect(t.clientStats('users')).toMatchObject({ errors: 0 });
    expect(t.clientStats('users').p99).toBeLessThan(50);
    expect(c.faults).toEqual([]);
  });
});
