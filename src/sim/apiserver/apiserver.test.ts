import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { Cluster } from '../cluster';

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

describe('API server', () => {
  it('stamps server metadata and bumps one revision counter on every write', () => {
    const c = Cluster.create({ machines: [] });
    const before = c.store.revision;
    const ns = c.api.create('namespaces', undefined, cm('team-a'));
    expect(ns.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ns.metadata?.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(Number(ns.metadata?.resourceVersion)).toBe(before + 1);
    expect((ns.status as { phase: string }).phase).toBe('Active');
  });

  it('answers a duplicate name with AlreadyExists and a missing one with NotFound', () => {
    const c = Cluster.create({ machines: [] });
    c.api.create('namespaces', undefined, cm('x'));
    expect(() => c.api.create('namespaces', undefined, cm('x'))).toThrowError('namespaces "x" already exists');
    try {
      c.api.get('deployments', 'default', 'web');
    } catch (e) {
      expect((e as ApiError).status).toMatchObject({ code: 404, reason: 'NotFound', message: 'deployments.apps "web" not found' });
    }
  });

  it('a pod no node holds goes at once, even when the delete asks for a grace period', () => {
    const c = Cluster.create({ machines: [] });
    c.api.create('pods', 'default', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pending' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.api.delete('pods', 'default', 'pending', { gracePeriodSeconds: 30 });
    // unscheduled: nothing runs that could stop, so no Terminating that no kubelet would end
    expect(c.store.get('pods', 'default', 'pending')).toBeUndefined();
  });

  it('refuses a stale update with Conflict', () => {
    const c = Cluster.create({ machines: [] });
    const ns = c.api.create('namespaces', undefined, cm('x'));
    c.api.update('namespaces', undefined, { ...ns, metadata: { ...ns.metadata, labels: { a: 'b' } } });
    expect(() => c.api.update('namespaces', undefined, { ...ns, metadata: { ...ns.metadata, labels: { a: 'c' } } })).toThrowError(
      'Operation cannot be fulfilled on namespaces "x": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('replays watch events from a revision and expires compacted ones', () => {
    const c = Cluster.create({ machines: [] });
    const rv = c.store.revision;
    c.api.create('namespaces', undefined, cm('a'));
    c.api.create('namespaces', undefined, cm('b'));
    const seen: string[] = [];
    c.api.watch('namespaces', { resourceVersion: String(rv) }, (e) => seen.push(`${e.type} ${e.object.metadata?.name}`));
    expect(seen).toEqual(['ADDED a', 'ADDED b']);
    c.store.compact();
    const errs: unknown[] = [];
    c.api.watch('namespaces', { resourceVersion: String(rv) }, (e) => errs.push(e));
    expect(errs).toMatchObject([{ type: 'ERROR', object: { code: 410, reason: 'Expired' } }]);
  });
});
