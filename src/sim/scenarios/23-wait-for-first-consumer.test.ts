/**
 * Scenario 23: kind's default class `standard` binds WaitForFirstConsumer. The claim stays
 * Pending (`waiting for first consumer to be created before binding`) until a pod using it is
 * scheduled — to node-2 here; then the local-path provisioner creates a volume pinned to node-2,
 * the claim binds, and the pod runs there. A recreated pod can only go where the volume is.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { getPod, getPV, getPVC, podWithClaim, pvc, reasons, running } from '../storage/testing';

describe('scenario 23: WaitForFirstConsumer', () => {
  it('provisions on the node the pod was scheduled to, and later pods follow the volume', () => {
    const c = Cluster.create();
    const sc = c.store.get('storageclasses', '', 'standard')!;
    expect(sc).toMatchObject({ provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' });
    expect(sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');

    c.api.create('persistentvolumeclaims', 'default', pvc('data', '1Gi'));
    c.runFor(20_000);
    const claim = getPVC(c, 'data')!;
    expect(claim.spec?.storageClassName).toBe('standard'); // the default class, by admission
    expect(claim.status?.phase).toBe('Pending');
    const wait = c.store.list<Event>('events', 'default').find((e) => e.reason === 'WaitForFirstConsumer')!;
    expect(wait.message).toBe('waiting for first consumer to be created before binding');
    expect(wait.source?.component).toBe('persistentvolume-controller');
    expect(wait.count).toBeGreaterThanOrEqual(2); // repeated on every 15 s resync
    expect(c.store.list('persistentvolumes')).toEqual([]);

    c.api.create('pods', 'default', podWithClaim('app', 'data', { node: 'node-2' }));
    c.settle();
    // the pod is not bound yet: the scheduler chose node-2 and asked for a volume there
    expect(getPod(c, 'app')?.spec?.nodeName).toBeUndefined();
    expect(getPVC(c, 'data')?.metadata?.annotations?.['volume.kubernetes.io/selected-node']).toBe('node-2');
    expect(c.runUntilTrue(() => running(getPod(c, 'app')), 60_000)).toBe(true);
    expect(getPod(c, 'app')?.spec?.nodeName).toBe('node-2');

    const bound = getPVC(c, 'data')!;
    const pvName = `pvc-${bound.metadata?.uid}`;
    expect(bound.status?.phase).toBe('Bound');
    expect(bound.spec?.volumeName).toBe(pvName);
    const pv = getPV(c, pvName)!;
    expect(pv.status?.phase).toBe('Bound');
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv.spec?.nodeAffinity?.required?.nodeSelectorTerms).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-2'] }] }]);
    expect(pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('rancher.io/local-path');
    expect(reasons(c, 'data')).toEqual(
      expect.arrayContaining([
        'ExternalProvisioning: waiting for a volume to be created, either by external provisioner "rancher.io/local-path" or manually created by system administrator',
        'Provisioning: External provisioner is provisioning volume for claim "default/data"',
        `ProvisioningSucceeded: Successfully provisioned volume ${pvName}`,
      ]),
    );
    expect(reasons(c, 'app')).toContain('Scheduled: Successfully assigned default/app to node-2');

    // the pod goes; a new one without any node preference can only run on node-2
    c.api.delete('pods', 'default', 'app');
    expect(c.runUntilTrue(() => !getPod(c, 'app'), 60_000)).toBe(true);
    c.api.create('pods', 'default', podWithClaim('again', 'data'));
    expect(c.runUntilTrue(() => running(getPod(c, 'again')), 60_000)).toBe(true);
    expect(getPod(c, 'again')?.spec?.nodeName).toBe('node-2');

    // one that insists on node-1 cannot be scheduled
    c.api.create('pods', 'default', podWithClaim('elsewhere', 'data', { node: 'node-1' }));
    c.runFor(5_000);
    const p = getPod(c, 'elsewhere') as Pod;
    expect(p.spec?.nodeName).toBeUndefined();
    const msg = p.status?.conditions?.find((x) => x.type === 'PodScheduled')?.message ?? '';
    expect(msg).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had volume node affinity conflict, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
    expect(c.faults).toEqual([]);
  });
});
