/**
 * PersistentVolumes, PersistentVolumeClaims, StorageClasses, ConfigMaps and Secrets
 * (printers.go: printPersistentVolume, printPersistentVolumeClaim, printStorageClass,
 * printConfigMap, printSecret), and `Quantity.String()`'s canonical form for the sizes.
 */
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Secret } from 'kubernetes-types/core/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { col, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

const AGE = () => col('Age', 'string', 0, AGE_DESCRIPTION);

export const PV_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Capacity', 'string', 0, "capacity is the description of the persistent volume's resources and capacity."),
  col('Access Modes', 'string', 0, 'accessModes contains all ways the volume can be mounted.'),
  col('Reclaim Policy', 'string', 0, 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
  col('Status', 'string', 0, 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
  col('Claim', 'string', 0, 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
  col('StorageClass', 'string', 0, 'StorageClass of the pv'),
  col('VolumeAttributesClass', 'string', 0, 'VolumeAttributesClass of the pv'),
  col('Reason', 'string', 0, 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
  AGE(),
  col('VolumeMode', 'string', 1, 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.'),
];

export const PVC_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Status', 'string', 0, 'phase represents the current phase of PersistentVolumeClaim.'),
  col('Volume', 'string', 0, 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
  col('Capacity', 'string', 0, 'capacity represents the actual resources of the underlying volume.'),
  col('Access Modes', 'string', 0, 'accessModes contains the actual access modes the volume backing the PVC has.'),
  col('StorageClass', 'string', 0, 'StorageClass of the pvc'),
  col('VolumeAttributesClass', 'string', 0, 'VolumeAttributesClass of the pvc'),
  AGE(),
  col('VolumeMode', 'string', 1, 'volumeMode defines what type of volume is required by the claim.'),
];

export const STORAGECLASS_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Provisioner', 'string', 0, 'provisioner indicates the type of the provisioner.'),
  col('ReclaimPolicy', 'string', 0, 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
  col('VolumeBindingMode', 'string', 0, 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
  col('AllowVolumeExpansion', 'string', 0, 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
  AGE(),
];

export const CONFIGMAP_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Data', 'string', 0, 'Data contains the configuration data.'),
  AGE(),
];

export const SECRET_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Type', 'string', 0, 'Used to facilitate programmatic handling of secret data.'),
  col('Data', 'string', 0, 'Data contains the secret data.'),
  AGE(),
];

const BINARY: [string, number][] = [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];
const DECIMAL: [string, number][] = [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]];

/**
 * `resource.Quantity.String()` for the whole-number sizes the printers show: binary suffixes stay
 * binary (`1024Mi` → `1Gi`), decimal ones decimal (`1000M` → `1G`), a missing one prints `0`.
 */
export function quantityString(q: string | number | undefined | null): string {
  if (q === undefined || q === null || q === '') return '0';
  const s = String(q).trim();
  const m = /^(\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(s);
  if (!m) return s;
  const suffix = m[2] ?? '';
  const binary = suffix.endsWith('i');
  const table = binary ? BINARY : DECIMAL;
  const factor = suffix ? table.find(([u]) => u === suffix)![1] : 1;
  const value = Number(m[1]) * factor;
  if (value === 0) return '0';
  if (!Number.isSafeInteger(value)) return s;
  for (const [u, f] of table) if (value % f === 0) return `${value / f}${u}`;
  return String(value);
}

/** `GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, once each. */
export function accessModes(modes: readonly string[] | undefined): string {
  const m = new Set(modes ?? []);
  const out: string[] = [];
  if (m.has('ReadWriteOnce')) out.push('RWO');
  if (m.has('ReadOnlyMany')) out.push('ROX');
  if (m.has('ReadWriteMany')) out.push('RWX');
  if (m.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

export function pvClass(pv: PersistentVolume): string {
  return pv.metadata?.annotations?.[BETA_CLASS] ?? pv.spec?.storageClassName ?? '';
}

export function pvcClass(pvc: PersistentVolumeClaim): string {
  return pvc.metadata?.annotations?.[BETA_CLASS] ?? pvc.spec?.storageClassName ?? '';
}

export function pvRow(pv: PersistentVolume, o: PrintOptions): TableRow {
  const ref = pv.spec?.claimRef;
  const claim = ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '';
  const phase = pv.metadata?.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
  const cells: (string | number)[] = [
    pv.metadata?.name ?? '',
    quantityString(pv.spec?.capacity?.storage as string | undefined),
    accessModes(pv.spec?.accessModes),
    pv.spec?.persistentVolumeReclaimPolicy ?? '',
    phase,
    claim,
    pvClass(pv),
    pv.spec?.volumeAttributesClassName ?? '<unset>',
    pv.status?.reason ?? '',
    since(pv.metadata?.creationTimestamp, o.nowMs),
  ];
  if (o.wide) cells.push(pv.spec?.volumeMode ?? '<unset>');
  return { cells, object: pv };
}

export function pvcRow(pvc: PersistentVolumeClaim, o: PrintOptions): TableRow {
  const phase = pvc.metadata?.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
  const bound = !!pvc.spec?.volumeName;
  const cells: (string | number)[] = [
    pvc.metadata?.name ?? '',
    phase,
    pvc.spec?.volumeName ?? '',
    bound ? quantityString(pvc.status?.capacity?.storage as string | undefined) : '',
    bound ? accessModes(pvc.status?.accessModes) : '',
    pvcClass(pvc),
    pvc.spec?.volumeAttributesClassName ?? '<unset>',
    since(pvc.metadata?.creationTimestamp, o.nowMs),
  ];
  if (o.wide) cells.push(pvc.spec?.volumeMode ?? '<unset>');
  return { cells, object: pvc };
}

export function isDefaultClass(sc: StorageClass): boolean {
  const a = sc.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export function storageClassRow(sc: StorageClass, o: PrintOptions): TableRow {
  const name = (sc.metadata?.name ?? '') + (isDefaultClass(sc) ? ' (default)' : '');
  return {
    cells: [name, sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete', sc.volumeBindingMode ?? 'Immediate', sc.allowVolumeExpansion ?? false, since(sc.metadata?.creationTimestamp, o.nowMs)],
    object: sc,
  };
}

export function configMapRow(cm: ConfigMap, o: PrintOptions): TableRow {
  const n = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
  return { cells: [cm.metadata?.name ?? '', n, since(cm.metadata?.creationTimestamp, o.nowMs)], object: cm };
}

export function secretRow(s: Secret, o: PrintOptions): TableRow {
  return { cells: [s.metadata?.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, since(s.metadata?.creationTimestamp, o.nowMs)], object: s };
}
