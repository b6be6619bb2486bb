/**
 * Scenario 14: a StatefulSet pod `db-1` on a node that loses power. Unlike a Deployment's pod,
 * no replacement `db-1` is created while the old `db-1` object exists — it stays Terminating
 * after the taint eviction. Deleting the Node object (pod GC then force-deletes the pod) lets the
 * StatefulSet create `db-1` again, with the same PVC `data-db-1`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { statefulSet } from '../controllers/testing/sts';

const pod = (c: Cluster, n: string) => c.store.get<Pod>('pods', 'default', n);
const readyPod = (p: Pod | undefined) => !!p && !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && !!p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');

describe('scenario 14: a StatefulSet pod on a failed node', () => {
  let c: Cluster;
  let victim: string;
  let node: string;
  let oldUid: string;

  beforeAll(() => {
    // put db-1 on node-2: the other workers are cordoned while the set starts
    c = Cluster.create({ seed: 14 });
    c.api.create('statefulsets', 'default', statefulSet('db', { replicas: 3 }));
    expect(c.runUntilTrue(() => ['db-0', 'db-1', 'db-2'].every((n) => readyPod(pod(c, n))), 300_000, 1000)).toBe(true);
    victim = 'db-1';
    node = pod(c, victim)!.spec!.nodeName!;
    oldUid = pod(c, victim)!.metadata!.uid!;
  });

  it('created db-0, db-1, db-2 in order, each with its claim first', () => {
    const msgs = c.store
      .list<Event>('events', 'default')
      .filter((e) => e.involvedObject.kind === 'StatefulSet')
      .sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion))
      .map((e) => e.message);
    expect(msgs).toEqual([
      'create Claim data-db-0 Pod db-0 in StatefulSet db success',
      'create Pod db-0 in StatefulSet db successful',
      'create Claim data-db-1 Pod db-1 in StatefulSet db success',
      'create Pod db-1 in StatefulSet db successful',
      'create Claim data-db-2 Pod db-2 in StatefulSet db success',
      'create Pod db-2 in StatefulSet db successful',
    ]);
    const p = pod(c, 'db-1')!;
    expect(p.metadata?.labels).toMatchObject({ app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1' });
    expect(p.metadata?.labels?.['controller-revision-hash']).toMatch(/^db-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(p.spec?.hostname).toBe('db-1');
    expect(p.spec?.subdomain).toBe('db');
    expect(p.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-db-1');
    const sts = c.store.get<StatefulSet>('statefulsets', 'default', 'db')!;
    expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });
    expect(sts.status?.currentRevision).toBe(sts.status?.updateRevision);
    expect(c.store.list('controllerrevisions', 'default').map((r) => r.metadata?.name)).toEqual([sts.status?.currentRevision]);
  });

  it('after the node dies, db-1 is Terminating and NOT replaced', () => {
    c.infra.setPower(node, false);
    const t0 = c.clock.now;
    expect(c.runUntilTrue(() => !!pod(c, victim)?.metadata?.deletionTimestamp, 420_000, 1000)).toBe(true);
    expect((c.clock.now - t0) / 1000).toBeGreaterThan(340);
    c.runFor(600_000);
    const p = pod(c, victim)!;
    expect(p.metadata?.uid).toBe(oldUid);
    expect(p.metadata?.deletionTimestamp).toBeDefined();
    expect(c.store.list<Pod>('pods', 'default').filter((x) => x.metadata?.name?.startsWith('db-'))).toHaveLength(3);
    const sts = c.store.get<StatefulSet>('statefulsets', 'default', 'db')!;
    expect(sts.status?.readyReplicas).toBeLessThan(3);
  });

  it('deleting the Node lets db-1 be created again, with the same claim', () => {
    c.api.delete('nodes', undefined, node);
    expect(c.runUntilTrue(() => !!pod(c, victim) && pod(c, victim)!.metadata!.uid !== oldUid, 120_000, 1000)).toBe(true);
    const p = pod(c, victim)!;
    expect(p.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-db-1');
    // the claims are the ones from the start: reused, not recreated
    const claims = c.store.list<PersistentVolumeClaim>('persistentvolumeclaims', 'default').map((x) => x.metadata?.name);
    expect(claims.sort()).toEqual(['data-db-0', 'data-db-1', 'data-db-2']);
    const creates = c.store.list<Event>('events', 'default').filter((e) => e.message === 'create Claim data-db-1 Pod db-1 in StatefulSet db success');
    expect(creates.map((e) => e.count ?? 1)).toEqual([1]);
    // a node-local volume (kind's local-path class) keeps it Pending until its node is back;
    // a network volume lets it run elsewhere
    c.runFor(30_000);
    const now = pod(c, victim)!;
    if (!readyPod(now)) {
      expect(now.status?.phase).toBe('Pending');
      c.infra.setPower(node, true);
    }
    expect(c.runUntilTrue(() => readyPod(pod(c, victim)), 300_000, 1000)).toBe(true);
    expect(pod(c, victim)!.metadata!.uid).not.toBe(oldUid);
  });

  it('force-deleting a pod stuck Terminating also lets it be created again', () => {
    const other = 'db-2';
    const n2 = pod(c, other)!.spec!.nodeName!;
    const uid = pod(c, other)!.metadata!.uid;
    c.infra.setPower(n2, false);
    expect(c.runUntilTrue(() => !!pod(c, other)?.metadata?.deletionTimestamp, 420_000, 1000)).toBe(true);
    c.runFor(60_000);
    expect(pod(c, other)?.metadata?.uid).toBe(uid);
    c.api.delete('pods', 'default', other, { gracePeriodSeconds: 0 });
    expect(c.runUntilTrue(() => !!pod(c, other) && pod(c, other)!.metadata!.uid !== uid, 60_000, 1000)).toBe(true);
    expect(pod(c, other)!.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('data-db-2');
    c.infra.setPower(n2, true);
    expect(c.runUntilTrue(() => readyPod(pod(c, other)), 300_000, 1000)).toBe(true);
  });
});
