/**
 * The kubelet's volume manager, as the pod worker sees it (`WaitForAttachAndMount`): before the
 * sandbox and containers of a pod start, every volume must be set up on the node.
 *
 * - emptyDir: a fresh directory for this pod (its data dies with the pod: `storage/data.ts`)
 * - hostPath: the node's own directory
 * - configMap / secret: the object must exist (unless `optional`), else each mount attempt fails
 *   with `FailedMount` `MountVolume.SetUp failed for volume "x" : configmap "x" not found`,
 *   retried with back-off (0.5 s doubling to 2m2s)
 * - persistentVolumeClaim: the claim must be Bound and, for attachable volumes, attached to this
 *   node (a VolumeAttachment with `attached: true`)
 *
 * While something is missing the pod stays Pending / ContainerCreating; every 2m3s of waiting
 * (+ the pod worker's 10 s back-off) the kubelet reports `FailedMount` `Unable to attach or mount
 * volumes: unmounted volumes=[…], unattached volumes=[…], failed to process volumes=[…]: context
 * deadline exceeded`. Once everything is mounted the pod never waits again.
 */
import type { ConfigMap, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Volume } from 'kubernetes-types/core/v1';
import type { VolumeAttachment } from 'kubernetes-types/storage/v1';
import { diskOfVolume, volumeDataOf } from '../storage/data';
import { attachmentName, isAttachable } from '../storage/util';
import type { Host } from './host';
import type { PodState } from './state';

/** `podAttachAndMountTimeout` */
export const ATTACH_MOUNT_TIMEOUT_MS = 2 * 60_000 + 3_000;
/** the pod worker's back-off after a failed sync */
const SYNC_BACKOFF_MS = 10_000;
/** how often a waiting pod looks again (the real volume manager polls every 300 ms) */
const POLL_MS = 1_000;
const MOUNT_BACKOFF_START_MS = 500;
const MOUNT_BACKOFF_MAX_MS = 122_000;

const MOUNTED: VolumeMountState = Object.freeze({ mounted: true, deadline: 0, retry: Object.freeze({}) });

export interface VolumeMountState {
  mounted: boolean;
  /** when the current WaitForAttachAndMount gives up */
  deadline: number;
  /** per volume: next SetUp attempt and its back-off */
  retry: Record<string, { at: number; delayMs: number }>;
}

/**
 * Sets up the pod's volumes. Returns `true` when all are mounted, otherwise the time to look
 * again (events were emitted as due).
 */
export function mountVolumes(h: Host, pod: Pod, p: PodState & { vol?: VolumeMountState }, now: number): true | number {
  if (p.vol?.mounted) return true;
  const vols = pod.spec?.volumes ?? [];
  if (!vols.length) return true;
  const vs = (p.vol ??= { mounted: false, deadline: now + ATTACH_MOUNT_TIMEOUT_MS, retry: {} });
  const unmounted: string[] = [];
  const unattached: string[] = [];
  const unprocessed: string[] = [];
  let wake = now + POLL_MS;
  for (const v of vols) {
    const r = check(h, pod, p, v);
    if (r === 'ok') {
      delete vs.retry[v.name];
      continue;
    }
    unmounted.push(v.name);
    if (r === 'unattached') unattached.push(v.name);
    else if (r === 'unprocessed') unprocessed.push(v.name);
    else {
      // a SetUp failure: reported on each attempt, attempts back off
      const rt = vs.retry[v.name];
      if (!rt || now >= rt.at) {
        h.event(p.node, pod, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "${v.name}" : ${r.error}`);
        const delayMs = rt ? Math.min(rt.delayMs * 2, MOUNT_BACKOFF_MAX_MS) : MOUNT_BACKOFF_START_MS;
        vs.retry[v.name] = { at: now + delayMs, delayMs };
      }
      wake = Math.min(wake, vs.retry[v.name].at);
    }
  }
  if (!unmounted.length) {
    // mounted for good: every such pod shares one frozen state (memory at 150,000 pods)
    p.vol = MOUNTED;
    const data = volumeDataOf(h.store);
    // the directories now exist on the node (empty for a fresh emptyDir)
    if (data) for (const v of vols) if (v.emptyDir || v.hostPath) data.disk(diskOfVolume(h.store, pod, v)!);
    return true;
  }
  if (now >= vs.deadline) {
    const list = (xs: string[]) => `[${xs.join(' ')}]`;
    h.event(p.node, pod, 'Warning', 'FailedMount', `Unable to attach or mount volumes: unmounted volumes=${list(unmounted)}, unattached volumes=${list(unattached)}, failed to process volumes=${list(unprocessed)}: context deadline exceeded`);
    vs.deadline = now + SYNC_BACKOFF_MS + ATTACH_MOUNT_TIMEOUT_MS;
  }
  return Math.min(wake, vs.deadline);
}

type Check = 'ok' | 'unattached' | 'unprocessed' | { error: string };

function check(h: Host, pod: Pod, p: PodState, v: Volume): Check {
  const ns = pod.metadata?.namespace ?? 'default';
  const store = h.store;
  if (v.configMap) {
    const name = v.configMap.name ?? '';
    if (store.get<ConfigMap>('configmaps', ns, name) || v.configMap.optional) return 'ok';
    return { error: `configmap "${name}" not found` };
  }
  if (v.secret) {
    const name = v.secret.secretName ?? '';
    if (store.get<Secret>('secrets', ns, name) || v.secret.optional) return 'ok';
    return { error: `secret "${name}" not found` };
  }
  const claim = v.persistentVolumeClaim?.claimName;
  if (claim) {
    const pvc = store.get<PersistentVolumeClaim>('persistentvolumeclaims', ns, claim);
    // the desired-state populator cannot even add a missing or unbound claim
    if (!pvc || pvc.status?.phase !== 'Bound' || !pvc.spec?.volumeName) return 'unprocessed';
    const pv = store.get<PersistentVolume>('persistentvolumes', '', pvc.spec.volumeName);
    if (!pv) return 'unprocessed';
    if (isAttachable(pv)) {
      const va = store.get<VolumeAttachment>('volumeattachments', '', attachmentName(pv.metadata?.name ?? '', pv.spec?.csi?.driver ?? '', p.node));
      if (!va?.status?.attached) return 'unattached';
    }
    return 'ok';
  }
  return 'ok';
}
