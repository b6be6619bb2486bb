import { describe, expect, it } from 'vitest';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { ApiError } from '../../api/errors';
import type { Event, Pod } from '../../api/types';
import { Cluster } from '../../cluster';
import { statefulSet } from '../testing/sts';

const pod = (c: Cluster, n: string) => c.store.get<Pod>('pods', 'default', n);
const ready = (p: Pod | undefined) => !!p && !p.metadata?.deletionTimestamp && p.status?.phase === 'Running' && !!p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');
const webPods = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'web');
const setOf = (c: Cluster) => c.store.get<StatefulSet>('statefulsets', 'default', 'web')!;
const deletes = (c: Cluster) =>
  c.store
    .list<Event>('events', 'default')
    .filter((e) => e.reason === 'SuccessfulDelete' && e.involvedObject.kind === 'StatefulSet')
    .sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion))
    .map((e) => e.message);

function started(replicas = 3, extra: Parameters<typeof statefulSet>[1] = {}): Cluster {
  const c = Cluster.create({ seed: 9 });
  c.api.create('statefulsets', 'default', statefulSet('web', { replicas, claims: false, ...extra }));
  expect(c.runUntilTrue(() => webPods(c).filter(ready).length === replicas, 300_000, 1000)).toBe(true);
  return c;
}

describe('StatefulSet controller', () => {
  it('defaults as the API server does', () => {
    const c = Cluster.create({ seed: 1, machines: [] });
    const s = c.api.create<StatefulSet>('statefulsets', 'default', statefulSet('web'));
    expect(s.spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(s.spec?.volumeClaimTemplates?.[0]).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    expect(() => c.api.patch('statefulsets', 'default', 'web', { spec: { serviceName: 'other' } })).toThrow(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('OrderedReady: one pod at a time, each after the previous is Ready', () => {
    const c = Cluster.create({ seed: 2 });
    c.api.create('statefulsets', 'default', statefulSet('web', { replicas: 3, claims: false }));
    c.settle();
    expect(webPods(c).map((p) => p.metadata?.name)).toEqual(['web-0']);
    expect(c.runUntilTrue(() => webPods(c).length === 2, 60_000, 100)).toBe(true);
    expect(ready(pod(c, 'web-0'))).toBe(true);
  });

  it('Parallel: all pods at once', () => {
    const c = Cluster.create({ seed: 3 });
    c.api.create('statefulsets', 'default', statefulSet('web', { replicas: 3, claims: false, policy: 'Parallel' }));
    c.settle();
    expect(webPods(c).map((p) => p.metadata?.name).sort()).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('scales down from the highest ordinal, one at a time', () => {
    const c = started(3);
    c.api.patch('statefulsets', 'default', 'web', { spec: { replicas: 1 } });
    expect(c.runUntilTrue(() => webPods(c).length === 1, 120_000, 500)).toBe(true);
    expect(deletes(c)).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
    expect(pod(c, 'web-0')).toBeDefined();
  });

  it('rolls an update in reverse ordinal order and respects the partition', () => {
    const c = started(3, { partition: 1 });
    const rev1 = setOf(c).status?.updateRevision;
    c.api.patch('statefulsets', 'default', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, 'strategic');
    expect(c.runUntilTrue(() => ['web-1', 'web-2'].every((n) => ready(pod(c, n)) && pod(c, n)!.spec!.containers[0].image === 'nginx:1.28'), 300_000, 500)).toBe(true);
    c.runFor(30_000);
    expect(deletes(c)).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
    expect(pod(c, 'web-0')!.spec!.containers[0].image).toBe('nginx:1.27');
    const st = setOf(c).status!;
    expect(st.currentRevision).toBe(rev1);
    expect(st.updateRevision).not.toBe(rev1);
    expect(st).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 1, updatedReplicas: 2 });
    c.api.patch('statefulsets', 'default', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    expect(c.runUntilTrue(() => setOf(c).status?.currentRevision === setOf(c).status?.updateRevision && setOf(c).status?.readyReplicas === 3, 300_000, 500)).toBe(true);
    expect(pod(c, 'web-0')!.spec!.containers[0].image).toBe('nginx:1.28');
  });

  it('rejects a selector that does not match the template', () => {
    const c = Cluster.create({ seed: 1, machines: [] });
    const bad = statefulSet('web');
    bad.spec.selector = { matchLabels: { app: 'other' } };
    let err: ApiError | undefined;
    try {
      c.api.create('statefulsets', 'default', bad);
    } catch (e) {
      err = e as ApiError;
    }
    expect(err?.message).toBe('StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
  });
});
