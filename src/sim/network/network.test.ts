/**
 * Unit-level checks of the network parts on a real cluster: Service allocation and defaults,
 * DNS names, kube-proxy's stale rules, ingress path matching, and a snapshot taken mid-traffic
 * restoring to the same future.
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isReady, pods } from '../controllers/testing/workloads';
import { deployment } from '../testing/builders';
import { resolve } from './dns';
import { matchIngress, prefixMatches } from './ingressroute';
import { ingress, proxiesOf, service, trafficOf } from './testing/net';

describe('Services', () => {
  const c = Cluster.create({ seed: 3, machines: [] });
  it('bootstrap: kubernetes at 10.96.0.1, kube-dns at 10.96.0.10, IngressClass nginx (default)', () => {
    expect(c.store.get<Service>('services', 'default', 'kubernetes')?.spec?.clusterIP).toBe('10.96.0.1');
    expect(c.store.get<Service>('services', 'kube-system', 'kube-dns')?.spec?.clusterIP).toBe('10.96.0.10');
    expect(c.store.get('ingressclasses', '', 'nginx')?.metadata?.annotations).toEqual({ 'ingressclass.kubernetes.io/is-default-class': 'true' });
  });
  it('defaults and allocates from the upper bands; headless and ExternalName get no IP', () => {
    const s = c.api.create<Service>('services', 'default', service('web', { type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] }));
    expect(s.spec).toMatchObject({ type: 'NodePort', sessionAffinity: 'None', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect(s.spec?.clusterIPs).toEqual([s.spec?.clusterIP]);
    const [a, b, c3, d] = s.spec!.clusterIP!.split('.').map(Number);
    expect(a).toBe(10);
    expect(b >= 96 && b <= 111).toBe(true);
    expect(b > 96 || c3 > 1 || (c3 === 1 && d > 0)).toBe(true); // above the static band 10.96.0.1–10.96.1.0
    expect(s.spec!.ports![0]).toMatchObject({ protocol: 'TCP', targetPort: 'http' });
    expect(s.spec!.ports![0].nodePort).toBeGreaterThanOrEqual(30086);
    expect(s.status).toEqual({ loadBalancer: {} });
    const h = c.api.create<Service>('services', 'default', service('db', { clusterIP: 'None' }));
    expect(h.spec).toMatchObject({ clusterIP: 'None', clusterIPs: ['None'] });
    const x = c.api.create<Service>('services', 'default', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect(x.spec?.clusterIP).toBeUndefined();
    const aff = c.api.create<Service>('services', 'default', { ...service('sticky'), spec: { ...service('sticky').spec, sessionAffinity: 'ClientIP' } });
    expect(aff.spec?.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });
  it('an update keeps the allocations; NodePort → ClusterIP drops the node ports', () => {
    const s = c.store.get<Service>('services', 'default', 'web')!;
    const { clusterIP: _ip, clusterIPs: _ips, ...rest } = s.spec!;
    const again = c.api.update<Service>('services', 'default', { ...s, spec: rest });
    expect(again.spec?.clusterIP).toBe(s.spec?.clusterIP);
    expect(again.spec?.ports?.[0].nodePort).toBe(s.spec?.ports?.[0].nodePort);
    const back = c.api.patch<Service>('services', 'default', 'web', { spec: { type: 'ClusterIP' } });
    expect(back.spec?.ports?.[0].nodePort).toBeUndefined();
    expect(back.spec?.externalTrafficPolicy).toBeUndefined();
  });
});

describe('DNS', () => {
  it('resolves Service names through the search path, headless to endpoints, else NXDOMAIN', () => {
    const c = Cluster.create({ seed: 4 });
    c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
    c.api.create('services', 'default', service('web'));
    c.api.create('services', 'default', service('web-h', { clusterIP: 'None', selector: { app: 'web' } }));
    expect(c.runUntilTrue(() => pods(c).filter(isReady).length === 2, 60_000)).toBe(true);
    c.runFor(1_000);
    const ip = c.store.get<Service>('services', 'default', 'web')!.spec!.clusterIP;
    for (const name of ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local', 'web.default.svc.cluster.local.']) {
      expect(resolve(c.store, name, 'default')).toMatchObject({ ok: true, ips: [ip] });
    }
    expect(resolve(c.store, 'web', 'kube-system')).toEqual({ ok: false, error: 'NXDOMAIN' });
    expect(resolve(c.store, 'kube-dns.kube-system', 'default')).toMatchObject({ ips: ['10.96.0.10'] });
    expect((resolve(c.store, 'web-h', 'default') as { ips: string[] }).ips.sort()).toEqual(pods(c).map((p) => p.status!.podIP).sort());
    expect(resolve(c.store, 'nope', 'default')).toEqual({ ok: false, error: 'NXDOMAIN' });
  });
});

describe('kube-proxy', () => {
  it('a node whose kube-proxy is stopped keeps stale rules', () => {
    const c = Cluster.create({ seed: 6 });
    c.api.create('deployments', 'default', deployment('web', { replicas: 1 }));
    c.api.create('services', 'default', service('web'));
    expect(c.runUntilTrue(() => pods(c).filter(isReady).length === 1, 60_000)).toBe(true);
    c.runFor(2_000);
    const vip = c.store.get<Service>('services', 'default', 'web')!.spec!.clusterIP!;
    const px = proxiesOf(c);
    const old = pods(c)[0];
    c.infra.setProcess('node-3', 'kube-proxy', false);
    c.api.delete('pods', 'default', old.metadata!.name!);
    expect(c.runUntilTrue(() => pods(c).length === 1 && isReady(pods(c)[0]) && pods(c)[0].metadata!.uid !== old.metadata!.uid, 60_000)).toBe(true);
    c.runFor(2_000);
    const fresh = pods(c)[0].status!.podIP;
    const on = (n: string) => px.route(n, 'vip', vip, 80, '1.2.3.4', c.random);
    expect(on('node-1')).toMatchObject({ ok: true, backend: { ip: fresh } });
    expect(on('node-3')).toMatchObject({ ok: true, backend: { ip: old.status!.podIP } });
    expect(px.isStale('node-3')).toBe(true);
    // the kube-proxy pod shows it: its container was killed, and every restart dies at once
    const proxyPod = () => c.store.list<Pod>('pods', 'kube-system').find((p) => p.metadata?.labels?.['k8s-app'] === 'kube-proxy' && p.spec?.nodeName === 'node-3')!;
    expect(proxyPod().status?.containerStatuses?.[0]).toMatchObject({ ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } });
    c.infra.setProcess('node-3', 'kube-proxy', true);
    // the kubelet's next restart (after its back-off) succeeds, and kube-proxy syncs at once
    expect(c.runUntilTrue(() => isReady(proxyPod()), 5 * 60_000)).toBe(true);
    c.runFor(1_000);
    expect(on('node-3')).toMatchObject({ ok: true, backend: { ip: fresh } });
    expect(px.isStale('node-3')).toBe(false);
  });
});

describe('ingress matching', () => {
  it('Prefix is element-wise; wildcards match exactly one label', () => {
    expect(prefixMatches('/foo', '/foo/bar')).toBe(true);
    expect(prefixMatches('/foo', '/foobar')).toBe(false);
    expect(prefixMatches('/foo/', '/foo')).toBe(true);
    expect(prefixMatches('/', '/anything')).toBe(true);
    const ing = ingress('w', [{ host: '*.foo.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'w', port: { number: 80 } } } }] } }]);
    ing.metadata!.namespace = 'default';
    expect(matchIngress([ing], 'bar.foo.com', '/')?.backend.service?.name).toBe('w');
    expect(matchIngress([ing], 'baz.bar.foo.com', '/')).toBeNull();
    expect(matchIngress([ing], 'foo.com', '/')).toBeNull();
  });
});

describe('snapshots', () => {
  it('a cluster restored mid-traffic has the same future', () => {
    const make = () => {
      const c = Cluster.create({ seed: 9 });
      c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
      c.api.create('services', 'default', service('web', { type: 'NodePort' }));
      c.runFor(30_000);
      const np = c.store.get<Service>('services', 'default', 'web')!.spec!.ports![0].nodePort!;
      trafficOf(c).addClient({ name: 'np', target: { kind: 'nodeport', node: 'node-1', port: np }, rps: 40 });
      c.runFor(5_000);
      return c;
    };
    const a = make();
    const b = Cluster.restore(a.snapshot());
    a.runFor(7_000);
    b.runFor(7_000);
    expect(trafficOf(b).clientStats('np')).toEqual(trafficOf(a).clientStats('np'));
    expect(trafficOf(b).recent()).toEqual(trafficOf(a).recent());
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
