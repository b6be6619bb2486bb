/**
 * Running counts of each ReplicaSet's pods, kept from pod watch events, so that the common
 * reconcile — a pod of a big ReplicaSet changed status and nothing needs creating or deleting —
 * costs O(1) instead of a walk over every pod the ReplicaSet owns.
 *
 * A tally counts what `claimPods` would keep: pods whose controller is the RS (same namespace),
 * active, matching its selector; of those, the ones carrying every template label and the
 * Ready ones. `mismatched` counts owned active pods whose labels no longer match (they must be
 * released, which the full reconcile does).
 *
 * Built lazily from the store's owner index; the store revision at build time tells which
 * later-delivered events the build already saw. Not part of snapshots: rebuilt on demand.
 */
import { selectorMatches } from '../api/labels';
import { controllerOf, isPodActive, isPodReady } from '../api/podutil';
import type { KObject, Pod, ReplicaSet } from '../api/types';
import type { Store } from '../store/store';

export interface Tally {
  active: number;
  fullyLabeled: number;
  ready: number;
  mismatched: number;
  /** the store revision the tally was built at: events up to it are already counted */
  builtAt: number;
  /** the selector and template labels the counts were made with */
  selector: unknown;
  templateLabels: unknown;
}

function hasLabels(pod: Pod, want: Readonly<Record<string, string>> | undefined): boolean {
  const labels = pod.metadata?.labels;
  if (!want || labels === want) return true;
  for (const k in want) if (labels?.[k] !== want[k]) return false;
  return true;
}

function add(t: Tally, rs: ReplicaSet, pod: Pod, sign: 1 | -1): void {
  if (!isPodActive(pod)) return;
  if (!selectorMatches(rs.spec?.selector, pod.metadata?.labels)) {
    t.mismatched += sign;
    return;
  }
  t.active += sign;
  if (hasLabels(pod, rs.spec?.template?.metadata?.labels)) t.fullyLabeled += sign;
  if (isPodReady(pod)) t.ready += sign;
}

export class ReplicaSetTallies {
  private byRS = new Map<string, Tally>();

  constructor(private readonly store: Store) {}

  /** The tally of `rs`, built from the store if there is none (or its rules changed). */
  get(rs: ReplicaSet): Tally {
    const uid = rs.metadata?.uid ?? '';
    const cur = this.byRS.get(uid);
    if (cur && cur.selector === rs.spec?.selector && cur.templateLabels === rs.spec?.template?.metadata?.labels) return cur;
    const t: Tally = { active: 0, fullyLabeled: 0, ready: 0, mismatched: 0, builtAt: this.store.revision, selector: rs.spec?.selector, templateLabels: rs.spec?.template?.metadata?.labels };
    const ns = rs.metadata?.namespace;
    for (const p of this.store.dependents<Pod>(uid)) {
      if (p.kind === 'Pod' && p.metadata?.namespace === ns && controllerOf(p)?.uid === uid) add(t, rs, p, 1);
    }
    this.byRS.set(uid, t);
    return t;
  }

  /** A pod watch event: move its contribution from the old owner/state to the new. */
  onPod(rv: number, old: KObject | undefined, cur: KObject | undefined): void {
    if (old) this.apply(rv, old as Pod, -1);
    if (cur) this.apply(rv, cur as Pod, 1);
  }

  drop(rsUid: string): void {
    this.byRS.delete(rsUid);
  }

  clear(): void {
    this.byRS.clear();
  }

  private apply(rv: number, pod: Pod, sign: 1 | -1): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const t = this.byRS.get(ref.uid);
    if (!t || rv <= t.builtAt) return;
    const rs = this.store.byUID<ReplicaSet>(ref.uid);
    if (!rs || rs.metadata?.namespace !== pod.metadata?.namespace) return;
    if (t.selector !== rs.spec?.selector || t.templateLabels !== rs.spec?.template?.metadata?.labels) {
      // the RS changed its rules since: recount on the next `get`
      this.byRS.delete(ref.uid);
      return;
    }
    add(t, rs, pod, sign);
  }
}
