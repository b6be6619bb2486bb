/**
 * Taints and tolerations as the node controllers use them (`pkg/util/taints`,
 * `pkg/controller/controller_utils.go` AddOrUpdateTaintOnNode/RemoveTaintOffNode,
 * `v1.Toleration.ToleratesTaint`, `v1helper.GetMatchingTolerations`).
 */
import { ApiError } from '../api/errors';
import type { Node, Taint, Toleration } from '../api/types';
import type { ApiClient } from '../apiserver/client';
import type { Store } from '../store/store';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/** Same key and effect (`Taint.MatchTaint`). */
export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function hasTaint(taints: readonly Taint[] | undefined, t: Taint): boolean {
  return !!taints?.some((x) => matchTaint(x, t));
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.code === 404;
}

/**
 * Adds each taint, replacing one with the same key and effect unless identical (so re-adding
 * with a new timeAdded moves it). Returns false if the node could not be written.
 */
export function addOrUpdateTaints(client: ApiClient, store: Store, nodeName: string, taints: Taint[]): boolean {
  if (!taints.length) return true;
  const node = store.get<Node>('nodes', '', nodeName);
  if (!node) return false;
  let list = node.spec?.taints ?? [];
  let changed = false;
  for (const t of taints) {
    const i = list.findIndex((x) => matchTaint(x, t));
    if (i >= 0 && sameTaint(list[i], t)) continue;
    list = i >= 0 ? list.map((x, j) => (j === i ? t : x)) : [...list, t];
    changed = true;
  }
  if (!changed) return true;
  try {
    client.update('nodes', undefined, { ...node, spec: { ...node.spec, taints: list } });
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Removes taints matching key and effect; no write when none is there. */
export function removeTaints(client: ApiClient, store: Store, nodeName: string, taints: Taint[]): boolean {
  if (!taints.length) return true;
  const node = store.get<Node>('nodes', '', nodeName);
  if (!node) return true;
  const old = node.spec?.taints ?? [];
  const kept = old.filter((x) => !taints.some((t) => matchTaint(x, t)));
  if (kept.length === old.length) return true;
  const spec = { ...node.spec };
  if (kept.length) spec.taints = kept;
  else delete spec.taints; // an empty list is omitted, as Go's omitempty does
  try {
    client.update('nodes', undefined, { ...node, spec });
    return true;
  } catch (e) {
    if (isNotFound(e)) return true;
    throw e;
  }
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '') && (a.timeAdded ?? '') === (b.timeAdded ?? '');
}

/** `Toleration.ToleratesTaint`: empty effect or key match all; operator '' means Equal. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether every taint is tolerated, and the first toleration used for each. */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): [boolean, Toleration[]] {
  if (!taints.length) return [true, []];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return [false, []];
    used.push(t);
  }
  return [true, used];
}

/** `getMinTolerationTime`: ms; 0 with no tolerations or any ≤ 0; -1 = tolerated forever. */
export function minTolerationMs(tolerations: readonly Toleration[]): number {
  if (!tolerations.length) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}
