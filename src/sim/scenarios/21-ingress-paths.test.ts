/**
 * Scenario 21: an Ingress for host `shop.example.com` with `/api` (Prefix) → svc-a and `/api/v2`
 * (Exact) → svc-b. `/api/v2` goes to svc-b (longest match, Exact wins ties); `/api/v2/x` to svc-a
 * (the Exact path does not match it); `/apiary` to the default backend (404: Prefix is
 * element-wise); another Host to the default backend too; svc-a scaled to 0 → `/api` answers 503.
 */
import type { Ingress } from 'kubernetes-types/networking/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { ingress, service, trafficOf } from '../network/testing/net';
import { deployment } from '../testing/builders';

const HELLO = 'gcr.io/google-samples/hello-app:1.0';

function setup(): Cluster {
  const c = Cluster.create({ seed: 21 });
  for (const name of ['svc-a', 'svc-b']) {
    c.api.create('deployments', 'default', deployment(name, { replicas: 2, image: HELLO }));
    c.api.create('services', 'default', service(name, { ports: [{ port: 80, targetPort: 8080 }] }));
  }
  const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
  c.api.create(
    'ingresses',
    'default',
    ingress('shop', [
      {
        host: 'shop.example.com',
        http: {
          paths: [
            { path: '/api', pathType: 'Prefix', backend: backend('svc-a') },
            { path: '/api/v2', pathType: 'Exact', backend: backend('svc-b') },
          ],
        },
      },
    ]),
  );
  c.runFor(60_000);
  return c;
}

/** Sends a few requests and returns the last one's status and the Service it reached. */
function request(c: Cluster, host: string, path: string): { status: unknown; service: string | undefined } {
  const t = trafficOf(c);
  const name = `${host}${path}`;
  t.addClient({ name, target: { kind: 'ingress', host, path }, rps: 10 });
  c.runFor(1_000);
  t.removeClient(name);
  const last = t.recent().filter((s) => s.client === name).at(-1)!;
  const pod = last.hops[4];
  return { status: last.status, service: pod?.startsWith('svc-a') ? 'svc-a' : pod?.startsWith('svc-b') ? 'svc-b' : undefined };
}

describe('scenario 21: Ingress path matching', () => {
  let c: Cluster;
  beforeAll(() => {
    c = setup();
  });

  it('gets the default class and the load balancer address', () => {
    const ing = c.store.get<Ingress>('ingresses', 'default', 'shop')!;
    expect(ing.spec?.ingressClassName).toBe('nginx');
    expect(ing.status?.loadBalancer?.ingress).toEqual([{ ip: '172.18.255.200' }]);
  });

  it('routes by longest match, Exact winning ties, Prefix element-wise', () => {
    expect(request(c, 'shop.example.com', '/api/v2')).toEqual({ status: 200, service: 'svc-b' });
    expect(request(c, 'shop.example.com', '/api/v2/x')).toEqual({ status: 200, service: 'svc-a' });
    expect(request(c, 'shop.example.com', '/api')).toEqual({ status: 200, service: 'svc-a' });
    expect(request(c, 'shop.example.com', '/apiary')).toEqual({ status: 404, service: undefined });
    expect(request(c, 'other.example.com', '/api')).toEqual({ status: 404, service: undefined });
  });

  it('answers 503 for /api once svc-a has no endpoints', () => {
    c.api.patch('deployments', 'default', 'svc-a', { spec: { replicas: 0 } });
    c.runFor(40_000);
    expect(request(c, 'shop.example.com', '/api')).toEqual({ status: 503, service: undefined });
    expect(request(c, 'shop.example.com', '/api/v2')).toEqual({ status: 200, service: 'svc-b' });
    // a backend Service that does not exist: 503 too
    c.api.delete('services', 'default', 'svc-b');
    c.runFor(1_000);
    expect(request(c, 'shop.example.com', '/api/v2')).toEqual({ status: 503, service: undefined });
    expect(c.faults).toEqual([]);
  });

  it('ignores an Ingress of a class no controller owns: no ADDRESS', () => {
    c.api.create('ingresses', 'default', { ...ingress('other', [{ host: 'x.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc-b', port: { number: 80 } } } }] } }]), spec: { ingressClassName: 'traefik', rules: [{ host: 'x.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc-b', port: { number: 80 } } } }] } }] } });
    c.runFor(5_000);
    expect(c.store.get<Ingress>('ingresses', 'default', 'other')?.status?.loadBalancer).toEqual({});
    expect(request(c, 'x.example.com', '/')).toEqual({ status: 404, service: undefined });
  });
});
