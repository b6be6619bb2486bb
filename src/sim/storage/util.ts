/**
 * What the storage parts share: annotation names of the PV controller and the scheduler's volume
 * binder, reading claims/volumes/classes, and `FindMatchingVolume` (`pv/util/index.go`): the
 * smallest Available volume that satisfies a claim. The PV controller calls it without a node
 * (Immediate claims), the scheduler's VolumeBinding with one (WaitForFirstConsumer claims).
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { fnv32a } from '../api/hash';
import { selectorMatches } from '../api/labels';
import { bytes } from '../api/quantity';
import type { Store } from '../store/store';

export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** kind's default provisioner: a directory on the chosen node, reached through a hostPath PV */
export const LOCAL_PATH = 'rancher.io/local-path';
/** the playground's network-disk CSI driver: attachable, ReadWriteOnce, zonal */
export const NETWORK_DISK = 'disk.csi.playground.dev';

export type PV = PersistentVolume;
export type PVC = PersistentVolumeClaim;
export type { StorageClass };

/** `GetPersistentVolumeClaimClass`: the class a claim asks for ('' = none). */
export function claimClass(c: PVC): string {
  return c.spec?.storageClassName ?? c.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
}

export function volumeClass(v: PV): string {
  return v.spec?.storageClassName ?? v.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
}

export function requestBytes(c: PVC): number {
  const q = c.spec?.resources?.requests?.storage;
  return q === undefined ? 0 : bytes(String(q));
}

export function capacityBytes(v: PV): number {
  const q = v.spec?.capacity?.storage;
  return q === undefined ? 0 : bytes(String(q));
}

export function isVolumeBoundToClaim(v: PV, c: PVC): boolean {
  const ref = v.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== c.metadata?.name || (ref.namespace ?? '') !== (c.metadata?.namespace ?? '')) return false;
  return !ref.uid || ref.uid === c.metadata?.uid;
}

/** The volume's access modes include every mode the claim asks for. */
export function accessModesSatisfied(v: PV, c: PVC): boolean {
  const have = v.spec?.accessModes ?? [];
  return (c.spec?.accessModes ?? []).every((m) => have.includes(m));
}

function volumeModeOf(x: { spec?: { volumeMode?: string } }): string {
  return x.spec?.volumeMode ?? 'Filesystem';
}

/** PV `spec.nodeAffinity.required`: terms ORed, expressions ANDed (`CheckNodeAffinity`). */
export function volumeNodeAffinityMatches(v: PV, node: Node): boolean {
  const terms = v.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  const labels = node.metadata?.labels ?? {};
  return terms.some((t) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (!exprs.length && !fields.length) return false;
    return (
      exprs.every((e) => requirementHolds(e.operator, labels[e.key], e.key in labels, e.values ?? [])) &&
      fields.every((f) => f.key === 'metadata.name' && requirementHolds(f.operator, node.metadata?.name, true, f.values ?? []))
    );
  });
}

function requirementHolds(op: string, value: string | undefined, has: boolean, values: string[]): boolean {
  switch (op) {
    case 'In':
      return has && values.includes(value ?? '');
    case 'NotIn':
      return !has || !values.includes(value ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && Number(value) > Number(values[0]);
    case 'Lt':
      return has && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/**
 * `FindMatchingVolume`: a volume pre-bound to the claim wins outright; otherwise the smallest
 * Available volume with enough capacity, the same volume mode and class, the access modes, the
 * claim's selector, and (scheduler path) node affinity for `node`. With `delayBinding` and no
 * node the PV controller leaves unbound volumes to the scheduler.
 */
export function findMatchingVolume(claim: PVC, volumes: Iterable<PV>, node: Node | null, excluded: ReadonlySet<string> | null, delayBinding: boolean): PV | undefined {
  const want = requestBytes(claim);
  const cls = claimClass(claim);
  const sel = claim.spec?.selector;
  let best: PV | undefined;
  let bestSize = Infinity;
  for (const v of volumes) {
    const name = v.metadata?.name ?? '';
    if (excluded?.has(name)) continue;
    const bound = isVolumeBoundToClaim(v, claim);
    if (v.spec?.claimRef && !bound) continue;
    const size = capacityBytes(v);
    if (size < want) continue;
    if (volumeModeOf(v) !== volumeModeOf(claim)) continue;
    if (v.metadata?.deletionTimestamp) continue;
    const affinityOk = !node || volumeNodeAffinityMatches(v, node);
    if (bound) return affinityOk ? v : undefined;
    if (!node && delayBinding) continue;
    if (v.status?.phase !== 'Available') continue;
    if (sel && !selectorMatches(sel, v.metadata?.labels)) continue;
    if (volumeClass(v) !== cls) continue;
    if (!affinityOk) continue;
    // the PV controller indexes volumes by access modes; the scheduler checks them here
    if (!accessModesSatisfied(v, claim)) continue;
    if (size < bestSize) {
      best = v;
      bestSize = size;
    }
  }
  return best;
}

/** The StorageClass annotated as default (the newest one when several are). */
export function defaultClass(store: Store): StorageClass | undefined {
  let best: StorageClass | undefined;
  for (const sc of store.iterate<StorageClass>('storageclasses')) {
    if (sc.metadata?.annotations?.[ANN_DEFAULT_CLASS] !== 'true') continue;
    if (!best || (sc.metadata?.creationTimestamp ?? '') >= (best.metadata?.creationTimestamp ?? '')) best = sc;
  }
  return best;
}

export function classOf(store: Store, claim: PVC): StorageClass | undefined {
  const name = claimClass(claim);
  return name ? store.get<StorageClass>('storageclasses', '', name) : undefined;
}

/** `IsDelayBindingMode`: the claim's class binds when a pod using it is scheduled. */
export function isDelayBinding(store: Store, claim: PVC): boolean {
  return classOf(store, claim)?.volumeBindingMode === 'WaitForFirstConsumer';
}

/** Names of the claims a pod mounts (persistentVolumeClaim volumes), cached per spec. */
const NONE: readonly string[] = Object.freeze([]);
export function podClaims(pod: Pod): readonly string[] {
  const spec = pod.spec;
  if (!spec) return NONE;
  // computed each time: a pod has a handful of volumes, and a cache entry per pod would cost
  // more (memory and GC) at 150,000 pods than the loop
  let names: string[] | undefined;
  for (const v of spec.volumes ?? []) if (v.persistentVolumeClaim?.claimName) (names ??= []).push(v.persistentVolumeClaim.claimName);
  return names ?? NONE;
}

/** Volumes that a CSI attacher must attach to the node before the kubelet can mount them. */
export function isAttachable(v: PV): boolean {
  return v.spec?.csi?.driver === NETWORK_DISK;
}

/** A pod that still holds its volumes: not finished. */
export function podActive(p: Pod): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** `csi-<sha256(pv + attacher + node)>` in the real attacher; any stable 64-hex digest serves. */
export function attachmentName(pv: string, attacher: string, node: string): string {
  let hex = '';
  for (let i = 0; i < 8; i++) hex += fnv32a(`${i}/${pv}/${attacher}/${node}`).toString(16).padStart(8, '0');
  return `csi-${hex}`;
}

