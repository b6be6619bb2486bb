/**
 * The garbage collector (`pkg/controller/garbagecollector/`): deletes objects whose owners are
 * all gone, and carries out the three propagation policies of a delete.
 *
 * - Background (the default): the owner goes at once; its dependents are then found with no
 *   existing owner and deleted. A dependent that still has another owner only loses the
 *   dangling reference.
 * - Foreground: the owner waits with `deletionTimestamp` and the `foregroundDeletion` finalizer;
 *   its dependents are deleted (Foreground themselves when they have dependents of their own);
 *   once no dependent with `blockOwnerDeletion: true` is left, the finalizer is removed and the
 *   API server deletes the owner.
 * - Orphan: the owner waits with the `orphan` finalizer; its dependents lose their reference to
 *   it, then the finalizer is removed.
 *
 * The real collector keeps a graph of every object; here the store's uid and owner indexes are
 * that graph (`store.byUID`, `store.dependents`), so each event costs a few lookups. Work items
 * are uids: `uid` = attemptToDelete, `orphan:uid` = attemptToOrphan.
 */
import { RESOURCES } from '../api/resources';
import type { KObject, OwnerReference } from '../api/types';
import type { ClusterContext } from '../context';
import type { StoreEvent } from '../store/store';
import { deepEqual } from '../util/immutable';
import { Controller } from './controller';
import { isNotFound } from './taints';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

export class GarbageCollector extends Controller {
  constructor(ctx: ClusterContext) {
    super('garbagecollector', ctx, 'garbage-collector-controller');
    ctx.store.subscribe('*', (e) => this.observe(e));
  }

  /** The graph builder's part: which changes give the collector something to look at. */
  private observe(e: StoreEvent): void {
    const obj = e.object;
    const md = obj.metadata;
    if (!md?.uid) return;
    if (e.type === 'DELETED') {
      // an owner vanished: its dependents may now be garbage
      for (const dep of this.ctx.store.dependents(md.uid)) this.queue.add(dep.metadata!.uid!);
      // a dependent vanished: a foreground-deleting owner may be free to go
      for (const ref of md.ownerReferences ?? []) this.addIfDeletingDependents(ref.uid);
      return;
    }
    const old = e.old?.metadata;
    if (md.deletionTimestamp) {
      if (isDeletingDependents(obj) && !(old && isDeletingDependents(e.old!))) {
        for (const dep of this.ctx.store.dependents(md.uid)) this.queue.add(dep.metadata!.uid!);
        this.queue.add(md.uid);
      }
      if (md.finalizers?.includes(ORPHAN) && !(old?.deletionTimestamp && old.finalizers?.includes(ORPHAN))) this.queue.add(`${ORPHAN}:${md.uid}`);
    }
    const refs = md.ownerReferences;
    const oldRefs = old?.ownerReferences;
    if (refs === oldRefs || (e.type === 'MODIFIED' && deepEqual(refs, oldRefs))) return;
    // a reference removed or made non-blocking can unblock an owner waiting in foreground
    for (const r of oldRefs ?? []) {
      if (!r.blockOwnerDeletion) continue;
      const now = refs?.find((x) => x.uid === r.uid);
      if (!now?.blockOwnerDeletion) this.addIfDeletingDependents(r.uid);
    }
    // a reference to an owner that does not exist (or is being deleted in foreground)
    for (const r of refs ?? []) {
      const owner = this.owner(obj, r);
      if (!owner || isDeletingDependents(owner)) {
        this.queue.add(md.uid);
        break;
      }
    }
  }

  private addIfDeletingDependents(uid: string): void {
    const owner = this.ctx.store.byUID(uid);
    if (owner && isDeletingDependents(owner)) this.queue.add(uid);
  }

  /** After a restart: everything that may need collecting, as a rebuilt graph would find it. */
  protected allKeys(): Iterable<string> {
    const keys: string[] = [];
    for (const info of RESOURCES) {
      for (const o of this.ctx.store.iterate(info.resource)) {
        const md = o.metadata!;
        if (md.deletionTimestamp && md.finalizers?.includes(ORPHAN)) keys.push(`${ORPHAN}:${md.uid}`);
        if (isDeletingDependents(o) || md.ownerReferences?.some((r) => !this.owner(o, r))) keys.push(md.uid!);
      }
    }
    return keys;
  }

  protected reconcile(key: string): void {
    if (key.startsWith(`${ORPHAN}:`)) this.attemptToOrphan(key.slice(ORPHAN.length + 1));
    else this.attemptToDelete(key);
  }

  // ---- attemptToDeleteItem -----------------------------------------------------------------

  private attemptToDelete(uid: string): void {
    let item = this.ctx.store.byUID(uid);
    if (!item) return;
    const md = item.metadata!;
    // being deleted is a one-way trip: wait for it to be gone (unless we are the ones waiting)
    if (md.deletionTimestamp && !md.finalizers?.includes(FOREGROUND)) return;
    if (isDeletingDependents(item)) return this.processDeletingDependents(item);
    const refs = md.ownerReferences ?? [];
    if (!refs.length) return;

    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const r of refs) {
      const owner = this.owner(item, r);
      if (!owner) dangling.push(r);
      else if (isDeletingDependents(owner)) waiting.push(r);
      else solid.push(r);
    }

    if (solid.length) {
      if (!dangling.length && !waiting.length) return;
      // still owned: drop only the references to owners that are gone or going (a reference
      // to a foreground-deleting owner would keep it waiting forever)
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      this.setOwnerReferences(item, refs.filter((r) => !drop.has(r.uid)));
      return;
    }
    const dependents = this.ctx.store.dependents(uid);
    if (waiting.length && dependents.length) {
      if (dependents.some(isDeletingDependents)) {
        // a possible cycle: make our references non-blocking before deleting in foreground
        item = this.setOwnerReferences(item, refs.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r))) ?? item;
      }
      return this.deleteItem(item, 'Foreground');
    }
    // no owner left: collect it, honouring a finalizer it already carries
    const policy = md.finalizers?.includes(ORPHAN) ? 'Orphan' : md.finalizers?.includes(FOREGROUND) ? 'Foreground' : 'Background';
    this.deleteItem(item, policy);
  }

  /** An owner deleted in foreground: go when no blocking dependent is left. */
  private processDeletingDependents(owner: KObject): void {
    const uid = owner.metadata!.uid!;
    const blocking = this.ctx.store.dependents(uid).filter((d) => d.metadata?.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion));
    if (!blocking.length) {
      this.removeFinalizer(owner, FOREGROUND);
      return;
    }
    for (const dep of blocking) if (!isDeletingDependents(dep)) this.queue.add(dep.metadata!.uid!);
  }

  // ---- attemptToOrphan ---------------------------------------------------------------------

  private attemptToOrphan(uid: string): void {
    const owner = this.ctx.store.byUID(uid);
    if (!owner?.metadata?.deletionTimestamp || !owner.metadata.finalizers?.includes(ORPHAN)) return;
    for (const dep of this.ctx.store.dependents(uid)) {
      const refs = dep.metadata?.ownerReferences ?? [];
      this.setOwnerReferences(dep, refs.filter((r) => r.uid !== uid));
    }
    this.removeFinalizer(owner, ORPHAN);
  }

  // ---- writes ------------------------------------------------------------------------------

  /** The owner a reference names, if it exists where the dependent can see it. */
  private owner(dependent: KObject, ref: OwnerReference): KObject | undefined {
    const owner = this.ctx.store.byUID(ref.uid);
    if (!owner) return undefined;
    const ns = owner.metadata?.namespace;
    // a namespaced owner must live in the dependent's namespace (the real collector looks it
    // up there and finds nothing)
    if (ns && ns !== dependent.metadata?.namespace) return undefined;
    return owner;
  }

  private setOwnerReferences(obj: KObject, refs: OwnerReference[]): KObject | undefined {
    const md = { ...obj.metadata };
    if (refs.length) md.ownerReferences = refs;
    else delete md.ownerReferences;
    try {
      return this.client.update(this.resourceOf(obj), md.namespace, { ...obj, metadata: md });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private removeFinalizer(obj: KObject, finalizer: string): void {
    const finalizers = obj.metadata?.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return;
    const md = { ...obj.metadata };
    const rest = finalizers.filter((f) => f !== finalizer);
    if (rest.length) md.finalizers = rest;
    else delete md.finalizers;
    try {
      this.client.update(this.resourceOf(obj), md.namespace, { ...obj, metadata: md });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  private deleteItem(obj: KObject, propagationPolicy: 'Background' | 'Foreground' | 'Orphan'): void {
    const md = obj.metadata!;
    try {
      this.client.delete(this.resourceOf(obj), md.namespace, md.name!, { propagationPolicy, preconditions: { uid: md.uid, resourceVersion: md.resourceVersion } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  private resourceOf(obj: KObject): string {
    const r = this.ctx.store.resourceOfUID(obj.metadata!.uid!);
    if (!r) throw new Error(`garbage collector: no resource for ${obj.kind} ${obj.metadata?.name}`);
    return r;
  }
}

function isDeletingDependents(o: KObject): boolean {
  return !!o.metadata?.deletionTimestamp && !!o.metadata.finalizers?.includes(FOREGROUND);
}
