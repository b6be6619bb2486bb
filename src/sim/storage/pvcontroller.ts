/**
 * The PersistentVolume controller of kube-controller-manager (`persistentvolume-binder`, events
 * from `persistentvolume-controller`): binds claims to volumes (smallest fit), starts dynamic
 * provisioning, tracks volume phases (Available → Bound → Released / Failed) and claim phases
 * (Pending → Bound / Lost), and reclaims released volumes. Event-driven, plus the real 15 s
 * resync of every claim and volume.
 *
 * It also hosts the simulated external provisioners (`provisioner.ts`) and owns the snapshot of
 * the volume data (`data.ts`), and at bootstrap creates kind's default StorageClass `standard`.
 */
import { ApiError } from '../api/errors';
import type { ClusterContext } from '../context';
import { Controller, keyOf, splitKey } from '../controllers/controller';
import type { StoreEvent } from '../store/store';
import { syncClaim, syncVolume, type SyncEnv } from './claims';
import { volumeData, type VolumeData, type VolumeDataState } from './data';
import { ExternalProvisioners } from './provisioner';
import { ANN_DEFAULT_CLASS, LOCAL_PATH, type PV, type PVC } from './util';

export const PV_RESYNC_MS = 15_000;
const RESYNC_OWNER = 'pv-controller-resync';

/** kind's default StorageClass, as `kubectl get sc standard -o yaml` shows it. */
export const DEFAULT_STORAGE_CLASS = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { [ANN_DEFAULT_CLASS]: 'true' } },
  provisioner: LOCAL_PATH,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

export class PersistentVolumeController extends Controller {
  readonly data: VolumeData;
  private readonly provisioners: ExternalProvisioners;
  private readonly env: SyncEnv;

  constructor(ctx: ClusterContext) {
    super('persistentvolume-binder', ctx, 'persistentvolume-controller');
    this.data = volumeData(ctx);
    this.provisioners = new ExternalProvisioners(ctx, this.data);
    this.env = {
      store: ctx.store,
      client: this.client,
      recorder: this.recorder,
      nowMs: () => ctx.nowMs(),
      isExternalRunning: (p) => this.provisioners.running(p),
    };
    ctx.clock.register(RESYNC_OWNER, () => {
      this.resync();
      ctx.clock.after(PV_RESYNC_MS, RESYNC_OWNER, 'resync');
    });
    // armed here for a fresh cluster; a restored cluster gets the timer back from its clock
    ctx.clock.after(PV_RESYNC_MS, RESYNC_OWNER, 'resync');
    ctx.store.subscribe('persistentvolumeclaims', (e) => this.onClaim(e));
    ctx.store.subscribe('persistentvolumes', (e) => this.onVolume(e));
  }

  bootstrap(): void {
    this.client.create('storageclasses', undefined, DEFAULT_STORAGE_CLASS);
  }

  private onClaim(e: StoreEvent): void {
    if (e.type !== 'DELETED') this.queue.add(`claim:${keyOf(e.object)}`);
    else {
      // the claim is gone: its volume is Released now
      const name = (e.object as PVC).spec?.volumeName;
      if (name) this.queue.add(`volume:${name}`);
    }
    this.provisioners.onClaim(e);
  }

  private onVolume(e: StoreEvent): void {
    const pv = e.object as PV;
    if (e.type !== 'DELETED') this.queue.add(`volume:${pv.metadata?.name}`);
    const ref = pv.spec?.claimRef;
    if (ref?.name) this.queue.add(`claim:${ref.namespace ?? 'default'}/${ref.name}`);
    this.provisioners.onVolume(e);
  }

  process_(): boolean {
    const a = super.process_();
    const b = this.provisioners.process_();
    return a || b;
  }

  protected reconcile(key: string): void {
    try {
      if (key.startsWith('claim:')) {
        const [ns, name] = splitKey(key.slice(6));
        const claim = this.ctx.store.get<PVC>('persistentvolumeclaims', ns, name);
        if (claim) syncClaim(this.env, claim);
      } else {
        const pv = this.ctx.store.get<PV>('persistentvolumes', '', key.slice(7));
        if (pv) syncVolume(this.env, pv);
      }
    } catch (e) {
      // a conflict or a vanished object: the next sync sees the new state
      if (e instanceof ApiError && (e.code === 409 || e.code === 404)) {
        this.queue.add(key);
        return;
      }
      throw e;
    }
  }

  protected *allKeys(): Iterable<string> {
    for (const c of this.ctx.store.iterate<PVC>('persistentvolumeclaims')) yield `claim:${keyOf(c)}`;
    for (const v of this.ctx.store.iterate<PV>('persistentvolumes')) yield `volume:${v.metadata?.name}`;
  }

  resync(): void {
    super.resync();
    this.provisioners.resync();
  }

  protected extraState(): Record<string, unknown> {
    return { provisioners: this.provisioners.state(), data: this.data.state() };
  }

  protected restoreExtra(s: Record<string, unknown>): void {
    if (s.provisioners) this.provisioners.restore(s.provisioners as ReturnType<ExternalProvisioners['state']>);
    if (s.data) this.data.restore(s.data as VolumeDataState);
  }
}
