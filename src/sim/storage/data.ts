/**
 * The data on volumes: a small file model (path → content, size) per backing store, kept in the
 * infrastructure layer — what lives on disks, not in the API. One `VolumeData` per cluster
 * (looked up by the cluster's store), saved in the PV controller's snapshot.
 *
 * Backing stores and their lifetimes, as on real machines:
 * - `pv:<name>`            a network disk or other PV-backed disk: survives pods and nodes; gone
 *                          when the provisioner deletes the volume (reclaim Delete)
 * - `hostpath:<node>:<p>`  a directory on one node (hostPath volumes, local-path PVs): stays on
 *                          that node, different on every node
 * - `emptydir:<uid>:<vol>` a pod's scratch space: gone when the pod leaves the node
 *
 * Demo images write here: `playground/web` counts page visits in `/data/visits` (through
 * `recordVisit`, called by the traffic model), `playground/uploads` writes an upload every 10 s to
 * its first mounted volume.
 */
import type { Pod, PersistentVolume, PersistentVolumeClaim, ConfigMap, Secret, Volume } from 'kubernetes-types/core/v1';
import type { ClusterContext } from '../context';
import type { Store, StoreEvent } from '../store/store';

export interface FileEntry {
  content: string;
  size: number;
  /** virtual ms of the last write */
  modified: number;
}

export interface DiskState {
  id: string;
  files: Record<string, FileEntry>;
}

export interface VolumeDataState {
  disks: DiskState[];
  /** pods whose uploads writer is armed */
  writers: string[];
}

/** How `volumeContents` names a volume: a PV, or one volume of one pod. */
export type VolumeRef = { pv: string } | { namespace?: string; pod: string; volume: string } | { disk: string };

export interface VolumeListing {
  disk: string;
  files: { path: string; size: number; content: string }[];
}

const OWNER = 'volume-data';
export const UPLOAD_PERIOD_MS = 10_000;
const UPLOADS_IMAGE = /(^|\/)playground\/uploads(:|@|$)/;
const WEB_IMAGE = /(^|\/)playground\/web(:|@|$)/;

const registry = new WeakMap<object, VolumeData>();

/** The volume data of a cluster by its store, if the cluster has one (the kubelet's view). */
export function volumeDataOf(store: Store): VolumeData | undefined {
  return registry.get(store);
}

/** The volume data of the cluster `ctx` belongs to (created, and wired, on first use). */
export function volumeData(ctx: ClusterContext): VolumeData {
  let d = registry.get(ctx.store);
  if (!d) registry.set(ctx.store, (d = new VolumeData(ctx)));
  return d;
}

export class VolumeData {
  readonly disks = new Map<string, Map<string, FileEntry>>();
  private writers = new Set<string>();

  constructor(private readonly ctx: ClusterContext) {
    ctx.clock.register(OWNER, (kind, data) => {
      if (kind === 'upload') this.onUploadTimer(data as string);
    });
    ctx.store.subscribe('pods', (e) => this.onPod(e));
  }

  // ---- files -------------------------------------------------------------------------------

  disk(id: string): Map<string, FileEntry> {
    let d = this.disks.get(id);
    if (!d) this.disks.set(id, (d = new Map()));
    return d;
  }

  write(id: string, path: string, content: string, size = content.length): void {
    this.disk(id).set(path, { content, size, modified: this.ctx.clock.now });
  }

  read(id: string, path: string): FileEntry | undefined {
    return this.disks.get(id)?.get(path);
  }

  /** The backing store is destroyed (disk deleted, pod gone from the node). */
  destroy(id: string): void {
    this.disks.delete(id);
  }

  // ---- which disk backs a pod's volume -----------------------------------------------------

  /** The backing store of volume `volName` of `pod`, or null (API-backed or unknown volumes). */
  diskOf(pod: Pod, volName: string): string | null {
    const v = pod.spec?.volumes?.find((x) => x.name === volName);
    if (!v) return null;
    return diskOfVolume(this.ctx.store, pod, v);
  }

  // ---- demo images -------------------------------------------------------------------------

  /**
   * A request was served by pod `podUid` (`playground/web`): increments the page-visit counter in
   * `/data/visits` of the volume mounted at `/data`. Returns the new count, or null when the pod
   * has no volume there (the counter then lives in memory only).
   */
  recordVisit(podUid: string): number | null {
    const pod = this.ctx.store.byUID<Pod>(podUid);
    if (!pod) return null;
    for (const c of pod.spec?.containers ?? []) {
      if (!WEB_IMAGE.test(c.image ?? '')) continue;
      const m = (c.volumeMounts ?? []).find((x) => x.mountPath === '/data' || x.mountPath === '/data/');
      if (!m) continue;
      const id = this.diskOf(pod, m.name);
      if (!id) return null;
      const n = Number(this.read(id, 'visits')?.content ?? '0') + 1;
      this.write(id, 'visits', String(n));
      return n;
    }
    return null;
  }

  private onPod(e: StoreEvent): void {
    const pod = e.object as Pod;
    const uid = pod.metadata?.uid ?? '';
    if (e.type === 'DELETED') {
      // the kubelet removed the pod's directories: emptyDir data is gone for good
      for (const v of pod.spec?.volumes ?? []) if (v.emptyDir) this.destroy(`emptydir:${uid}:${v.name}`);
      this.writers.delete(uid);
      return;
    }
    if (!this.writers.has(uid) && uploadsRunning(pod)) {
      this.writers.add(uid);
      this.ctx.clock.after(UPLOAD_PERIOD_MS, OWNER, 'upload', uid);
    }
  }

  private onUploadTimer(uid: string): void {
    const pod = this.ctx.store.byUID<Pod>(uid);
    const node = pod?.spec?.nodeName;
    if (!pod || !node || !uploadsRunning(pod) || !this.ctx.infra.get(node)?.powered) {
      this.writers.delete(uid);
      return;
    }
    const c = pod.spec!.containers.find((x) => UPLOADS_IMAGE.test(x.image ?? ''))!;
    const m = c.volumeMounts?.find((x) => this.diskOf(pod, x.name));
    if (m) {
      const id = this.diskOf(pod, m.name)!;
      const d = this.disk(id);
      let n = 1;
      for (const p of d.keys()) if (p.startsWith('upload-')) n++;
      const name = `upload-${String(n).padStart(4, '0')}.jpg`;
      this.write(id, name, `image uploaded by ${pod.metadata?.name}`, 150_000 + ((n * 7919) % 350_000));
    }
    this.ctx.clock.after(UPLOAD_PERIOD_MS, OWNER, 'upload', uid);
  }

  // ---- what the UI and kubectl read --------------------------------------------------------

  contents(ref: VolumeRef): VolumeListing | null {
    let id: string | null = null;
    if ('disk' in ref) id = ref.disk;
    else if ('pv' in ref) {
      const pv = this.ctx.store.get<PersistentVolume>('persistentvolumes', '', ref.pv);
      id = pv ? diskOfPV(pv, undefined) : null;
    } else {
      const pod = this.ctx.store.get<Pod>('pods', ref.namespace ?? 'default', ref.pod);
      const v = pod?.spec?.volumes?.find((x) => x.name === ref.volume);
      if (!pod || !v) return null;
      const api = apiBackedFiles(this.ctx.store, pod, v);
      if (api) return api;
      id = diskOfVolume(this.ctx.store, pod, v);
    }
    if (!id) return null;
    const files = [...(this.disks.get(id) ?? new Map<string, FileEntry>())].map(([path, f]) => ({ path, size: f.size, content: f.content }));
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { disk: id, files };
  }

  // ---- snapshot ----------------------------------------------------------------------------

  state(): VolumeDataState {
    return {
      disks: [...this.disks].map(([id, files]) => ({ id, files: Object.fromEntries([...files].map(([p, f]) => [p, { ...f }])) })),
      writers: [...this.writers],
    };
  }

  restore(s: VolumeDataState): void {
    this.disks.clear();
    for (const d of s.disks) this.disks.set(d.id, new Map(Object.entries(d.files).map(([p, f]) => [p, { ...f }])));
    this.writers = new Set(s.writers);
  }
}

/** per pod spec: the uploads container's name, or '' (pod events are hot: parse once per spec) */

function uploadsRunning(pod: Pod): boolean {
  const spec = pod.spec;
  if (!spec) return false;
  if (pod.metadata?.deletionTimestamp || !spec.nodeName) return false;
  const name = spec.containers.find((x) => UPLOADS_IMAGE.test(x.image ?? ''))?.name;
  if (!name) return false;
  return !!pod.status?.containerStatuses?.find((s) => s.name === name)?.state?.running;
}

/** The backing store of a PV; hostPath PVs live on the node the pod runs on. */
export function diskOfPV(pv: PersistentVolume, node: string | undefined): string | null {
  const hp = pv.spec?.hostPath?.path;
  if (hp) {
    const pinned = pinnedNode(pv);
    const n = pinned ?? node;
    return n ? `hostpath:${n}:${hp}` : null;
  }
  return `pv:${pv.metadata?.name}`;
}

/** The node a PV's node affinity pins it to (`kubernetes.io/hostname In [x]`), if any. */
export function pinnedNode(pv: PersistentVolume): string | undefined {
  for (const t of pv.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? []) {
    for (const e of t.matchExpressions ?? []) if (e.key === 'kubernetes.io/hostname' && e.operator === 'In' && e.values?.length === 1) return e.values[0];
  }
  return undefined;
}

export function diskOfVolume(store: Store, pod: Pod, v: Volume): string | null {
  const uid = pod.metadata?.uid ?? '';
  const node = pod.spec?.nodeName;
  if (v.emptyDir) return `emptydir:${uid}:${v.name}`;
  if (v.hostPath) return node ? `hostpath:${node}:${v.hostPath.path}` : null;
  const claim = v.persistentVolumeClaim?.claimName;
  if (claim) {
    const pvc = store.get<PersistentVolumeClaim>('persistentvolumeclaims', pod.metadata?.namespace ?? 'default', claim);
    const pvName = pvc?.spec?.volumeName;
    const pv = pvName ? store.get<PersistentVolume>('persistentvolumes', '', pvName) : undefined;
    return pv ? diskOfPV(pv, node) : null;
  }
  return null;
}

/** ConfigMap and Secret volumes show their keys as files (Secret values base64-decoded). */
function apiBackedFiles(store: Store, pod: Pod, v: Volume): VolumeListing | null {
  const ns = pod.metadata?.namespace ?? 'default';
  if (v.configMap) {
    const cm = store.get<ConfigMap>('configmaps', ns, v.configMap.name ?? '');
    const files = Object.entries(cm?.data ?? {}).map(([path, content]) => ({ path, size: content.length, content }));
    return { disk: `configmap:${ns}/${v.configMap.name}`, files };
  }
  if (v.secret) {
    const s = store.get<Secret>('secrets', ns, v.secret.secretName ?? '');
    const files = Object.entries(s?.data ?? {}).map(([path, b64]) => {
      const content = decodeBase64(b64);
      return { path, size: content.length, content };
    });
    return { disk: `secret:${ns}/${v.secret.secretName}`, files };
  }
  return null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export function decodeBase64(s: string): string {
  let bits = 0;
  let acc = 0;
  const out: number[] = [];
  for (const ch of s) {
    const i = B64.indexOf(ch);
    if (i < 0) continue;
    acc = (acc << 6) | i;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

/** `recordVisit(ctx, podUid)`: see `VolumeData.recordVisit`. */
export function recordVisit(ctx: ClusterContext, podUid: string): number | null {
  return volumeData(ctx).recordVisit(podUid);
}

/** `volumeContents(ctx, ref)`: the files on a volume, for the UI and kubectl. */
export function volumeContents(ctx: ClusterContext, ref: VolumeRef): VolumeListing | null {
  return volumeData(ctx).contents(ref);
}
