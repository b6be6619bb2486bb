/**
 * The external provisioners a cluster of this playground runs, simulated next to the PV
 * controller (in a real cluster each is its own Deployment — kind's `local-path-provisioner`, a
 * CSI driver's `csi-provisioner` sidecar):
 *
 * - `rancher.io/local-path` (kind's default class `standard`, WaitForFirstConsumer): a directory
 *   on the selected node, exposed as a hostPath PV pinned to that node by node affinity.
 * - `disk.csi.playground.dev`: a network disk (think EBS/PD): a CSI PV that must be attached to
 *   the node before it mounts, ReadWriteOnce, in one zone when the nodes have zones.
 *
 * Each watches claims annotated `volume.kubernetes.io/storage-provisioner: <its name>`, emits
 * `Provisioning`, creates `pvc-<claim uid>` after a short delay (`ProvisioningSucceeded`), and
 * deletes Released volumes it made whose reclaim policy is Delete (and the data on them).
 */
import type { Node } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors';
import { fnv32a } from '../api/hash';
import type { ApiClient } from '../apiserver/client';
import type { ClusterContext } from '../context';
import { keyOf, splitKey } from '../controllers/controller';
import { WorkQueue, type WorkQueueState } from '../controllers/workqueue';
import type { EventRecorder } from '../events/recorder';
import type { StoreEvent } from '../store/store';
import { diskOfPV, type VolumeData } from './data';
import { ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, LOCAL_PATH, NETWORK_DISK, type PV, type PVC, type StorageClass } from './util';

interface Driver {
  /** the event source a real provisioner's recorder uses: `<name>_<pod>_<uuid>` */
  source: string;
  /** how long creating a volume takes */
  minMs: number;
  spreadMs: number;
}

export const DRIVERS: Record<string, Driver> = {
  [LOCAL_PATH]: { source: `${LOCAL_PATH}_local-path-provisioner-7577fdbbfb-x6wq4_4c1c8e9e-5f4b-4d6a-9b1e-2f3a6c7d8e90`, minMs: 1500, spreadMs: 1500 },
  [NETWORK_DISK]: { source: `${NETWORK_DISK}_csi-disk-controller-6d9c7b5f4-k2m8p_8a0f2c44-1e3b-4b7a-a5d6-0c9e7f1b2a35`, minMs: 3000, spreadMs: 3000 },
};

const ZONE = 'topology.kubernetes.io/zone';

interface State {
  queue: WorkQueueState;
  /** claim key → when its volume is ready */
  inflight: Record<string, number>;
}

export class ExternalProvisioners {
  private readonly queue: WorkQueue;
  private readonly client: ApiClient;
  private readonly recorders = new Map<string, EventRecorder>();
  private inflight: Record<string, number> = {};

  constructor(
    private readonly ctx: ClusterContext,
    private readonly data: VolumeData,
  ) {
    this.queue = new WorkQueue(ctx.clock, 'controller:external-provisioner');
    this.client = ctx.client('external-provisioner');
  }

  running(name: string): boolean {
    return name in DRIVERS;
  }

  onClaim(e: StoreEvent): void {
    if (e.type === 'DELETED') return;
    const driver = (e.object as PVC).metadata?.annotations?.[ANN_STORAGE_PROVISIONER];
    if (driver && driver in DRIVERS && !(e.object as PVC).spec?.volumeName) this.queue.add(`claim:${keyOf(e.object)}`);
  }

  onVolume(e: StoreEvent): void {
    const pv = e.object as PV;
    if (e.type === 'DELETED') return;
    const by = pv.metadata?.annotations?.[ANN_PROVISIONED_BY];
    if (by && by in DRIVERS && pv.status?.phase === 'Released') this.queue.add(`volume:${pv.metadata?.name}`);
  }

  resync(): void {
    for (const c of this.ctx.store.iterate<PVC>('persistentvolumeclaims')) this.onClaim({ type: 'MODIFIED', resource: 'persistentvolumeclaims', object: c, rv: 0 });
    for (const v of this.ctx.store.iterate<PV>('persistentvolumes')) this.onVolume({ type: 'MODIFIED', resource: 'persistentvolumes', object: v, rv: 0 });
  }

  process_(): boolean {
    let did = false;
    for (let key = this.queue.pop(); key !== undefined; key = this.queue.pop()) {
      did = true;
      try {
        if (key.startsWith('claim:')) this.provision(key.slice(6));
        else this.deleteVolume(key.slice(7));
        this.queue.forget(key);
      } catch (e) {
        if (!(e instanceof ApiError)) this.ctx.reportFault('external-provisioner', e);
        this.queue.addRateLimited(key);
      }
    }
    return did;
  }

  private recorder(driver: string): EventRecorder {
    let r = this.recorders.get(driver);
    if (!r) this.recorders.set(driver, (r = this.ctx.recorder(DRIVERS[driver].source)));
    return r;
  }

  private provision(key: string): void {
    const [ns, name] = splitKey(key);
    const claim = this.ctx.store.get<PVC>('persistentvolumeclaims', ns, name);
    if (!claim || claim.spec?.volumeName || claim.metadata?.deletionTimestamp) {
      delete this.inflight[key];
      return;
    }
    const driver = claim.metadata?.annotations?.[ANN_STORAGE_PROVISIONER] ?? '';
    const sc = this.ctx.store.get<StorageClass>('storageclasses', '', claim.spec?.storageClassName ?? '');
    if (!(driver in DRIVERS) || !sc || sc.provisioner !== driver) return;
    const selected = claim.metadata?.annotations?.[ANN_SELECTED_NODE];
    if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !selected) return;
    const pvName = `pvc-${claim.metadata?.uid}`;
    if (this.ctx.store.get('persistentvolumes', '', pvName)) return;
    const rec = this.recorder(driver);
    const fail = unsupported(driver, claim, sc, selected);
    if (fail) {
      rec.event(claim, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc.metadata?.name}": ${fail}`);
      delete this.inflight[key];
      this.queue.addAfter(`claim:${key}`, 15_000);
      return;
    }
    const now = this.ctx.clock.now;
    const due = this.inflight[key];
    if (due === undefined) {
      rec.event(claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${ns}/${name}"`);
      const d = DRIVERS[driver];
      const delay = d.minMs + this.ctx.random.int(d.spreadMs);
      this.inflight[key] = now + delay;
      this.queue.addAfter(`claim:${key}`, delay);
      return;
    }
    if (now < due) return;
    const pv = driver === LOCAL_PATH ? localPathVolume(claim, sc, selected!) : networkVolume(claim, sc, this.zoneFor(selected, sc));
    this.client.create('persistentvolumes', undefined, pv);
    delete this.inflight[key];
    rec.event(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`);
  }

  /** The zone of the selected node; for Immediate claims the first zone the nodes have. */
  private zoneFor(selected: string | undefined, sc: StorageClass): string | undefined {
    if (selected) return this.ctx.store.get<Node>('nodes', '', selected)?.metadata?.labels?.[ZONE];
    const allowed = sc.allowedTopologies?.flatMap((t) => t.matchLabelExpressions ?? []).find((e) => e.key === ZONE)?.values;
    if (allowed?.length) return allowed[0];
    const zones: string[] = [];
    for (const n of this.ctx.store.iterate<Node>('nodes')) {
      const z = n.metadata?.labels?.[ZONE];
      if (z && !zones.includes(z)) zones.push(z);
    }
    zones.sort();
    return zones[0];
  }

  /** Reclaim policy Delete: the backing storage goes, then the PV object. */
  private deleteVolume(name: string): void {
    const pv = this.ctx.store.get<PV>('persistentvolumes', '', name);
    if (!pv || pv.status?.phase !== 'Released' || (pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain') !== 'Delete') return;
    if (pv.metadata?.deletionTimestamp) return;
    const disk = diskOfPV(pv, undefined);
    if (disk) this.data.destroy(disk);
    this.client.delete('persistentvolumes', undefined, name);
  }

  state(): State {
    return { queue: this.queue.state(), inflight: { ...this.inflight } };
  }

  restore(s: State): void {
    this.queue.restore(s.queue);
    this.inflight = { ...s.inflight };
  }
}

/** What a driver refuses, in its own words. */
function unsupported(driver: string, claim: PVC, sc: StorageClass, selected: string | undefined): string | null {
  const modes = claim.spec?.accessModes ?? [];
  if (driver === LOCAL_PATH) {
    if (!selected) return 'configuration error, no node was specified';
    if (modes.some((m) => m !== 'ReadWriteOnce' && m !== 'ReadWriteOncePod')) return 'NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes';
    return null;
  }
  const bad = modes.find((m) => m !== 'ReadWriteOnce' && m !== 'ReadWriteOncePod');
  if (bad) {
    const cap = bad === 'ReadWriteMany' ? 'MULTI_NODE_MULTI_WRITER' : 'MULTI_NODE_READER_ONLY';
    return `rpc error: code = InvalidArgument desc = Volume capabilities ${cap} not supported. Only AccessModes[ReadWriteOnce] supported.`;
  }
  void sc;
  return null;
}

function claimRef(claim: PVC) {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    name: claim.metadata?.name,
    namespace: claim.metadata?.namespace,
    resourceVersion: claim.metadata?.resourceVersion,
    uid: claim.metadata?.uid,
  };
}

function localPathVolume(claim: PVC, sc: StorageClass, node: string): PV {
  const uid = claim.metadata?.uid ?? '';
  const name = `pvc-${uid}`;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { 'local.path.provisioner/selected-node': node, [ANN_PROVISIONED_BY]: LOCAL_PATH } },
    spec: {
      accessModes: claim.spec?.accessModes,
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
      claimRef: claimRef(claim),
      hostPath: { path: `/var/local-path-provisioner/${name}_${claim.metadata?.namespace}_${claim.metadata?.name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata?.name,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
    },
  };
}

function networkVolume(claim: PVC, sc: StorageClass, zone: string | undefined): PV {
  const uid = claim.metadata?.uid ?? '';
  const handle = `vol-${fnv32a(uid).toString(16).padStart(8, '0')}${fnv32a(`${uid}/disk`).toString(16).padStart(8, '0')}`.slice(0, 21);
  const pv: PV = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `pvc-${uid}`, annotations: { [ANN_PROVISIONED_BY]: NETWORK_DISK, 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' } },
    spec: {
      accessModes: claim.spec?.accessModes,
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
      claimRef: claimRef(claim),
      csi: { driver: NETWORK_DISK, fsType: 'ext4', volumeHandle: handle, volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': `1767225600000-8081-${NETWORK_DISK}` } },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata?.name,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
    },
  };
  if (zone) pv.spec!.nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: [zone] }] }] } };
  return pv;
}
