/**
 * The pvc-protection and pv-protection controllers (`pkg/controller/volume/pvcprotection`,
 * `pvprotection`), one component: a claim being deleted keeps its `kubernetes.io/pvc-protection`
 * finalizer — and shows `Terminating` — while any pod that is not finished still uses it; a
 * volume being deleted keeps `kubernetes.io/pv-protection` while it is Bound. (The admission
 * plugin StorageObjectInUseProtection adds both finalizers at creation: see `admission.ts`.)
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { ApiError } from '../api/errors';
import type { ClusterContext } from '../context';
import { Controller, keyOf, splitKey } from '../controllers/controller';
import type { StoreEvent } from '../store/store';
import { podActive, podClaims, PV_PROTECTION, PVC_PROTECTION, type PV, type PVC } from './util';

export class VolumeProtectionController extends Controller {
  constructor(ctx: ClusterContext) {
    super('volume-protection', ctx, 'pvc-protection-controller');
    ctx.store.subscribe('persistentvolumeclaims', (e) => {
      if (e.type !== 'DELETED' && (e.object as PVC).metadata?.deletionTimestamp) this.queue.add(`claim:${keyOf(e.object)}`);
    });
    ctx.store.subscribe('persistentvolumes', (e) => {
      if (e.type !== 'DELETED' && (e.object as PV).metadata?.deletionTimestamp) this.queue.add(`volume:${(e.object as PV).metadata?.name}`);
    });
    ctx.store.subscribe('pods', (e) => this.onPod(e));
  }

  /** A pod that finished or went away may have been the last user of a claim being deleted. */
  private onPod(e: StoreEvent): void {
    const pod = e.object as Pod;
    const claims = podClaims(pod);
    if (!claims.length) return;
    if (e.type !== 'DELETED' && podActive(pod)) return;
    const ns = pod.metadata?.namespace ?? 'default';
    for (const c of claims) {
      const pvc = this.ctx.store.get<PVC>('persistentvolumeclaims', ns, c);
      if (pvc?.metadata?.deletionTimestamp) this.queue.add(`claim:${ns}/${c}`);
    }
  }

  protected reconcile(key: string): void {
    try {
      if (key.startsWith('claim:')) this.claim(key.slice(6));
      else this.volume(key.slice(7));
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) {
        if (e.code === 409) this.queue.add(key);
        return;
      }
      throw e;
    }
  }

  private claim(key: string): void {
    const [ns, name] = splitKey(key);
    const pvc = this.ctx.store.get<PVC>('persistentvolumeclaims', ns, name);
    if (!pvc?.metadata?.deletionTimestamp || !pvc.metadata.finalizers?.includes(PVC_PROTECTION)) return;
    for (const p of this.ctx.store.iterate<Pod>('pods', ns)) {
      if (podActive(p) && podClaims(p).includes(name)) return; // still in use
    }
    const finalizers = pvc.metadata.finalizers.filter((f) => f !== PVC_PROTECTION);
    this.client.update('persistentvolumeclaims', ns, { ...pvc, metadata: { ...pvc.metadata, finalizers } });
  }

  private volume(name: string): void {
    const pv = this.ctx.store.get<PV>('persistentvolumes', '', name);
    if (!pv?.metadata?.deletionTimestamp || !pv.metadata.finalizers?.includes(PV_PROTECTION)) return;
    if (pv.status?.phase === 'Bound') return; // unbinding (the claim going away) brings it back here
    const finalizers = pv.metadata.finalizers.filter((f) => f !== PV_PROTECTION);
    this.client.update('persistentvolumes', undefined, { ...pv, metadata: { ...pv.metadata, finalizers } });
  }

  protected *allKeys(): Iterable<string> {
    for (const c of this.ctx.store.iterate<PVC>('persistentvolumeclaims')) if (c.metadata?.deletionTimestamp) yield `claim:${keyOf(c)}`;
    for (const v of this.ctx.store.iterate<PV>('persistentvolumes')) if (v.metadata?.deletionTimestamp) yield `volume:${v.metadata?.name}`;
  }
}
