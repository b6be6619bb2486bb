/**
 * The shapes the scheduling framework passes around (`pkg/scheduler/framework/interface.go`,
 * `types.go`): a status from a filter, the plugin interfaces, and the per-cycle state.
 *
 * Plugins are called once per node in the hot loop (hundreds of nodes per pod, 150,000 pods in
 * the benchmark), so a failing filter returns a shared, pre-built `Status` rather than a new
 * object, and passing returns `null`.
 */
import type { NodeInfo } from './nodeinfo';
import type { PodInfo } from './podinfo';

/**
 * `Unschedulable`: preemption might help on this node (resources, ports).
 * `UnschedulableAndUnresolvable`: no amount of evicting pods helps (taints, affinity, cordon).
 */
export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

export interface Status {
  readonly code: Code;
  /** reasons as counted in the FailedScheduling message, e.g. `Insufficient cpu` */
  readonly reasons: readonly string[];
}

export function status(code: Code, ...reasons: string[]): Status {
  return Object.freeze({ code, reasons: Object.freeze(reasons) });
}

/** Data plugins compute in PreFilter/PreScore and read per node. One per scheduling cycle. */
export type CycleState = Record<string, unknown>;

/**
 * `framework.PreFilterResult`: the pod can only go to these nodes, so the cycle filters just
 * them (NodeAffinity's `metadata.name` fields: every DaemonSet pod) — one node instead of all.
 */
export interface PreFilterResult {
  readonly nodeNames: readonly string[];
}

export interface FilterPlugin {
  readonly name: string;
  /**
   * Once per pod. Return `'skip'` when the plugin has nothing to check for this pod (the real
   * PreFilter's Skip status): its Filter is then not called at all — which is what keeps simple
   * pods fast. A Status rejects the pod on every node (a PreFilter failure).
   */
  preFilter?(pod: PodInfo, state: CycleState, nodes: readonly NodeInfo[]): 'skip' | Status | PreFilterResult | void;
  /** `null` = the node passes. */
  filter(pod: PodInfo, node: NodeInfo, state: CycleState): Status | null;
}

export interface ScorePlugin {
  readonly name: string;
  readonly weight: number;
  /** Once per pod with the feasible nodes; `'skip'` drops the plugin from this cycle's scores. */
  preScore?(pod: PodInfo, state: CycleState, nodes: readonly NodeInfo[], count: number): 'skip' | void;
  /** Raw score of one node (normalised afterwards if the plugin has `normalize`). */
  score(pod: PodInfo, node: NodeInfo, state: CycleState): number;
  /** Rescales `scores[0..count)` in place to 0–100. */
  normalize?(scores: Float64Array, count: number, state: CycleState, nodes: readonly NodeInfo[]): void;
}

export const MAX_NODE_SCORE = 100;

/**
 * `DefaultNormalizeScore` (`plugins/helper/normalize_score.go`): scale to 0–100 by the maximum;
 * `reverse` flips it (fewer untolerated PreferNoSchedule taints = better).
 */
export function defaultNormalize(scores: Float64Array, count: number, reverse: boolean): void {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[i] > max) max = scores[i];
  if (max === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = MAX_NODE_SCORE;
    return;
  }
  for (let i = 0; i < count; i++) {
    let s = Math.trunc((MAX_NODE_SCORE * scores[i]) / max);
    if (reverse) s = MAX_NODE_SCORE - s;
    scores[i] = s;
  }
}
