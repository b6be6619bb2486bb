/**
 * Defaults of the storage and configuration kinds (`pkg/apis/core/v1/defaults.go`,
 * `pkg/apis/storage/v1/defaults.go`): claims and volumes are `Filesystem`, a static volume's
 * reclaim policy is `Retain`, a class reclaims with `Delete` and binds `Immediate`ly, a Secret is
 * `Opaque`. Copy-on-write: the input comes back unchanged when nothing is missing.
 */
import { isValidQuantity } from '../quantity';
import type { KObject } from '../types';
import { QuantityDecodeError } from './podspec';

/** A malformed quantity fails decoding (400), before defaulting and validation. */
function checkQuantities(list: Record<string, unknown> | undefined): void {
  for (const v of Object.values(list ?? {})) if (!isValidQuantity(v)) throw new QuantityDecodeError();
}

export function defaultClaim(o: KObject): KObject {
  const spec = o.spec ?? {};
  checkQuantities(spec.resources?.requests);
  checkQuantities(spec.resources?.limits);
  if (spec.volumeMode) return o;
  return { ...o, spec: { ...spec, volumeMode: 'Filesystem' } };
}

export function defaultVolume(o: KObject): KObject {
  const spec = o.spec ?? {};
  checkQuantities(spec.capacity);
  if (spec.volumeMode && spec.persistentVolumeReclaimPolicy) return o;
  return { ...o, spec: { ...spec, volumeMode: spec.volumeMode || 'Filesystem', persistentVolumeReclaimPolicy: spec.persistentVolumeReclaimPolicy || 'Retain' } };
}

export function defaultStorageClass(o: KObject): KObject {
  if (o.reclaimPolicy && o.volumeBindingMode) return o;
  return { ...o, reclaimPolicy: o.reclaimPolicy || 'Delete', volumeBindingMode: o.volumeBindingMode || 'Immediate' };
}

export function defaultSecret(o: KObject): KObject {
  return o.type ? o : { ...o, type: 'Opaque' };
}
