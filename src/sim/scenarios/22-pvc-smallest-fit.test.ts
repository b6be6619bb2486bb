/**
 * Scenario 22: a 5Gi ReadWriteOnce claim and two static volumes of 10Gi and 20Gi in the same
 * class: the claim binds the smallest that fits (10Gi, and shows that capacity); the 20Gi volume
 * stays Available. Deleting the claim (reclaim Retain) leaves its volume Released, and a new
 * identical claim does not get it back.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { getPV, getPVC, hostPathPV, pvc, reasons } from '../storage/testing';

describe('scenario 22: PVC binds the smallest static PV that fits', () => {
  it('binds 10Gi, leaves 20Gi Available; Retain keeps the volume Released and unclaimed', () => {
    const c = Cluster.create();
    c.api.create('persistentvolumes', undefined, hostPathPV('pv-20', '20Gi', { cls: 'manual' }));
    c.api.create('persistentvolumes', undefined, hostPathPV('pv-10', '10Gi', { cls: 'manual' }));
    c.settle();
    expect(getPV(c, 'pv-10')?.status?.phase).toBe('Available');
    expect(getPV(c, 'pv-10')?.spec?.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(getPV(c, 'pv-10')?.metadata?.finalizers).toEqual(['kubernetes.io/pv-protection']);

    c.api.create('persistentvolumeclaims', 'default', pvc('data', '5Gi', { cls: 'manual' }));
    c.settle();
    const claim = getPVC(c, 'data')!;
    expect(claim.status?.phase).toBe('Bound');
    expect(claim.spec?.volumeName).toBe('pv-10');
    expect(claim.status?.capacity).toEqual({ storage: '10Gi' }); // CAPACITY 10Gi in `get pvc`
    expect(claim.status?.accessModes).toEqual(['ReadWriteOnce']);
    expect(claim.metadata?.annotations).toMatchObject({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    expect(claim.metadata?.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(getPV(c, 'pv-10')?.status?.phase).toBe('Bound');
    expect(getPV(c, 'pv-10')?.spec?.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: claim.metadata?.uid });
    expect(getPV(c, 'pv-20')?.status?.phase).toBe('Available');

    // delete the claim: nothing uses it, so pvc-protection lets it go; the volume is Released
    c.api.delete('persistentvolumeclaims', 'default', 'data');
    c.settle();
    expect(getPVC(c, 'data')).toBeUndefined();
    expect(getPV(c, 'pv-10')?.status?.phase).toBe('Released');
    expect(getPV(c, 'pv-10')?.spec?.claimRef?.name).toBe('data'); // the old claimRef stays

    // an identical claim does not get the Released volume; the 20Gi one still fits
    c.api.create('persistentvolumeclaims', 'default', pvc('data', '5Gi', { cls: 'manual' }));
    c.settle();
    expect(getPVC(c, 'data')?.spec?.volumeName).toBe('pv-20');
    expect(getPV(c, 'pv-10')?.status?.phase).toBe('Released');

    // and one more stays Pending: no volume fits, and class "manual" is not a StorageClass
    c.api.create('persistentvolumeclaims', 'default', pvc('more', '5Gi', { cls: 'manual' }));
    c.runFor(20_000);
    expect(getPVC(c, 'more')?.status?.phase).toBe('Pending');
    expect(reasons(c, 'more')).toContain('ProvisioningFailed: storageclass.storage.k8s.io "manual" not found');
    expect(c.faults).toEqual([]);
  });

  it('a claim with storageClassName "" binds only volumes without a class', () => {
    const c = Cluster.create();
    c.api.create('persistentvolumes', undefined, hostPathPV('classed', '1Gi', { cls: 'standard' }));
    c.api.create('persistentvolumeclaims', 'default', pvc('plain', '1Gi', { cls: '' }));
    c.settle();
    expect(getPVC(c, 'plain')?.status?.phase).toBe('Pending');
    expect(reasons(c, 'plain')).toContain('FailedBinding: no persistent volumes available for this claim and no storage class is set');
    c.api.create('persistentvolumes', undefined, hostPathPV('classless', '2Gi'));
    c.settle();
    expect(getPVC(c, 'plain')?.status?.phase).toBe('Pending'); // a new volume waits for the claim's next sync
    c.runFor(15_000); // the PV controller's periodic resync
    expect(getPVC(c, 'plain')?.spec?.volumeName).toBe('classless');
    expect(getPVC(c, 'plain')?.status?.capacity).toEqual({ storage: '2Gi' });
  });
});
