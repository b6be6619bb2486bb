/**
 * Storage admission, as kube-apiserver's default plugins do it on create:
 * - DefaultStorageClass: a claim without `storageClassName` gets the default class (the newest
 *   one annotated `storageclass.kubernetes.io/is-default-class: "true"`); `""` stays "no class".
 * - StorageObjectInUseProtection: claims get `kubernetes.io/pvc-protection`, volumes
 *   `kubernetes.io/pv-protection`.
 */
import type { KObject } from '../api/types';
import type { Store } from '../store/store';
import { defaultClass, PV_PROTECTION, PVC_PROTECTION, type PVC } from './util';

export function admitStorage(resource: string, obj: KObject, store: Store, op: 'create' | 'update'): KObject {
  if (op !== 'create') return obj;
  if (resource === 'persistentvolumeclaims') {
    let claim = withFinalizer(obj, PVC_PROTECTION) as PVC;
    if (claim.spec && claim.spec.storageClassName === undefined && !claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class']) {
      const dc = defaultClass(store);
      if (dc) claim = { ...claim, spec: { ...claim.spec, storageClassName: dc.metadata?.name } };
    }
    return claim;
  }
  if (resource === 'persistentvolumes') return withFinalizer(obj, PV_PROTECTION);
  return obj;
}

function withFinalizer(obj: KObject, f: string): KObject {
  const fin = obj.metadata?.finalizers ?? [];
  if (fin.includes(f)) return obj;
  return { ...obj, metadata: { ...obj.metadata, finalizers: [...fin, f] } };
}
