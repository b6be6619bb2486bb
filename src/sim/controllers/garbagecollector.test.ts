/**
 * The garbage collector and the three propagation policies. The owner is a ReplicaSet with 0
 * replicas and pods that do not match its selector and name it as a non-controller owner, so the
 * ReplicaSet controller leaves them alone and only the collector acts on them.
 */
import { describe, expect, it } from 'vitest';
import type { KObject, OwnerReference, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { replicaSet } from '../testing/builders';

function owner(c: Cluster, name = 'rs'): KObject {
  return c.api.create('replicasets', 'default', replicaSet(name, { replicas: 0, labels: { app: `owner-${name}` } }));
}

function ref(o: KObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata!.name!, uid: o.metadata!.uid!, controller: false, blockOwnerDeletion: true, ...extra };
}

function dependent(c: Cluster, name: string, owners: OwnerReference[], spec: Record<string, unknown> = {}): Pod {
  return c.api.create<Pod>('pods', 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'dependent' }, ownerReferences: owners },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...spec },
  });
}

const pod = (c: Cluster, name: string) => c.store.get<Pod>('pods', 'default', name);
const rs = (c: Cluster, name = 'rs') => c.store.get('replicasets', 'default', name);

describe('garbage collector', () => {
  it('Background: the owner goes at once, then its dependents', () => {
    const c = Cluster.create({ machines: [] });
    const o = owner(c);
    dependent(c, 'a', [ref(o)]);
    dependent(c, 'b', [ref(o)]);
    c.settle();
    const deleted: string[] = [];
    c.store.subscribe('*', (e) => {
      if (e.type === 'DELETED') deleted.push(`${e.resource}/${e.object.metadata?.name}`);
    });
    c.api.delete('replicasets', 'default', 'rs');
    c.settle();
    expect(deleted).toEqual(['replicasets/rs', 'pods/a', 'pods/b']);
  });

  it('deletes dependents gracefully: a pod on a node is Terminating, not gone', () => {
    const c = Cluster.create({ machines: [] });
    const o = owner(c);
    dependent(c, 'a', [ref(o)], { nodeName: 'node-1' });
    c.api.delete('replicasets', 'default', 'rs');
    c.settle();
    expect(pod(c, 'a')?.metadata?.deletionTimestamp).toBe(rfcIn(c, 30));
    expect(pod(c, 'a')?.metadata?.deletionGracePeriodSeconds).toBe(30);
  });

  it('a dependent with another owner left only loses the reference to the one that went', () => {
    const c = Cluster.create({ machines: [] });
    const o1 = owner(c, 'one');
    const o2 = owner(c, 'two');
    dependent(c, 'shared', [ref(o1), ref(o2)]);
    c.api.delete('replicasets', 'default', 'one');
    c.settle();
    expect(pod(c, 'shared')?.metadata?.deletionTimestamp).toBeUndefined();
    expect(pod(c, 'shared')?.metadata?.ownerReferences).toEqual([ref(o2)]);
  });

  it('collects an object created with an owner that does not exist', () => {
    const c = Cluster.create({ machines: [] });
    dependent(c, 'stray', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: '0b6a3c55-4d2e-4c8a-9a55-000000000000' }]);
    c.settle();
    expect(pod(c, 'stray')).toBeUndefined();
  });

  it('Foreground: the owner waits with the foregroundDeletion finalizer until blocking dependents are gone', () => {
    const c = Cluster.create({ machines: [] });
    const o = owner(c);
    dependent(c, 'a', [ref(o)], { nodeName: 'node-1' });
    dependent(c, 'b', [ref(o, { blockOwnerDeletion: false })], { nodeName: 'node-1' });
    c.api.delete('replicasets', 'default', 'rs', { propagationPolicy: 'Foreground' });
    c.settle();
    // both dependents are being deleted; the owner waits for the blocking one
    expect(rs(c)?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(rs(c)?.metadata?.deletionTimestamp).toBeDefined();
    expect(pod(c, 'a')?.metadata?.deletionTimestamp).toBeDefined();
    expect(pod(c, 'b')?.metadata?.deletionTimestamp).toBeDefined();
    // the kubelet finishes 'b' (not blocking): the owner still waits
    c.api.delete('pods', 'default', 'b', { gracePeriodSeconds: 0 });
    c.settle();
    expect(rs(c)).toBeDefined();
    // ... and 'a'
    c.api.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
    c.settle();
    expect(rs(c)).toBeUndefined();
  });

  it('Foreground cascades: a dependent with dependents of its own is deleted in foreground too', () => {
    const c = Cluster.create({ machines: [] });
    const o = owner(c);
    const middle = dependent(c, 'middle', [ref(o)]);
    dependent(c, 'leaf', [ref(middle)], { nodeName: 'node-1' });
    c.api.delete('replicasets', 'default', 'rs', { propagationPolicy: 'Foreground' });
    c.settle();
    expect(pod(c, 'middle')?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(pod(c, 'leaf')?.metadata?.deletionTimestamp).toBeDefined();
    expect(rs(c)).toBeDefined();
    c.api.delete('pods', 'default', 'leaf', { gracePeriodSeconds: 0 });
    c.settle();
    expect(pod(c, 'middle')).toBeUndefined();
    expect(rs(c)).toBeUndefined();
  });

  it('Foreground with no dependents: the owner goes at once', () => {
    const c = Cluster.create({ machines: [] });
    owner(c);
    c.api.delete('replicasets', 'default', 'rs', { propagationPolicy: 'Foreground' });
    c.settle();
    expect(rs(c)).toBeUndefined();
  });

  it('Orphan: dependents lose their reference and stay; then the owner goes', () => {
    const c = Cluster.create({ machines: [] });
    const o = owner(c);
    const o2 = owner(c, 'other');
    dependent(c, 'a', [ref(o)]);
    dependent(c, 'b', [ref(o), ref(o2)]);
    c.api.delete('replicasets', 'default', 'rs', { propagationPolicy: 'Orphan' });
    expect(rs(c)?.metadata?.finalizers).toEqual(['orphan']);
    c.settle();
    expect(rs(c)).toBeUndefined();
    expect(pod(c, 'a')?.metadata?.ownerReferences).toBeUndefined();
    expect(pod(c, 'a')?.metadata?.deletionTimestamp).toBeUndefined();
    expect(pod(c, 'b')?.metadata?.ownerReferences).toEqual([ref(o2)]);
  });

  it('a namespaced owner in another namespace does not count', () => {
    const c = Cluster.create({ machines: [] });
    const o = c.api.create('replicasets', 'kube-system', replicaSet('elsewhere', { replicas: 0, labels: { app: 'x' } }));
    dependent(c, 'cross', [ref(o)]);
    c.settle();
    expect(pod(c, 'cross')).toBeUndefined();
  });

  it('picks up what is left to do after a controller-manager restart', () => {
    const c = Cluster.create({ machines: [{ name: 'control-plane', role: 'control-plane' }] });
    const o = owner(c);
    dependent(c, 'a', [ref(o)]);
    c.settle();
    c.infra.setProcess('control-plane', 'kube-controller-manager', false);
    c.api.delete('replicasets', 'default', 'rs');
    c.runFor(10_000);
    expect(pod(c, 'a')).toBeDefined();
    c.infra.setProcess('control-plane', 'kube-controller-manager', true);
    c.settle();
    expect(pod(c, 'a')).toBeUndefined();
  });
});

function rfcIn(c: Cluster, seconds: number): string {
  return new Date(Math.floor((c.nowMs() + seconds * 1000) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
