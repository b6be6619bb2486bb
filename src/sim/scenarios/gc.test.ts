/**
 * Cascading deletion on a whole cluster, as `kubectl delete deployment web` with each
 * `--cascade` does it (background is kubectl's default; foreground; orphan).
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, KObject, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';

function running(): Cluster {
  const c = Cluster.create({ seed: 7 });
  c.api.create('deployments', 'default', deployment('web', { replicas: 2 }));
  const ready = () => pods(c).filter((p) => p.status?.phase === 'Running' && p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length === 2;
  expect(c.runUntilTrue(ready, 120_000, 1000)).toBe(true);
  return c;
}

const pods = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'web');
const replicaSets = (c: Cluster) => c.store.list<KObject>('replicasets', 'default');
const deploy = (c: Cluster) => c.store.get<Deployment>('deployments', 'default', 'web');

describe('cascading deletion of a Deployment', () => {
  it('--cascade=background: the Deployment goes at once, then its ReplicaSet, then its pods (gracefully)', () => {
    const c = running();
    c.api.delete('deployments', 'default', 'web', { propagationPolicy: 'Background' });
    expect(deploy(c)).toBeUndefined();
    c.settle();
    expect(replicaSets(c)).toHaveLength(0);
    // the pods are Terminating: the kubelet stops them, then they are gone
    expect(pods(c).length).toBe(2);
    expect(pods(c).every((p) => p.metadata?.deletionTimestamp)).toBe(true);
    expect(c.runUntilTrue(() => pods(c).length === 0, 60_000, 500)).toBe(true);
  });

  it('--cascade=foreground: the Deployment and ReplicaSet wait, Terminating, until the pods are gone', () => {
    const c = running();
    c.api.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    c.settle();
    expect(deploy(c)?.metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(deploy(c)?.metadata?.deletionTimestamp).toBeDefined();
    const rs = replicaSets(c);
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata?.finalizers).toEqual(['foregroundDeletion']);
    expect(pods(c).every((p) => p.metadata?.deletionTimestamp)).toBe(true);
    // the owners go only after the last pod object is gone
    const order: string[] = [];
    c.store.subscribe('*', (e) => {
      if (e.type === 'DELETED' && e.resource !== 'events') order.push(e.resource);
    });
    expect(c.runUntilTrue(() => !deploy(c), 60_000, 500)).toBe(true);
    expect(order).toEqual(['pods', 'pods', 'replicasets', 'deployments']);
  });

  it('--cascade=orphan: the Deployment goes; its ReplicaSet and pods stay, no longer owned', () => {
    const c = running();
    const rsName = replicaSets(c)[0].metadata!.name!;
    c.api.delete('deployments', 'default', 'web', { propagationPolicy: 'Orphan' });
    c.settle();
    expect(deploy(c)).toBeUndefined();
    const rs = c.store.get('replicasets', 'default', rsName)!;
    expect(rs.metadata?.ownerReferences).toBeUndefined();
    expect(rs.metadata?.deletionTimestamp).toBeUndefined();
    c.runFor(60_000);
    expect(pods(c)).toHaveLength(2);
    expect(pods(c).every((p) => !p.metadata?.deletionTimestamp && p.metadata?.ownerReferences?.[0].name === rsName)).toBe(true);

    // and orphaning the ReplicaSet leaves bare pods
    c.api.delete('replicasets', 'default', rsName, { propagationPolicy: 'Orphan' });
    c.runFor(60_000);
    expect(replicaSets(c)).toHaveLength(0);
    expect(pods(c)).toHaveLength(2);
    expect(pods(c).every((p) => !p.metadata?.ownerReferences && !p.metadata?.deletionTimestamp)).toBe(true);
  });
});
