/**
 * The PV controller's sync functions (`pv_controller.go` syncClaim / syncVolume / bind /
 * provisionClaim / reclaimVolume), as plain functions over the store and an API client. Each
 * write re-reads what it changes next, so a sync is a chain of small, idempotent steps; a
 * conflict just throws and the key is retried.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { ApiClient } from '../apiserver/client';
import type { EventRecorder } from '../events/recorder';
import type { Store } from '../store/store';
import { rfc3339 } from '../util/time';
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_PROVISIONED_BY,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  claimClass,
  defaultClass,
  findMatchingVolume,
  isDelayBinding,
  isVolumeBoundToClaim,
  podClaims,
  type PV,
  type PVC,
  type StorageClass,
} from './util';

export interface SyncEnv {
  store: Store;
  client: ApiClient;
  recorder: EventRecorder;
  nowMs(): number;
  /** the simulated external provisioners handle this provisioner name */
  isExternalRunning(provisioner: string): boolean;
}

// ---- claims ------------------------------------------------------------------------------------

export function syncClaim(env: SyncEnv, claim: PVC): void {
  if (!claim.spec?.volumeName) syncUnboundClaim(env, claim);
  else syncBoundClaim(env, claim);
}

function syncUnboundClaim(env: SyncEnv, claim: PVC): void {
  const { store } = env;
  // retroactive default StorageClass (GA in v1.28): a claim without a class gets today's default
  if (claim.spec?.storageClassName === undefined && !claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class']) {
    const dc = defaultClass(store);
    if (dc) {
      env.client.update('persistentvolumeclaims', claim.metadata?.namespace, { ...claim, spec: { ...claim.spec, storageClassName: dc.metadata?.name } });
      return;
    }
  }
  const delay = isDelayBinding(store, claim);
  const pv = findMatchingVolume(claim, store.iterate<PV>('persistentvolumes'), null, null, delay);
  if (pv) {
    bind(env, pv, claim);
    return;
  }
  if (delay && !claim.metadata?.annotations?.[ANN_SELECTED_NODE]) {
    emitWaitEvent(env, claim);
  } else if (claimClass(claim) !== '') {
    provisionClaim(env, claim);
  } else {
    env.recorder.event(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
  }
  setClaimPhase(env, claim, 'Pending');
}

/** `emitEventForUnboundDelayBindingClaim`: who the claim waits for. */
function emitWaitEvent(env: SyncEnv, claim: PVC): void {
  const ns = claim.metadata?.namespace ?? 'default';
  const waiting: string[] = [];
  for (const p of env.store.iterate<Pod>('pods', ns)) {
    if (p.spec?.nodeName || !podClaims(p).includes(claim.metadata?.name ?? '')) continue;
    waiting.push(p.metadata?.name ?? '');
  }
  if (!waiting.length) env.recorder.event(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
  else if (waiting.length === 1) env.recorder.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pod ${waiting[0]} to be scheduled`);
  else env.recorder.event(claim, 'Normal', 'WaitForPodScheduled', `waiting for pods ${waiting.join(',')} to be scheduled`);
}

/** `provisionClaim`: in-tree plugins are gone, so this names the external provisioner and waits. */
function provisionClaim(env: SyncEnv, claim: PVC): void {
  const name = claimClass(claim);
  const sc = env.store.get<StorageClass>('storageclasses', '', name);
  if (!sc) {
    env.recorder.event(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`);
    return;
  }
  const provisioner = sc.provisioner;
  if (provisioner.startsWith('kubernetes.io/')) {
    // no in-tree provisioner is left (no-provisioner classes are for pre-created local PVs)
    env.recorder.event(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${provisioner}`);
    return;
  }
  const ann = claim.metadata?.annotations ?? {};
  if (ann[ANN_STORAGE_PROVISIONER] !== provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== provisioner) {
    env.client.update('persistentvolumeclaims', claim.metadata?.namespace, {
      ...claim,
      metadata: { ...claim.metadata, annotations: { ...ann, [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner } },
    });
  }
  env.recorder.event(claim, 'Normal', 'ExternalProvisioning', `waiting for a volume to be created, either by external provisioner "${provisioner}" or manually created by system administrator`);
}

function syncBoundClaim(env: SyncEnv, claim: PVC): void {
  const name = claim.spec!.volumeName!;
  const pv = env.store.get<PV>('persistentvolumes', '', name);
  const completed = claim.metadata?.annotations?.[ANN_BIND_COMPLETED] !== undefined;
  if (!pv) {
    if (!completed) {
      setClaimPhase(env, claim, 'Pending');
      return;
    }
    if (claim.status?.phase !== 'Lost') {
      setClaimPhase(env, claim, 'Lost');
      env.recorder.event(claim, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
    }
    return;
  }
  if (!pv.spec?.claimRef || isVolumeBoundToClaim(pv, claim)) {
    bind(env, pv, claim);
    return;
  }
  if (completed) {
    if (claim.status?.phase !== 'Lost') {
      setClaimPhase(env, claim, 'Lost');
      env.recorder.event(claim, 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly');
    }
    return;
  }
  env.recorder.event(claim, 'Normal', 'FailedBinding', `volume "${name}" already bound to a different claim.`);
  setClaimPhase(env, claim, 'Pending');
}

/** `bind`: volume → claim (claimRef), volume Bound, claim → volume (volumeName), claim Bound. */
export function bind(env: SyncEnv, pv: PV, claim: PVC): void {
  const { client, store } = env;
  const ns = claim.metadata?.namespace ?? 'default';
  const claimName = claim.metadata?.name ?? '';
  const pvName = pv.metadata?.name ?? '';
  const ref = pv.spec?.claimRef;
  if (!ref || !ref.uid) {
    const claimRef = { kind: 'PersistentVolumeClaim', namespace: ns, name: claimName, uid: claim.metadata?.uid, apiVersion: 'v1', resourceVersion: claim.metadata?.resourceVersion };
    const annotations = ref ? pv.metadata?.annotations : { ...pv.metadata?.annotations, [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    pv = client.update<PV>('persistentvolumes', undefined, { ...pv, metadata: { ...pv.metadata, annotations }, spec: { ...pv.spec, claimRef } });
  }
  setVolumePhase(env, pv, 'Bound');

  let cur = store.get<PVC>('persistentvolumeclaims', ns, claimName) ?? claim;
  const ann = cur.metadata?.annotations ?? {};
  if (cur.spec?.volumeName !== pvName || ann[ANN_BIND_COMPLETED] !== 'yes') {
    const annotations: Record<string, string> = { ...ann, [ANN_BIND_COMPLETED]: 'yes' };
    if (cur.spec?.volumeName !== pvName) annotations[ANN_BOUND_BY_CONTROLLER] = 'yes';
    cur = client.update<PVC>('persistentvolumeclaims', ns, { ...cur, metadata: { ...cur.metadata, annotations }, spec: { ...cur.spec, volumeName: pvName } });
  }
  const status = { ...cur.status, phase: 'Bound', accessModes: pv.spec?.accessModes, capacity: pv.spec?.capacity };
  if (cur.status?.phase !== 'Bound' || JSON.stringify(cur.status?.capacity) !== JSON.stringify(pv.spec?.capacity) || JSON.stringify(cur.status?.accessModes) !== JSON.stringify(pv.spec?.accessModes)) {
    client.updateStatus('persistentvolumeclaims', ns, { ...cur, status });
  }
}

function setClaimPhase(env: SyncEnv, claim: PVC, phase: string): void {
  const cur = env.store.get<PVC>('persistentvolumeclaims', claim.metadata?.namespace ?? 'default', claim.metadata?.name ?? '');
  if (!cur || cur.status?.phase === phase) return;
  const status: PVC['status'] = { ...cur.status, phase };
  if (phase === 'Pending') {
    delete status.capacity;
    delete status.accessModes;
  }
  env.client.updateStatus('persistentvolumeclaims', cur.metadata?.namespace, { ...cur, status });
}

// ---- volumes -----------------------------------------------------------------------------------

export function setVolumePhase(env: SyncEnv, pv: PV, phase: string, message?: string): PV {
  if (pv.status?.phase === phase) return pv;
  const status: PV['status'] = { phase, lastPhaseTransitionTime: rfc3339(env.nowMs()) };
  if (message) status.message = message;
  return env.client.updateStatus<PV>('persistentvolumes', undefined, { ...pv, status });
}

/** What a volume's claimRef says, and what to do when its claim is gone (`syncVolume`). */
export function syncVolume(env: SyncEnv, pv: PV): void {
  const ref = pv.spec?.claimRef;
  if (!ref) {
    setVolumePhase(env, pv, 'Available');
    return;
  }
  if (!ref.uid) {
    // pre-bound by the user to a claim that is not bound yet: the claim's sync binds it
    setVolumePhase(env, pv, 'Available');
    return;
  }
  let claim = env.store.get<PVC>('persistentvolumeclaims', ref.namespace ?? 'default', ref.name ?? '');
  if (claim && claim.metadata?.uid !== ref.uid) claim = undefined;
  if (!claim) {
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') pv = setVolumePhase(env, pv, 'Released');
    reclaimVolume(env, pv);
    return;
  }
  if (!claim.spec?.volumeName) {
    // the claim is being bound to this volume; its own sync completes the job
    if (pv.status?.phase !== 'Bound') setVolumePhase(env, pv, 'Available');
    return;
  }
  if (claim.spec.volumeName === pv.metadata?.name) {
    setVolumePhase(env, pv, 'Bound');
    return;
  }
  // the claim went to another volume: release a binding the controller made
  if (pv.metadata?.annotations?.[ANN_BOUND_BY_CONTROLLER]) {
    const annotations = { ...pv.metadata.annotations };
    delete annotations[ANN_BOUND_BY_CONTROLLER];
    const spec = { ...pv.spec };
    delete spec.claimRef;
    const updated = env.client.update<PV>('persistentvolumes', undefined, { ...pv, metadata: { ...pv.metadata, annotations }, spec });
    setVolumePhase(env, updated, 'Available');
  }
}

/** `reclaimVolume`: Retain keeps a Released volume; Delete goes to the provisioner that made it. */
function reclaimVolume(env: SyncEnv, pv: PV): void {
  if (pv.status?.phase !== 'Released') return;
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Retain') return;
  if (policy === 'Recycle') {
    env.recorder.event(pv, 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!');
    setVolumePhase(env, pv, 'Failed', 'No recycler plugin found for the volume!');
    return;
  }
  const by = pv.metadata?.annotations?.[ANN_PROVISIONED_BY];
  if (by && !by.startsWith('kubernetes.io/')) {
    // an external provisioner deletes it; if none runs for this name the volume just waits
    if (!env.isExternalRunning(by)) env.recorder.event(pv, 'Normal', 'ExternalDeleting', `waiting for a volume to be deleted, either by external provisioner "${by}" or manually deleted by system administrator`);
    return;
  }
  const msg = `error getting deleter volume plugin for volume "${pv.metadata?.name}": no deletable volume plugin matched`;
  env.recorder.event(pv, 'Warning', 'VolumeFailedDelete', msg);
  setVolumePhase(env, pv, 'Failed', msg);
}
