import { describe, expect, it } from 'vitest';
import type { Event, Pod, ReplicaSet } from '../api/types';
import { Cluster } from '../cluster';
import { pod, replicaSet } from '../testing/builders';
import { BURST_REPLICAS, ReplicaSetController } from './replicaset';
import { bind, markAllReady, markReady } from './testing/fakeNodes';

/** A cluster without machines: no scheduler decisions or kubelets, only what the test does. */
function bare(): Cluster {
  return Cluster.create({ machines: [] });
}

const pods = (c: Cluster) => c.store.list<Pod>('pods', 'default');
const rsOf = (c: Cluster, name: string) => c.store.get<ReplicaSet>('replicasets', 'default', name)!;
const events = (c: Cluster, reason?: string) =>
  c.store
    .list<Event>('events', 'default')
    .filter((e) => !reason || e.reason === reason)
    .map((e) => e.message);

describe('ReplicaSet controller', () => {
  it('creates the missing pods from the template, owned by the ReplicaSet', () => {
    const c = bare();
    const rs = c.api.create<ReplicaSet>('replicasets', 'default', replicaSet('web', { replicas: 3 }));
    c.settle();
    const ps = pods(c);
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata?.generateName).toBe('web-');
      expect(p.metadata?.labels).toEqual({ app: 'web' });
      expect(p.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata?.uid, controller: true, blockOwnerDeletion: true }]);
      expect(p.spec?.containers?.[0].image).toBe('nginx:1.27');
    }
    expect(events(c, 'SuccessfulCreate').sort()).toEqual(ps.map((p) => `Created pod: ${p.metadata?.name}`).sort());
    const ev = c.store.list<Event>('events', 'default')[0];
    expect(ev.source).toEqual({ component: 'replicaset-controller' });
    expect(rsOf(c, 'web').status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
  });

  it('reports ready and available pods in its status', () => {
    const c = bare();
    c.api.create('replicasets', 'default', replicaSet('web', { replicas: 2 }));
    c.settle();
    markAllReady(c);
    c.settle();
    expect(rsOf(c, 'web').status).toEqual({ replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
  });

  it('counts a pod available only minReadySeconds after it became Ready, and notices it on time', () => {
    const c = bare();
    const manifest = replicaSet('web', { replicas: 2 });
    c.api.create('replicasets', 'default', { ...manifest, spec: { ...(manifest.spec as object), minReadySeconds: 10 } });
    c.settle();
    markAllReady(c);
    c.settle();
    expect(rsOf(c, 'web').status?.readyReplicas).toBe(2);
    expect(rsOf(c, 'web').status?.availableReplicas).toBeUndefined();
    c.runFor(9_000);
    expect(rsOf(c, 'web').status?.availableReplicas).toBeUndefined();
    c.runFor(1_000);
    expect(rsOf(c, 'web').status?.availableReplicas).toBe(2);
  });

  it('replaces a pod that is being deleted at once: one Terminating plus three active', () => {
    const c = bare();
    c.api.create('replicasets', 'default', replicaSet('web', { replicas: 3 }));
    c.settle();
    markAllReady(c);
    c.settle();
    const victim = pods(c)[0].metadata!.name!;
    c.api.delete('pods', 'default', victim);
    c.settle();
    const ps = pods(c);
    expect(ps).toHaveLength(4);
    expect(ps.filter((p) => p.metadata?.deletionTimestamp).map((p) => p.metadata?.name)).toEqual([victim]);
    expect(rsOf(c, 'web').status?.replicas).toBe(3);
    expect(rsOf(c, 'web').status?.readyReplicas).toBe(2);
  });

  it('deletes surplus pods: unscheduled, then Pending, then not Ready, before Ready ones', () => {
    const c = bare();
    c.api.create('replicasets', 'default', replicaSet('web', { replicas: 5 }));
    c.settle();
    const [a, b, d, e, f] = pods(c);
    markReady(c, a, 'node-1');
    markReady(c, b, 'node-2');
    // d: bound but still Pending; e: Running yet not Ready; f: never scheduled
    bind(c, d, 'node-3');
    const eBound = bind(c, e, 'node-3');
    c.api.update('pods', 'default', { ...eBound, status: { ...eBound.status, phase: 'Running' } }, { subresource: 'status' });
    c.settle();
    c.api.patch('replicasets', 'default', 'web', { spec: { replicas: 2 } });
    c.settle();
    const deleted = events(c, 'SuccessfulDelete');
    expect(deleted).toEqual([`Deleted pod: ${f.metadata?.name}`, `Deleted pod: ${d.metadata?.name}`, `Deleted pod: ${e.metadata?.name}`]);
    // the unscheduled pod goes at once; bound ones terminate gracefully
    const left = pods(c).filter((p) => !p.metadata?.deletionTimestamp).map((p) => p.metadata?.name);
    expect(left.sort()).toEqual([a.metadata?.name, b.metadata?.name].sort());
    expect(rsOf(c, 'web').status?.replicas).toBe(2);
  });

  it('creates at most burstReplicas pods per sync, in slow-start batches', () => {
    const c = bare();
    const rsc = c.components.find((x) => x instanceof ReplicaSetController)!;
    c.api.create('replicasets', 'default', replicaSet('big', { replicas: 1200 }));
    c.store.flush();
    rsc.process_();
    expect(c.store.list('pods', 'default').length).toBe(BURST_REPLICAS);
    c.settle();
    expect(c.store.list('pods', 'default').length).toBe(1200);
  });

  it('adopts a matching orphan pod and creates only the rest', () => {
    const c = bare();
    c.api.create('pods', 'default', pod('stray', { labels: { app: 'web' } }));
    const rs = c.api.create<ReplicaSet>('replicasets', 'default', replicaSet('web', { replicas: 2 }));
    c.settle();
    const ps = pods(c);
    expect(ps).toHaveLength(2);
    const stray = c.store.get<Pod>('pods', 'default', 'stray')!;
    expect(stray.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', uid: rs.metadata?.uid, controller: true, blockOwnerDeletion: true });
    expect(events(c, 'SuccessfulCreate')).toHaveLength(1);
  });

  it('releases a pod whose labels stop matching and replaces it', () => {
    const c = bare();
    c.api.create('replicasets', 'default', replicaSet('web', { replicas: 2 }));
    c.settle();
    const p = pods(c)[0];
    c.api.patch('pods', 'default', p.metadata!.name!, { metadata: { labels: { app: 'debug' } } });
    c.settle();
    const released = c.store.get<Pod>('pods', 'default', p.metadata!.name!)!;
    expect(released.metadata?.ownerReferences).toBeUndefined();
    expect(pods(c)).toHaveLength(3);
    expect(rsOf(c, 'web').status?.replicas).toBe(2);
  });

  it('does not count or replace pods that finished', () => {
    const c = bare();
    c.api.create('replicasets', 'default', replicaSet('web', { replicas: 1 }));
    c.settle();
    const p = markReady(c, pods(c)[0], 'node-1');
    c.api.update('pods', 'default', { ...p, status: { ...p.status, phase: 'Failed', reason: 'Evicted' } }, { subresource: 'status' });
    c.settle();
    expect(pods(c)).toHaveLength(2);
    expect(rsOf(c, 'web').status?.replicas).toBe(1);
  });

  it('keeps its work across a snapshot: the restored cluster continues identically', () => {
    const c = bare();
    const manifest = replicaSet('web', { replicas: 2 });
    c.api.create('replicasets', 'default', { ...manifest, spec: { ...(manifest.spec as object), minReadySeconds: 30 } });
    c.settle();
    markAllReady(c);
    c.settle();
    const r = Cluster.restore(c.snapshot());
    c.runFor(31_000);
    r.runFor(31_000);
    expect(rsOf(r, 'web').status).toEqual(rsOf(c, 'web').status);
    expect(rsOf(r, 'web').status?.availableReplicas).toBe(2);
  });

  it('after --cascade=orphan, a new ReplicaSet with the same selector adopts the running pods', () => {
    const c = bare();
    c.api.create('replicasets', 'default', replicaSet('web', { replicas: 3 }));
    c.settle();
    markAllReady(c);
    c.settle();
    const names = pods(c).map((p) => p.metadata?.name).sort();
    c.api.delete('replicasets', 'default', 'web', { propagationPolicy: 'Orphan' });
    c.runFor(1000);
    expect(c.store.get('replicasets', 'default', 'web')).toBeUndefined();
    expect(pods(c).every((p) => !p.metadata?.ownerReferences?.length)).toBe(true);
    const rs2 = c.api.create<ReplicaSet>('replicasets', 'default', replicaSet('web2', { replicas: 3, labels: { app: 'web' } }));
    c.settle();
    expect(pods(c).map((p) => p.metadata?.name).sort()).toEqual(names);
    expect(pods(c).every((p) => p.metadata?.ownerReferences?.[0]?.uid === rs2.metadata?.uid)).toBe(true);
    expect(rsOf(c, 'web2').status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
  });
});

