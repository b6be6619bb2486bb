/**
 * Which pods each selector-bearing Service selects, kept up to date from watch events so a pod
 * change costs O(Services in its namespace) and a reconcile costs O(its pods) — never a scan of
 * every pod. Rebuilt from the store after a restore or restart (it is a cache, not state).
 */
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { mapMatches } from '../api/labels';
import type { Store, StoreEvent } from '../store/store';

export type Changed = (serviceKey: string) => void;

export class ServicePodIndex {
  /** service key → its selector (only Services with a non-empty selector) */
  private selectors = new Map<string, Readonly<Record<string, string>>>();
  /** namespace → keys of its selector Services */
  private byNamespace = new Map<string, Set<string>>();
  /** service key → uids of the pods it selects */
  private members = new Map<string, Set<string>>();

  constructor(
    private readonly store: Store,
    private readonly changed: Changed,
  ) {
    store.subscribe('services', (e) => this.onService(e));
    store.subscribe('pods', (e) => this.onPod(e));
  }

  /** The pods a Service selects, sorted by name (stable across restores). */
  podsOf(key: string): Pod[] {
    const set = this.members.get(key);
    if (!set) return [];
    const out: Pod[] = [];
    for (const uid of set) {
      const p = this.store.byUID<Pod>(uid);
      if (p) out.push(p);
    }
    return out.sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0));
  }

  rebuild(): void {
    this.selectors.clear();
    this.byNamespace.clear();
    this.members.clear();
    for (const s of this.store.iterate<Service>('services')) this.track(s);
  }

  keys(): IterableIterator<string> {
    return this.selectors.keys();
  }

  private track(s: Service): void {
    const key = `${s.metadata?.namespace}/${s.metadata?.name}`;
    const sel = s.spec?.selector;
    const ns = s.metadata?.namespace ?? '';
    if (!sel || !Object.keys(sel).length || s.spec?.type === 'ExternalName') {
      this.untrack(key, ns);
      return;
    }
    const prev = this.selectors.get(key);
    if (prev && sameMap(prev, sel)) return;
    this.selectors.set(key, sel);
    let set = this.byNamespace.get(ns);
    if (!set) this.byNamespace.set(ns, (set = new Set()));
    set.add(key);
    const members = new Set<string>();
    for (const p of this.store.iterate<Pod>('pods', ns)) if (mapMatches(sel, p.metadata?.labels)) members.add(p.metadata!.uid!);
    this.members.set(key, members);
  }

  private untrack(key: string, ns: string): void {
    this.selectors.delete(key);
    this.byNamespace.get(ns)?.delete(key);
    this.members.delete(key);
  }

  private onService(e: StoreEvent): void {
    const s = e.object as Service;
    const key = `${s.metadata?.namespace}/${s.metadata?.name}`;
    if (e.type === 'DELETED') this.untrack(key, s.metadata?.namespace ?? '');
    else this.track(s);
    this.changed(key);
  }

  private onPod(e: StoreEvent): void {
    const pod = e.object as Pod;
    const keys = this.byNamespace.get(pod.metadata?.namespace ?? '');
    if (!keys?.size) return;
    const uid = pod.metadata!.uid!;
    const old = e.old as Pod | undefined;
    for (const key of keys) {
      const sel = this.selectors.get(key)!;
      const now = e.type !== 'DELETED' && mapMatches(sel, pod.metadata?.labels);
      const was = !!old && mapMatches(sel, old.metadata?.labels);
      if (!now && !was) continue;
      const set = this.members.get(key)!;
      if (now) set.add(uid);
      else set.delete(uid);
      // a pod that stays selected matters only when what endpoints show of it changed
      if (now && was && old && !endpointRelevantChange(old, pod)) continue;
      this.changed(key);
    }
  }
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/** IP, readiness, phase, node, deletion, ports or hostname changed (not just any status write). */
function endpointRelevantChange(a: Pod, b: Pod): boolean {
  if (a.status?.podIP !== b.status?.podIP || a.status?.phase !== b.status?.phase) return true;
  if (a.spec !== b.spec || a.metadata?.deletionTimestamp !== b.metadata?.deletionTimestamp) return true;
  const ra = a.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const rb = b.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return ra !== rb;
}
