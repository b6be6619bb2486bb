/**
 * Scenario 24: a ReadWriteOnce network disk shared by a 2-replica Deployment. Pods on different
 * nodes: the first runs, the second is scheduled but stays ContainerCreating with
 * `FailedAttachVolume` `Multi-Attach error …` and, ~2 min later, the kubelet's `FailedMount`.
 * Pods on the same node share the disk and both run. Deleting the claim while pods use it leaves
 * it Terminating until they are gone. emptyDir data of a deleted pod is gone in its replacement.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { podStatusColumn } from '../kubelet/testing/podstatus';
import { volumeContents } from '../storage/data';
import { eventsFor, getPV, getPVC, pvc, reasons, running, storageClass } from '../storage/testing';

function web(replicas: number, spread: boolean, volume: Record<string, unknown> = { persistentVolumeClaim: { claimName: 'data' } }): Deployment {
  const labels = { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: spread ? undefined : { 'kubernetes.io/hostname': 'node-1' },
          topologySpreadConstraints: spread ? [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: labels } }] : undefined,
          containers: [{ name: 'web', image: 'playground/uploads:1.0', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
          volumes: [{ name: 'data', ...volume }],
        },
      },
    },
  };
}

const webPods = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'web');

function setup(): Cluster {
  const c = Cluster.create();
  c.api.create('storageclasses', undefined, storageClass('fast', 'disk.csi.playground.dev'));
  c.api.create('persistentvolumeclaims', 'default', pvc('data', '5Gi', { cls: 'fast' }));
  expect(c.runUntilTrue(() => getPVC(c, 'data')?.status?.phase === 'Bound', 30_000)).toBe(true);
  return c;
}

describe('scenario 24: a ReadWriteOnce disk and two replicas', () => {
  it('on different nodes: the second pod waits in ContainerCreating with a Multi-Attach error', () => {
    const c = setup();
    const pvName = getPVC(c, 'data')!.spec!.volumeName!;
    expect(getPV(c, pvName)?.spec?.csi?.driver).toBe('disk.csi.playground.dev');
    c.api.create('deployments', 'default', web(2, true));
    expect(c.runUntilTrue(() => webPods(c).some(running), 60_000)).toBe(true);
    c.runFor(10_000);
    const pods = webPods(c);
    expect(pods).toHaveLength(2);
    expect(new Set(pods.map((p) => p.spec?.nodeName)).size).toBe(2);
    const first = pods.find(running)!;
    const second = pods.find((p) => p !== first)!;
    expect(podStatusColumn(second)).toBe('ContainerCreating');
    const attach = eventsFor(c, second.metadata!.name!).find((e) => e.reason === 'FailedAttachVolume')!;
    expect(attach.type).toBe('Warning');
    expect(attach.source?.component).toBe('attachdetach-controller');
    expect(attach.message).toBe(`Multi-Attach error for volume "${pvName}" Volume is already used by pod(s) ${first.metadata?.name}`);
    expect(reasons(c, first.metadata!.name!)).toContain(`SuccessfulAttachVolume: AttachVolume.Attach succeeded for volume "${pvName}" `);
    const vas = c.store.list('volumeattachments');
    expect(vas).toHaveLength(1);
    expect(vas[0].spec).toEqual({ attacher: 'disk.csi.playground.dev', nodeName: first.spec?.nodeName, source: { persistentVolumeName: pvName } });

    // the kubelet gives up waiting after 2m3s and says why
    c.runFor(130_000);
    const mount = eventsFor(c, second.metadata!.name!).find((e) => e.reason === 'FailedMount')!;
    expect(mount.message).toBe('Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: context deadline exceeded');
    expect(podStatusColumn(c.store.get<Pod>('pods', 'default', second.metadata!.name!)!)).toBe('ContainerCreating');

    // deleting the claim while pods use it: Terminating until they are gone
    c.api.delete('persistentvolumeclaims', 'default', 'data');
    c.runFor(5_000);
    expect(getPVC(c, 'data')?.metadata?.deletionTimestamp).toBeDefined();
    expect(getPVC(c, 'data')?.metadata?.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 0 } });
    expect(c.runUntilTrue(() => !getPVC(c, 'data'), 120_000)).toBe(true);
    // reclaim Delete: the provisioner deletes the disk and the volume, the attachment is gone
    expect(c.runUntilTrue(() => !getPV(c, pvName), 30_000)).toBe(true);
    expect(c.store.list('volumeattachments')).toEqual([]);
    expect(c.faults).toEqual([]);
  });

  it('on the same node: both pods share the disk and run', () => {
    const c = setup();
    c.api.create('deployments', 'default', web(2, false));
    expect(c.runUntilTrue(() => webPods(c).length === 2 && webPods(c).every(running), 60_000)).toBe(true);
    expect(webPods(c).every((p) => p.spec?.nodeName === 'node-1')).toBe(true);
    expect(c.store.list('volumeattachments')).toHaveLength(1);
  });

  it('emptyDir data of a deleted pod is gone in its replacement', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', web(1, false, { emptyDir: {} }));
    expect(c.runUntilTrue(() => webPods(c).length === 1 && running(webPods(c)[0]), 60_000)).toBe(true);
    const old = webPods(c)[0];
    c.runFor(35_000); // playground/uploads writes a file every 10 s
    const before = volumeContents(c, { pod: old.metadata!.name!, volume: 'data' })!;
    expect(before.files.length).toBeGreaterThanOrEqual(3);
    c.api.delete('pods', 'default', old.metadata!.name!);
    expect(c.runUntilTrue(() => webPods(c).length === 1 && webPods(c)[0].metadata?.uid !== old.metadata?.uid && running(webPods(c)[0]), 60_000)).toBe(true);
    const fresh = webPods(c)[0];
    expect(volumeContents(c, { pod: fresh.metadata!.name!, volume: 'data' })!.files).toEqual([]);
    expect(volumeContents(c, { disk: before.disk })!.files).toEqual([]); // the old pod's directory is gone
  });
});
