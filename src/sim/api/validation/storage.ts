/**
 * Validation of the storage and configuration kinds (`pkg/apis/core/validation`,
 * `pkg/apis/storage/validation`): PersistentVolumeClaim, PersistentVolume, StorageClass,
 * VolumeAttachment, ConfigMap and Secret — the checks a learner meets, with the real messages.
 */
import type { FieldError } from '../fielderrors';
import { fieldErr } from '../fielderrors';
import { subdomainErrors } from '../names';
import { isValidQuantity, parseQuantity } from '../quantity';
import type { KObject } from '../types';
import { deepEqual } from '../../util/immutable';
import type { KindValidator } from './index';
import { validateLabelSelector } from './selector';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM = ['Delete', 'Recycle', 'Retain'];
const VOLUME_SOURCES = ['hostPath', 'local', 'csi', 'nfs', 'iscsi', 'fc', 'rbd', 'cephfs', 'cinder', 'flexVolume', 'azureFile', 'azureDisk', 'gcePersistentDisk', 'awsElasticBlockStore', 'vsphereVolume', 'portworxVolume', 'glusterfs', 'quobyte', 'flocker', 'photonPersistentDisk', 'scaleIO', 'storageos'];
const MAX_CONFIG_BYTES = 1024 * 1024;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function accessModeErrors(modes: unknown, path: string, required: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = Array.isArray(modes) ? (modes as string[]) : [];
  if (!list.length) errs.push(fieldErr.required(path, required));
  for (const m of list) if (!ACCESS_MODES.includes(m)) errs.push(fieldErr.unsupported(path, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) errs.push(fieldErr.forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function classNameErrors(name: unknown, path: string): FieldError[] {
  if (typeof name !== 'string' || name === '') return [];
  return subdomainErrors(name).map((m) => fieldErr.invalid(path, name, m));
}

// ---- PersistentVolumeClaim -------------------------------------------------------------------

function validateClaim(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  errs.push(...accessModeErrors(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required'));
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(fieldErr.required('spec.resources[storage]', ''));
  else if (isValidQuantity(storage) && parseQuantity(storage) <= 0) errs.push(fieldErr.invalid('spec.resources[storage]', String(storage), 'must be greater than zero'));
  errs.push(...classNameErrors(spec.storageClassName, 'spec.storageClassName'));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(fieldErr.unsupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  return errs.map((e) => (e.type === 'Required value' && e.detail === '' ? { ...e, detail: undefined } : e));
}

/** The spec is immutable except requests (growing), and the binder's volumeName / retroactive class. */
function validateClaimUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateClaim(obj);
  const spec = (obj.spec ?? {}) as Obj;
  const prev = (old.spec ?? {}) as Obj;
  const cmp = (s: Obj, o: Obj) => ({
    ...s,
    resources: { ...s.resources, requests: { ...s.resources?.requests, storage: undefined } },
    volumeName: s.volumeName || o.volumeName,
    storageClassName: s.storageClassName ?? o.storageClassName,
    volumeAttributesClassName: undefined,
  });
  const classChanged = prev.storageClassName !== undefined && spec.storageClassName !== prev.storageClassName;
  const volumeChanged = !!prev.volumeName && spec.volumeName !== prev.volumeName;
  if (classChanged || volumeChanged || !deepEqual(cmp(spec, prev), cmp(prev, spec))) {
    errs.push(fieldErr.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
  }
  const now = parseQuantity(spec.resources?.requests?.storage);
  const before = parseQuantity(prev.resources?.requests?.storage);
  if (now < before) errs.push(fieldErr.forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  return errs;
}

// ---- PersistentVolume --------------------------------------------------------------------------

function validateVolume(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  errs.push(...accessModeErrors(spec.accessModes, 'spec.accessModes', 'must specify at least 1 access mode'));
  const cap = spec.capacity as Obj | undefined;
  if (!cap || !Object.keys(cap).length) errs.push(fieldErr.required('spec.capacity'));
  if (!cap || !('storage' in cap) || Object.keys(cap).length > 1) {
    errs.push({ type: 'Unsupported value', field: 'spec.capacity', valueText: goResourceList(cap), detail: 'supported values: "storage"' });
  } else if (isValidQuantity(cap.storage) && parseQuantity(cap.storage) <= 0) {
    errs.push(fieldErr.invalid('spec.capacity[storage]', String(cap.storage), 'must be greater than zero'));
  }
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy !== undefined && !RECLAIM.includes(policy)) errs.push(fieldErr.unsupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM));
  errs.push(...classNameErrors(spec.storageClassName, 'spec.storageClassName'));
  if (spec.volumeMode !== undefined && !VOLUME_MODES.includes(spec.volumeMode)) errs.push(fieldErr.unsupported('spec.volumeMode', spec.volumeMode, VOLUME_MODES));
  const sources = VOLUME_SOURCES.filter((s) => spec[s] !== undefined);
  if (!sources.length) errs.push(fieldErr.required('spec', 'must specify a volume type'));
  else if (sources.length > 1) errs.push(fieldErr.forbidden(`spec.${sources[1]}`, 'may not specify more than 1 volume type'));
  if (spec.hostPath && !spec.hostPath.path) errs.push(fieldErr.required('spec.hostPath.path'));
  if (spec.local) {
    if (!spec.local.path) errs.push(fieldErr.required('spec.local.path'));
    if (!spec.nodeAffinity) errs.push(fieldErr.required('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  if (spec.csi) {
    if (!spec.csi.driver) errs.push(fieldErr.required('spec.csi.driver'));
    if (!spec.csi.volumeHandle) errs.push(fieldErr.required('spec.csi.volumeHandle'));
  }
  return errs;
}

function goResourceList(cap: Obj | undefined): string {
  if (!cap) return 'core.ResourceList(nil)';
  return `core.ResourceList{${Object.keys(cap)
    .sort()
    .map((k) => `${JSON.stringify(k)}:resource.Quantity{...}`)
    .join(', ')}}`;
}

// ---- StorageClass ------------------------------------------------------------------------------

function validateStorageClass(obj: KObject): FieldError[] {
  const o = obj as Obj;
  const errs: FieldError[] = [];
  if (!o.provisioner) errs.push(fieldErr.required('provisioner'));
  else if (o.provisioner.length > 253) errs.push(fieldErr.tooLong('provisioner', 253));
  if (o.reclaimPolicy !== undefined && !['Delete', 'Retain'].includes(o.reclaimPolicy)) errs.push(fieldErr.unsupported('reclaimPolicy', o.reclaimPolicy, ['Delete', 'Retain']));
  if (o.volumeBindingMode !== undefined && !['Immediate', 'WaitForFirstConsumer'].includes(o.volumeBindingMode)) {
    errs.push(fieldErr.unsupported('volumeBindingMode', o.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  }
  return errs;
}

function validateStorageClassUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateStorageClass(obj);
  const o = obj as Obj;
  const p = old as Obj;
  if (!deepEqual(o.parameters, p.parameters)) errs.push(fieldErr.forbidden('parameters', 'updates to parameters are forbidden.'));
  if (o.provisioner !== p.provisioner) errs.push(fieldErr.forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (o.reclaimPolicy !== p.reclaimPolicy) errs.push(fieldErr.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (o.volumeBindingMode !== p.volumeBindingMode) errs.push(fieldErr.invalid('volumeBindingMode', o.volumeBindingMode, 'field is immutable'));
  return errs;
}

// ---- VolumeAttachment --------------------------------------------------------------------------

function validateAttachment(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as Obj;
  const errs: FieldError[] = [];
  if (!spec.attacher) errs.push(fieldErr.required('spec.attacher'));
  if (!spec.nodeName) errs.push(fieldErr.required('spec.nodeName'));
  const src = spec.source ?? {};
  if (!!src.persistentVolumeName === !!src.inlineVolumeSpec) errs.push(fieldErr.required('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'));
  return errs;
}

// ---- ConfigMap and Secret ----------------------------------------------------------------------

function keyErrors(map: Obj | undefined, path: string, seen: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(map ?? {})) {
    if (!CONFIG_KEY.test(k) || k === '.' || k === '..' || k.startsWith('..')) {
      const detail = k === '.' || k === '..' ? `must not be '${k}'` : k.startsWith('..') ? "must not start with '..'" : CONFIG_KEY_MSG;
      errs.push(fieldErr.invalid(`${path}[${k}]`, k, detail));
    }
    if (seen.has(k)) errs.push(fieldErr.invalid(`${path}[${k}]`, k, 'duplicate of key present in data'));
    seen.add(k);
  }
  return errs;
}

function size(map: Obj | undefined): number {
  let n = 0;
  for (const [k, v] of Object.entries(map ?? {})) n += k.length + String(v).length;
  return n;
}

function validateConfigMap(obj: KObject): FieldError[] {
  const seen = new Set<string>();
  const errs = [...keyErrors(obj.data, 'data', seen), ...keyErrors(obj.binaryData, 'binaryData', seen)];
  if (size(obj.data) + size(obj.binaryData) > MAX_CONFIG_BYTES) errs.push({ type: 'Too long', field: '[]', detail: `must have at most ${MAX_CONFIG_BYTES} bytes` });
  return errs;
}

function immutableDataErrors(obj: KObject, old: KObject, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(fieldErr.forbidden('immutable', 'field is immutable when `immutable` is set'));
    for (const f of fields) if (!deepEqual(obj[f], old[f])) errs.push(fieldErr.forbidden(f, 'field is immutable when `immutable` is set'));
  }
  return errs;
}

const SECRET_REQUIRED: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': [],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validateSecret(obj: KObject): FieldError[] {
  const errs = keyErrors(obj.data, 'data', new Set());
  for (const k of SECRET_REQUIRED[obj.type ?? 'Opaque'] ?? []) if (!(k in (obj.data ?? {}))) errs.push(fieldErr.required(`data[${k}]`));
  if (size(obj.data) > MAX_CONFIG_BYTES) errs.push({ type: 'Too long', field: 'data', detail: `must have at most ${MAX_CONFIG_BYTES} bytes` });
  return errs;
}

export const storageValidators: Record<string, KindValidator> = {
  persistentvolumeclaims: { validate: validateClaim, validateUpdate: validateClaimUpdate },
  persistentvolumes: { validate: validateVolume },
  storageclasses: { validate: validateStorageClass, validateUpdate: validateStorageClassUpdate },
  volumeattachments: {
    validate: validateAttachment,
    validateUpdate(obj, old) {
      const errs = validateAttachment(obj);
      if (!deepEqual(obj.spec, old.spec)) errs.push({ type: 'Invalid value', field: 'spec', valueText: 'storage.VolumeAttachmentSpec{...}', detail: 'field is immutable' });
      return errs;
    },
  },
  configmaps: {
    validate: validateConfigMap,
    validateUpdate: (obj, old) => [...validateConfigMap(obj), ...immutableDataErrors(obj, old, ['data', 'binaryData'])],
  },
  secrets: {
    validate: validateSecret,
    validateUpdate(obj, old) {
      const errs = [...validateSecret(obj), ...immutableDataErrors(obj, old, ['data'])];
      if ((obj.type ?? 'Opaque') !== (old.type ?? 'Opaque')) errs.push(fieldErr.invalid('type', obj.type, 'field is immutable'));
      return errs;
    },
  },
};
