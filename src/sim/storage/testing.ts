/** Test helpers for storage: manifests as a user writes them, and what `kubectl` would show. */
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { Cluster } from '../cluster';
import type { PV, PVC } from './util';

export function pvc(name: string, size: string, o: { cls?: string | null; modes?: string[]; namespace?: string } = {}): PVC {
  const spec: PVC['spec'] = { accessModes: o.modes ?? ['ReadWriteOnce'], resources: { requests: { storage: size } } };
  if (o.cls !== undefined && o.cls !== null) spec.storageClassName = o.cls;
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: o.namespace }, spec };
}

export function hostPathPV(name: string, size: string, o: { cls?: string; modes?: string[]; reclaim?: string } = {}): PV {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: size },
      accessModes: o.modes ?? ['ReadWriteOnce'],
      storageClassName: o.cls,
      persistentVolumeReclaimPolicy: o.reclaim,
      hostPath: { path: `/mnt/${name}` },
    },
  };
}

export function storageClass(name: string, provisioner: string, mode: 'Immediate' | 'WaitForFirstConsumer' = 'Immediate') {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, volumeBindingMode: mode };
}

/** A pod mounting claim `claim` at /data (plus optional extra volumes). */
export function podWithClaim(name: string, claim: string, o: { image?: string; nodeName?: string; node?: string; labels?: Record<string, string> } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: o.labels ?? { app: name } },
    spec: {
      nodeName: o.nodeName,
      nodeSelector: o.node ? { 'kubernetes.io/hostname': o.node } : undefined,
      containers: [{ name: 'app', image: o.image ?? 'playground/uploads:1.0', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
    },
  };
}

export const getPVC = (c: Cluster, name: string, ns = 'default') => c.store.get<PVC>('persistentvolumeclaims', ns, name);
export const getPV = (c: Cluster, name: string) => c.store.get<PV>('persistentvolumes', '', name);
export const getPod = (c: Cluster, name: string, ns = 'default') => c.store.get<Pod>('pods', ns, name);

export function eventsFor(c: Cluster, name: string, ns = 'default'): Event[] {
  return c.store.list<Event>('events', ns).filter((e) => e.involvedObject.name === name);
}

export function reasons(c: Cluster, name: string, ns = 'default'): string[] {
  return eventsFor(c, name, ns).map((e) => `${e.reason}: ${e.message}`);
}

export function running(p: Pod | undefined): boolean {
  return !!p && p.status?.phase === 'Running' && !!p.status.containerStatuses?.every((s) => s.state?.running);
}
