/**
 * The versioned object store — the simulation's etcd plus the API server's watch cache.
 *
 * One revision counter for the whole cluster: every write bumps it and stamps the object's
 * `metadata.resourceVersion`. Every change becomes a watch event, kept in a bounded history so a
 * watcher can resume from a revision (older than the history → 410 Expired, as a compacted etcd
 * answers). Objects are frozen and shared; the store never copies them.
 *
 * Secondary indexes (by uid, by controller owner, pods by node) are kept in step with every
 * write, so controllers read fresh state without scanning 150,000 pods.
 */
import type { KObject, ObjectMeta } from '../api/types';
import { deepFreeze } from '../util/immutable';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: string;
  object: KObject;
  /** the object before this change (MODIFIED and DELETED) */
  old?: KObject;
  rv: number;
}

export type Subscriber = (e: StoreEvent) => void;

export interface StoreState {
  revision: number;
  compactedRevision: number;
  /** resource → objects in insertion order */
  tables: Record<string, KObject[]>;
}

export interface StoreOptions {
  /** how many events the watch history keeps (older resumes get 410 Expired) */
  historyCapacity?: number;
}

type Table = Map<string, Map<string, KObject>>; // namespace ('' if cluster-scoped) → name → object

export class Store {
  revision = 0;
  /** the oldest revision a watch may resume from is compactedRevision */
  compactedRevision = 0;
  private tables = new Map<string, Table>();
  private counts = new Map<string, number>();
  private history: StoreEvent[] = [];
  private historyStart = 0; // ring buffer read position
  private readonly historyCapacity: number;
  private pending: StoreEvent[] = [];
  private subscribers = new Map<string, Subscriber[]>();
  private allSubscribers: Subscriber[] = [];

  /**
   * uid → the current object and its resource. Events are left out: nothing owns or looks up an
   * Event by uid, and at 150,000 pods they are close to a million objects.
   */
  private byUid = new Map<string, KObject>();
  private uidResource = new Map<string, string>();
  /** owner uid → set of dependent uids (every ownerReference, not just the controller) */
  private byOwner = new Map<string, Set<string>>();
  /** node name → pod uids bound to it */
  private podsOnNode = new Map<string, Set<string>>();

  constructor(opts: StoreOptions = {}) {
    this.historyCapacity = opts.historyCapacity ?? 20000;
  }

  // ---- reads ------------------------------------------------------------------------------

  get<T extends KObject = KObject>(resource: string, namespace: string, name: string): T | undefined {
    return this.tables.get(resource)?.get(namespace)?.get(name) as T | undefined;
  }

  /** Objects of a resource, optionally in one namespace, in a stable order. */
  list<T extends KObject = KObject>(resource: string, namespace?: string): T[] {
    const table = this.tables.get(resource);
    if (!table) return [];
    const out: T[] = [];
    if (namespace !== undefined) {
      const ns = table.get(namespace);
      if (ns) for (const o of ns.values()) out.push(o as T);
      return out;
    }
    for (const ns of table.values()) for (const o of ns.values()) out.push(o as T);
    return out;
  }

  /** Iterates without allocating a list (hot paths). */
  *iterate<T extends KObject = KObject>(resource: string, namespace?: string): IterableIterator<T> {
    const table = this.tables.get(resource);
    if (!table) return;
    if (namespace !== undefined) {
      const ns = table.get(namespace);
      if (ns) yield* ns.values() as IterableIterator<T>;
      return;
    }
    for (const ns of table.values()) yield* ns.values() as IterableIterator<T>;
  }

  count(resource: string): number {
    return this.counts.get(resource) ?? 0;
  }

  byUID<T extends KObject = KObject>(uid: string): T | undefined {
    return this.byUid.get(uid) as T | undefined;
  }

  resourceOfUID(uid: string): string | undefined {
    return this.byUid.has(uid) ? this.uidResource.get(uid) : undefined;
  }

  /** Objects that name `ownerUid` in their ownerReferences. */
  dependents<T extends KObject = KObject>(ownerUid: string): T[] {
    const set = this.byOwner.get(ownerUid);
    if (!set) return [];
    const out: T[] = [];
    for (const uid of set) {
      const o = this.byUID<T>(uid);
      if (o) out.push(o);
    }
    return out;
  }

  /** Pods whose spec.nodeName is `node`. */
  podsOn<T extends KObject = KObject>(node: string): T[] {
    const set = this.podsOnNode.get(node);
    if (!set) return [];
    const out: T[] = [];
    for (const uid of set) {
      const o = this.byUID<T>(uid);
      if (o) out.push(o);
    }
    return out;
  }

  podCountOn(node: string): number {
    return this.podsOnNode.get(node)?.size ?? 0;
  }

  // ---- writes (only the API server calls these) -------------------------------------------

  /** Stores a new or changed object, stamping resourceVersion. Returns the stored object. */
  put(resource: string, obj: KObject): KObject {
    const nsMap = this.namespaceMap(resource, obj.metadata?.namespace ?? '');
    return this.write(resource, nsMap, nsMap.get(obj.metadata?.name ?? ''), obj);
  }

  /** Stores a new object; `undefined` (and nothing written) when the name is taken. One lookup. */
  insert(resource: string, obj: KObject): KObject | undefined {
    const nsMap = this.namespaceMap(resource, obj.metadata?.namespace ?? '');
    if (nsMap.has(obj.metadata?.name ?? '')) return undefined;
    return this.write(resource, nsMap, undefined, obj);
  }

  private namespaceMap(resource: string, ns: string): Map<string, KObject> {
    let table = this.tables.get(resource);
    if (!table) this.tables.set(resource, (table = new Map()));
    let nsMap = table.get(ns);
    if (!nsMap) table.set(ns, (nsMap = new Map()));
    return nsMap;
  }

  private write(resource: string, nsMap: Map<string, KObject>, old: KObject | undefined, obj: KObject): KObject {
    const md = obj.metadata ?? {};
    const rv = ++this.revision;
    let stored: KObject;
    if (!Object.isFrozen(obj) && obj.metadata) {
      // a fresh object the API server built for this write: completed in place instead of
      // copied once more (every write of the cluster comes here); its metadata is stamped in
      // place too when fresh, else replaced by a stamped copy
      if (!Object.isFrozen(md)) (md as { resourceVersion?: string }).resourceVersion = String(rv);
      else (obj as { metadata: ObjectMeta }).metadata = { ...md, resourceVersion: String(rv) };
      stored = deepFreeze(obj);
    } else stored = deepFreeze({ ...obj, metadata: { ...md, resourceVersion: String(rv) } });
    nsMap.set(md.name ?? '', stored);
    if (!old) this.counts.set(resource, (this.counts.get(resource) ?? 0) + 1);
    this.reindex(resource, old, stored);
    this.emit({ type: old ? 'MODIFIED' : 'ADDED', resource, object: stored, old, rv });
    return stored;
  }

  /** Removes an object; the DELETED event carries its last state with a new resourceVersion. */
  remove(resource: string, namespace: string, name: string): KObject | undefined {
    const nsMap = this.tables.get(resource)?.get(namespace);
    const old = nsMap?.get(name);
    if (!nsMap || !old) return undefined;
    nsMap.delete(name);
    this.counts.set(resource, (this.counts.get(resource) ?? 1) - 1);
    const rv = ++this.revision;
    const last = deepFreeze({ ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } });
    this.reindex(resource, old, undefined);
    this.emit({ type: 'DELETED', resource, object: last, old, rv });
    return last;
  }

  // ---- watch ------------------------------------------------------------------------------

  /** In-process subscribers get events when `flush()` runs (never re-entrantly inside a write). */
  subscribe(resource: string | '*', fn: Subscriber): () => void {
    if (resource === '*') {
      this.allSubscribers.push(fn);
      return () => {
        this.allSubscribers = this.allSubscribers.filter((f) => f !== fn);
      };
    }
    const list = this.subscribers.get(resource) ?? [];
    list.push(fn);
    this.subscribers.set(resource, list);
    return () => {
      this.subscribers.set(resource, (this.subscribers.get(resource) ?? []).filter((f) => f !== fn));
    };
  }

  /** Delivers pending events to subscribers in revision order. Returns how many were delivered. */
  flush(): number {
    let delivered = 0;
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      // indexed loops: the hottest loop of the cluster, no iterator objects
      const all = this.allSubscribers;
      for (let i = 0; i < batch.length; i++) {
        const e = batch[i];
        const subs = this.subscribers.get(e.resource);
        if (subs) for (let j = 0; j < subs.length; j++) subs[j](e);
        for (let j = 0; j < all.length; j++) all[j](e);
      }
      delivered += batch.length;
    }
    return delivered;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Events after `fromRevision`, oldest first. Throws `{expired: oldest}` when the history no
   * longer reaches back that far.
   */
  eventsSince(fromRevision: number): StoreEvent[] | { expiredOldest: number } {
    const oldest = this.oldestRetained();
    if (fromRevision < oldest - 1 || fromRevision < this.compactedRevision) return { expiredOldest: Math.max(oldest, this.compactedRevision) };
    const out: StoreEvent[] = [];
    const n = this.history.length;
    for (let i = 0; i < n; i++) {
      const e = this.history[(this.historyStart + i) % n];
      if (e.rv > fromRevision) out.push(e);
    }
    return out;
  }

  /** Drops watch history up to the current revision, like etcd compaction. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history = [];
    this.historyStart = 0;
  }

  private oldestRetained(): number {
    if (!this.history.length) return this.revision + 1;
    return this.history[this.historyStart].rv;
  }

  private emit(e: StoreEvent): void {
    this.pending.push(e);
    if (this.history.length < this.historyCapacity) this.history.push(e);
    else {
      this.history[this.historyStart] = e;
      this.historyStart = (this.historyStart + 1) % this.historyCapacity;
    }
  }

  private reindex(resource: string, old: KObject | undefined, cur: KObject | undefined): void {
    const oldMd = old?.metadata;
    const curMd = cur?.metadata;
    const uid = (curMd?.uid ?? oldMd?.uid) as string | undefined;
    if (!uid || resource === 'events') return;
    if (cur) {
      this.byUid.set(uid, cur);
      if (!old) this.uidResource.set(uid, resource);
    } else {
      this.byUid.delete(uid);
      this.uidResource.delete(uid);
    }

    const oldOwners = oldMd?.ownerReferences;
    const curOwners = curMd?.ownerReferences;
    if (oldOwners !== curOwners) {
      if (oldOwners) for (const r of oldOwners) this.byOwner.get(r.uid)?.delete(uid);
      if (curOwners) {
        for (const r of curOwners) {
          let set = this.byOwner.get(r.uid);
          if (!set) this.byOwner.set(r.uid, (set = new Set()));
          set.add(uid);
        }
      }
    } else if (!cur && oldOwners) {
      for (const r of oldOwners) this.byOwner.get(r.uid)?.delete(uid);
    }

    if (resource === 'pods') {
      const oldNode = (old?.spec as { nodeName?: string } | undefined)?.nodeName;
      const curNode = (cur?.spec as { nodeName?: string } | undefined)?.nodeName;
      if (oldNode !== curNode || !cur) {
        if (oldNode) this.podsOnNode.get(oldNode)?.delete(uid);
        if (curNode && cur) {
          let set = this.podsOnNode.get(curNode);
          if (!set) this.podsOnNode.set(curNode, (set = new Set()));
          set.add(uid);
        }
      }
    }
  }

  // ---- snapshot ---------------------------------------------------------------------------

  state(): StoreState {
    const tables: Record<string, KObject[]> = {};
    for (const [resource] of this.tables) tables[resource] = this.list(resource);
    return { revision: this.revision, compactedRevision: this.compactedRevision, tables };
  }

  /** Restores objects as they were; the watch history starts empty (resumes before it get 410). */
  restore(s: StoreState): void {
    this.tables.clear();
    this.counts.clear();
    this.byUid.clear();
    this.uidResource.clear();
    this.byOwner.clear();
    this.podsOnNode.clear();
    this.history = [];
    this.historyStart = 0;
    this.pending = [];
    for (const [resource, objects] of Object.entries(s.tables)) {
      for (const o of objects) {
        const obj = deepFreeze(o);
        const md = obj.metadata ?? {};
        let table = this.tables.get(resource);
        if (!table) this.tables.set(resource, (table = new Map()));
        let nsMap = table.get(md.namespace ?? '');
        if (!nsMap) table.set(md.namespace ?? '', (nsMap = new Map()));
        nsMap.set(md.name ?? '', obj);
        this.counts.set(resource, (this.counts.get(resource) ?? 0) + 1);
        this.reindex(resource, undefined, obj);
      }
    }
    this.revision = s.revision;
    // the history is empty after a restore, so older resumes get 410 anyway (see eventsSince)
    this.compactedRevision = s.compactedRevision;
  }
}
