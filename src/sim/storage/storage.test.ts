/**
 * Storage behaviour beyond the numbered scenarios: where data lives (a network disk follows the
 * pod to another node, hostPath stays on its node), the page-visit counter, bad input, missing
 * ConfigMaps, ReadWriteOncePod, zonal disks, force-detach after a node dies, and snapshots.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { ApiError } from '../api/errors';
import { Cluster } from '../cluster';
import { podStatusColumn } from '../kubelet/testing/podstatus';
import { recordVisit, volumeContents } from './data';
import { getPod, getPV, getPVC, podWithClaim, pvc, reasons, running, storageClass } from './testing';

function withDisk(machines?: Parameters<typeof Cluster.create>[0]): Cluster {
  const c = Cluster.create(machines);
  c.api.create('storageclasses', undefined, storageClass('fast', 'disk.csi.playground.dev'));
  c.api.create('persistentvolumeclaims', 'default', pvc('data', '5Gi', { cls: 'fast' }));
  expect(c.runUntilTrue(() => getPVC(c, 'data')?.status?.phase === 'Bound', 30_000)).toBe(true);
  return c;
}

function hostPathPod(name: string, node: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': node },
      containers: [{ name: 'app', image: 'playground/uploads:1.0', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', hostPath: { path: '/srv/uploads', type: 'DirectoryOrCreate' } }],
    },
  };
}

describe('volume data', () => {
  it('data on a network disk survives the pod moving to another node', () => {
    const c = withDisk();
    c.api.create('pods', 'default', podWithClaim('one', 'data', { node: 'node-1' }));
    expect(c.runUntilTrue(() => running(getPod(c, 'one')), 60_000)).toBe(true);
    c.runFor(35_000);
    const files = volumeContents(c, { pv: getPVC(c, 'data')!.spec!.volumeName! })!.files.map((f) => f.path);
    expect(files.length).toBeGreaterThanOrEqual(3);
    c.api.delete('pods', 'default', 'one');
    expect(c.runUntilTrue(() => !getPod(c, 'one'), 60_000)).toBe(true);
    c.api.create('pods', 'default', podWithClaim('two', 'data', { node: 'node-3' }));
    expect(c.runUntilTrue(() => running(getPod(c, 'two')), 60_000)).toBe(true);
    const after = volumeContents(c, { pod: 'two', volume: 'data' })!.files.map((f) => f.path);
    expect(after.slice(0, files.length)).toEqual(files);
    expect(c.store.list('volumeattachments').map((va) => va.spec.nodeName)).toEqual(['node-3']);
  });

  it('hostPath data stays on its node', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', hostPathPod('a', 'node-1'));
    expect(c.runUntilTrue(() => running(getPod(c, 'a')), 60_000)).toBe(true);
    c.runFor(25_000);
    const n = volumeContents(c, { pod: 'a', volume: 'data' })!.files.length;
    expect(n).toBeGreaterThanOrEqual(2);
    c.api.delete('pods', 'default', 'a', { gracePeriodSeconds: 0 });
    c.api.create('pods', 'default', hostPathPod('b', 'node-2'));
    c.api.create('pods', 'default', hostPathPod('c', 'node-1'));
    expect(c.runUntilTrue(() => running(getPod(c, 'b')) && running(getPod(c, 'c')), 60_000)).toBe(true);
    expect(volumeContents(c, { pod: 'b', volume: 'data' })!.files).toEqual([]);
    expect(volumeContents(c, { pod: 'c', volume: 'data' })!.files.length).toBeGreaterThanOrEqual(n);
  });

  it('playground/web counts page visits in /data/visits', () => {
    const c = withDisk();
    c.api.create('pods', 'default', podWithClaim('web', 'data', { image: 'playground/web:1.0' }));
    expect(c.runUntilTrue(() => running(getPod(c, 'web')), 60_000)).toBe(true);
    const uid = getPod(c, 'web')!.metadata!.uid!;
    expect(recordVisit(c, uid)).toBe(1);
    expect(recordVisit(c, uid)).toBe(2);
    expect(volumeContents(c, { pod: 'web', volume: 'data' })!.files).toEqual([{ path: 'visits', size: 1, content: '2' }]);
  });

  it('a snapshot keeps the data and restores to the same future', () => {
    const c = withDisk();
    c.api.create('pods', 'default', podWithClaim('one', 'data'));
    c.runFor(40_000);
    const snap = c.snapshot();
    const d = Cluster.restore(snap);
    c.runFor(60_000);
    d.runFor(60_000);
    const pv = getPVC(c, 'data')!.spec!.volumeName!;
    expect(volumeContents(d, { pv })).toEqual(volumeContents(c, { pv }));
    expect(volumeContents(c, { pv })!.files.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(d.snapshot())).toBe(JSON.stringify(c.snapshot()));
  });
});

describe('bad input and missing pieces', () => {
  it('a claim for an unknown class stays Pending with ProvisioningFailed', () => {
    const c = Cluster.create();
    c.api.create('persistentvolumeclaims', 'default', pvc('data', '1Gi', { cls: 'fast' }));
    c.runFor(30_000);
    expect(getPVC(c, 'data')?.status?.phase).toBe('Pending');
    expect(reasons(c, 'data')).toEqual(['ProvisioningFailed: storageclass.storage.k8s.io "fast" not found']);
  });

  it('an invalid claim gets the API server field errors', () => {
    const c = Cluster.create();
    const bad = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteSometimes'], resources: {} } };
    let err: ApiError | undefined;
    try {
      c.api.create('persistentvolumeclaims', 'default', bad);
    } catch (e) {
      err = e as ApiError;
    }
    expect(err?.code).toBe(422);
    expect(err?.message).toBe(
      'PersistentVolumeClaim "data" is invalid: [spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod", spec.resources[storage]: Required value]',
    );
    expect(() => c.api.create('persistentvolumeclaims', 'default', pvc('x', '5Gx'))).toThrow(/quantities must match the regular expression/);
  });

  it('a pod whose ConfigMap is missing waits in ContainerCreating with FailedMount', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'config', mountPath: '/etc/app' }] }], volumes: [{ name: 'config', configMap: { name: 'app-config' } }] },
    });
    c.runFor(10_000);
    expect(podStatusColumn(getPod(c, 'app')!)).toBe('ContainerCreating');
    expect(reasons(c, 'app')).toContain('FailedMount: MountVolume.SetUp failed for volume "config" : configmap "app-config" not found');
    c.api.create('configmaps', 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { 'app.conf': 'debug=true' } });
    expect(c.runUntilTrue(() => running(getPod(c, 'app')), 180_000)).toBe(true);
    expect(volumeContents(c, { pod: 'app', volume: 'config' })!.files).toEqual([{ path: 'app.conf', size: 10, content: 'debug=true' }]);
  });

  it('a pod with a missing claim is unschedulable with the PreFilter message', () => {
    const c = Cluster.create();
    c.api.create('pods', 'default', podWithClaim('app', 'data'));
    c.runFor(2_000);
    const cond = getPod(c, 'app')!.status?.conditions?.find((x) => x.type === 'PodScheduled');
    expect(cond?.message).toBe('0/4 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.');
  });

  it('a ReadWriteOncePod claim lets only one pod be scheduled', () => {
    const c = Cluster.create();
    c.api.create('storageclasses', undefined, storageClass('fast', 'disk.csi.playground.dev'));
    c.api.create('persistentvolumeclaims', 'default', pvc('data', '1Gi', { cls: 'fast', modes: ['ReadWriteOncePod'] }));
    c.api.create('pods', 'default', podWithClaim('one', 'data'));
    expect(c.runUntilTrue(() => running(getPod(c, 'one')), 60_000)).toBe(true);
    c.api.create('pods', 'default', podWithClaim('two', 'data'));
    c.runFor(3_000);
    expect(getPod(c, 'two')!.spec?.nodeName).toBeUndefined();
    expect(getPod(c, 'two')!.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message).toContain('node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode');
  });

  it('a zonal disk is created in the zone of the selected node', () => {
    const c = Cluster.create({
      machines: [
        { name: 'control-plane', role: 'control-plane' },
        { name: 'node-1', zone: 'zone-a', labels: { 'topology.kubernetes.io/zone': 'zone-a' } },
        { name: 'node-2', zone: 'zone-b', labels: { 'topology.kubernetes.io/zone': 'zone-b' } },
      ],
    });
    c.api.create('storageclasses', undefined, storageClass('zonal', 'disk.csi.playground.dev', 'WaitForFirstConsumer'));
    c.api.create('persistentvolumeclaims', 'default', pvc('data', '1Gi', { cls: 'zonal' }));
    c.api.create('pods', 'default', podWithClaim('app', 'data', { node: 'node-2' }));
    expect(c.runUntilTrue(() => running(getPod(c, 'app')), 60_000)).toBe(true);
    const pv = getPV(c, getPVC(c, 'data')!.spec!.volumeName!)!;
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0].matchExpressions).toEqual([{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] }]);
  });
});

describe('a node with an attached disk dies', () => {
  it('the replacement waits until the old attachment is force-detached 6 min after the pod was deleted', () => {
    const c = withDisk();
    c.api.create('deployments', 'default', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'db' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: podWithClaim('x', 'data').spec },
      },
    });
    const pods = () => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'db');
    expect(c.runUntilTrue(() => pods().some(running), 60_000)).toBe(true);
    const old = pods()[0];
    c.infra.setPower(old.spec!.nodeName!, false);
    // ~5 min 40 s: the pod is Terminating and a replacement is scheduled elsewhere
    expect(c.runUntilTrue(() => pods().length === 2, 400_000)).toBe(true);
    const fresh = pods().find((p) => p.metadata?.uid !== old.metadata?.uid)!;
    const deletedAt = c.clock.now;
    c.runFor(60_000);
    expect(reasons(c, fresh.metadata!.name!).some((r) => r.startsWith('FailedAttachVolume: Multi-Attach error for volume'))).toBe(true);
    expect(c.runUntilTrue(() => running(getPod(c, fresh.metadata!.name!)), 420_000)).toBe(true);
    const waited = c.clock.now - deletedAt;
    expect(waited).toBeGreaterThanOrEqual(6 * 60_000);
    expect(waited).toBeLessThan(6 * 60_000 + 30_000);
  });
});
