/**
 * The attach/detach controller of kube-controller-manager (events from `attachdetach-controller`)
 * together with the CSI external-attacher it talks to through VolumeAttachment objects.
 *
 * Desired state: every attachable volume (`isAttachable`: the network-disk CSI driver) used by a
 * scheduled, unfinished pod is attached to that pod's node. A ReadWriteOnce volume attached (or
 * attaching) to one node cannot attach to a second: the pods there get `FailedAttachVolume`
 * `Multi-Attach error …` once, and wait (the kubelet keeps them ContainerCreating). A volume no
 * pod needs is detached; if a pod on an unhealthy node may still have it mounted (a Terminating
 * pod on a node that stopped reporting), the detach waits `maxWaitForUnmountDuration` (6 min)
 * and is then forced — at once when the node has the `node.kubernetes.io/out-of-service` taint.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { VolumeAttachment } from 'kubernetes-types/storage/v1';
import { ApiError } from '../api/errors';
import type { ClusterContext } from '../context';
import { Controller } from '../controllers/controller';
import type { StoreEvent } from '../store/store';
import { attachmentName, isAttachable, podActive, podClaims, type PV, type PVC } from './util';

export const MAX_WAIT_FOR_UNMOUNT_MS = 6 * 60_000;
const ATTACH_MIN_MS = 1500;
const ATTACH_SPREAD_MS = 2000;
const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

function nodeHealthy(n: Node | undefined): boolean {
  return !!n && n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

interface ExtraState {
  attachDue: Record<string, number>;
  undesiredSince: Record<string, number>;
  reported: string[];
}

export class AttachDetachController extends Controller {
  /** `ns/claim` → uids of pods that mount it */
  private podsByClaim = new Map<string, Set<string>>();
  /** VolumeAttachment name → when the attacher finishes attaching it */
  private attachDue: Record<string, number> = {};
  /** VolumeAttachment name → since when no pod wants it (its node may still have it mounted) */
  private undesiredSince: Record<string, number> = {};
  /** `pv|pod uid` pairs told about a Multi-Attach error (reported once, as the DSW flag does) */
  private reported = new Set<string>();

  constructor(ctx: ClusterContext) {
    super('attachdetach', ctx, 'attachdetach-controller');
    ctx.store.subscribe('pods', (e) => this.onPod(e));
    ctx.store.subscribe('persistentvolumeclaims', (e) => {
      const v = (e.object as PVC).spec?.volumeName;
      if (v) this.queue.add(v);
    });
    ctx.store.subscribe('persistentvolumes', (e) => this.queue.add((e.object as PV).metadata?.name ?? ''));
    ctx.store.subscribe('volumeattachments', (e) => {
      const pv = (e.object as VolumeAttachment).spec?.source?.persistentVolumeName;
      if (pv) this.queue.add(pv);
    });
    ctx.store.subscribe('nodes', (e) => this.onNode(e));
    this.rebuild();
  }

  private rebuild(): void {
    this.podsByClaim.clear();
    for (const p of this.ctx.store.iterate<Pod>('pods')) this.index(p, true);
  }

  private index(pod: Pod, add: boolean): void {
    const claims = podClaims(pod);
    if (!claims.length) return;
    const ns = pod.metadata?.namespace ?? 'default';
    const uid = pod.metadata?.uid ?? '';
    for (const c of claims) {
      const key = `${ns}/${c}`;
      let set = this.podsByClaim.get(key);
      if (add) {
        if (!set) this.podsByClaim.set(key, (set = new Set()));
        set.add(uid);
      } else if (set) {
        set.delete(uid);
        if (!set.size) this.podsByClaim.delete(key);
      }
    }
  }

  private onPod(e: StoreEvent): void {
    const pod = e.object as Pod;
    const claims = podClaims(pod);
    if (!claims.length) return;
    this.index(pod, e.type !== 'DELETED');
    const ns = pod.metadata?.namespace ?? 'default';
    for (const c of claims) {
      const v = this.ctx.store.get<PVC>('persistentvolumeclaims', ns, c)?.spec?.volumeName;
      if (v) this.queue.add(v);
    }
  }

  private onNode(e: StoreEvent): void {
    const n = e.object as Node;
    const old = e.old as Node | undefined;
    if (e.type === 'MODIFIED' && nodeHealthy(old) === nodeHealthy(n) && JSON.stringify(old?.spec?.taints) === JSON.stringify(n.spec?.taints)) return;
    const name = n.metadata?.name;
    for (const va of this.ctx.store.iterate<VolumeAttachment>('volumeattachments')) {
      if (va.spec?.nodeName === name && va.spec.source?.persistentVolumeName) this.queue.add(va.spec.source.persistentVolumeName);
    }
  }

  protected reconcile(pvName: string): void {
    try {
      this.sync(pvName);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) {
        this.queue.add(pvName);
        return;
      }
      throw e;
    }
  }

  private sync(pvName: string): void {
    const { store } = this.ctx;
    const now = this.ctx.clock.now;
    const pv = store.get<PV>('persistentvolumes', '', pvName);
    const vas: VolumeAttachment[] = [];
    for (const va of store.iterate<VolumeAttachment>('volumeattachments')) if (va.spec?.source?.persistentVolumeName === pvName) vas.push(va);

    // desired: nodes of pods that want the volume; inUse: nodes that may still have it mounted
    const desired = new Map<string, Pod[]>();
    const inUse = new Set<string>();
    const ref = pv?.spec?.claimRef;
    if (pv && isAttachable(pv) && ref?.name) {
      for (const uid of this.podsByClaim.get(`${ref.namespace ?? 'default'}/${ref.name}`) ?? []) {
        const p = store.byUID<Pod>(uid);
        const node = p?.spec?.nodeName;
        if (!p || !node || !podActive(p)) continue;
        const n = store.get<Node>('nodes', '', node);
        if (p.metadata?.deletionTimestamp && !nodeHealthy(n)) {
          inUse.add(node);
          continue;
        }
        const list = desired.get(node) ?? [];
        list.push(p);
        desired.set(node, list);
      }
    }

    // detach what no pod wants
    const live: VolumeAttachment[] = [];
    for (const va of vas) {
      const name = va.metadata?.name ?? '';
      const node = va.spec?.nodeName ?? '';
      if (desired.has(node)) {
        delete this.undesiredSince[name];
        live.push(va);
        this.ensureAttaching(va, desired.get(node)!, pvName);
        continue;
      }
      const n = store.get<Node>('nodes', '', node);
      const oos = !!n?.spec?.taints?.some((t) => t.key === OUT_OF_SERVICE);
      if (inUse.has(node) && !oos) {
        const since = (this.undesiredSince[name] ??= now);
        if (now < since + MAX_WAIT_FOR_UNMOUNT_MS) {
          live.push(va);
          this.queue.addAfter(pvName, since + MAX_WAIT_FOR_UNMOUNT_MS - now);
          continue;
        }
      }
      delete this.undesiredSince[name];
      delete this.attachDue[name];
      if (!va.metadata?.deletionTimestamp) this.client.delete('volumeattachments', undefined, name);
    }

    // attach where pods want it, unless a ReadWriteOnce volume is elsewhere already
    if (!pv) return;
    const multi = (pv.spec?.accessModes ?? []).some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany');
    const driver = pv.spec?.csi?.driver ?? '';
    for (const [node, pods] of desired) {
      if (live.some((va) => va.spec?.nodeName === node)) continue;
      const elsewhere = live.filter((va) => va.spec?.nodeName !== node);
      if (!multi && elsewhere.length) {
        this.reportMultiAttach(pvName, pods, desired, elsewhere);
        continue;
      }
      const name = attachmentName(pvName, driver, node);
      const va = this.client.create<VolumeAttachment>('volumeattachments', undefined, {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: { name },
        spec: { attacher: driver, nodeName: node, source: { persistentVolumeName: pvName } },
      });
      live.push(va);
      this.ensureAttaching(va, pods, pvName);
    }
  }

  /** The external attacher: a new VolumeAttachment becomes `attached: true` after a moment. */
  private ensureAttaching(va: VolumeAttachment, pods: Pod[], pvName: string): void {
    if (va.status?.attached) return;
    const name = va.metadata?.name ?? '';
    const now = this.ctx.clock.now;
    const due = this.attachDue[name];
    if (due === undefined) {
      const at = now + ATTACH_MIN_MS + this.ctx.random.int(ATTACH_SPREAD_MS);
      this.attachDue[name] = at;
      this.queue.addAfter(pvName, at - now);
      return;
    }
    if (now < due) return;
    delete this.attachDue[name];
    this.client.updateStatus('volumeattachments', undefined, { ...va, status: { ...va.status, attached: true } });
    for (const p of pods) {
      this.reported.delete(`${pvName}|${p.metadata?.uid}`);
      this.recorder.event(p, 'Normal', 'SuccessfulAttachVolume', `AttachVolume.Attach succeeded for volume "${pvName}" `);
    }
  }

  /** `reportMultiAttachError`: who else uses the volume, as far as this pod's namespace may know. */
  private reportMultiAttach(pvName: string, pods: Pod[], desired: Map<string, Pod[]>, elsewhere: VolumeAttachment[]): void {
    const otherNodes = new Set(elsewhere.map((va) => va.spec?.nodeName ?? ''));
    for (const p of pods) {
      const key = `${pvName}|${p.metadata?.uid}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      const ns = p.metadata?.namespace;
      const users: Pod[] = [];
      for (const [node, list] of desired) if (otherNodes.has(node)) users.push(...list);
      const same = users.filter((u) => u.metadata?.namespace === ns).map((u) => u.metadata?.name ?? '');
      const others = users.length - same.length;
      let msg: string;
      if (!users.length) msg = `Multi-Attach error for volume "${pvName}" Volume is already exclusively attached to one node and can't be attached to another`;
      else if (same.length) msg = `Multi-Attach error for volume "${pvName}" Volume is already used by pod(s) ${same.join(', ')}${others ? ` and ${others} pod(s) in different namespaces` : ''}`;
      else msg = `Multi-Attach error for volume "${pvName}" Volume is already used by ${others} pod(s) in different namespaces`;
      this.recorder.event(p, 'Warning', 'FailedAttachVolume', msg);
    }
  }

  protected *allKeys(): Iterable<string> {
    for (const v of this.ctx.store.iterate<PV>('persistentvolumes')) yield v.metadata?.name ?? '';
    for (const va of this.ctx.store.iterate<VolumeAttachment>('volumeattachments')) if (va.spec?.source?.persistentVolumeName) yield va.spec.source.persistentVolumeName;
  }

  resync(): void {
    this.rebuild();
    super.resync();
  }

  protected extraState(): Record<string, unknown> {
    return { attachDue: { ...this.attachDue }, undesiredSince: { ...this.undesiredSince }, reported: [...this.reported] } satisfies ExtraState;
  }

  protected restoreExtra(s: Record<string, unknown>): void {
    const x = s as unknown as Partial<ExtraState>;
    this.attachDue = { ...(x.attachDue ?? {}) };
    this.undesiredSince = { ...(x.undesiredSince ?? {}) };
    this.reported = new Set(x.reported ?? []);
    this.rebuild();
  }
}

