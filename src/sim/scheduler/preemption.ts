/**
 * DefaultPreemption, the PostFilter (`framework/preemption/preemption.go`,
 * `plugins/defaultpreemption`). After a pod fits nowhere:
 * - nodes that failed for reasons evicting pods cannot fix (UnschedulableAndUnresolvable:
 *   taints, affinity, cordon) → `Preemption is not helpful for scheduling`;
 * - other nodes: remove every pod of lower priority; none there →
 *   `No preemption victims found for incoming pod`; still no fit → the filter's reasons;
 *   fits → a candidate, with victims reduced by reprieving the most important pods that can stay.
 * With no candidate the message is `preemption: 0/N nodes are available: …` (sorted counts as
 * in the FitError). With candidates the best node is picked (lowest highest-victim priority,
 * then lowest priority sum, then fewest victims) and the scheduler evicts the victims.
 * PodDisruptionBudgets are not considered (approximation).
 */
import type { Pod } from '../api/types';
import type { Store } from '../store/store';
import { fitErrorMessage } from './fiterror';
import type { CycleOutcome, Framework } from './framework';
import { isCountedPod, NodeInfo } from './nodeinfo';
import { specInfo, type PodInfo } from './podinfo';
import type { CycleState, FilterPlugin } from './types';

export const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export interface Candidate {
  node: string;
  victims: Pod[];
}

export interface PreemptionResult {
  /** the PostFilter message (`preemption: …`), empty when a candidate was found */
  message: string;
  candidate?: Candidate;
}

function clone(n: NodeInfo): NodeInfo {
  return Object.assign(Object.create(NodeInfo.prototype) as NodeInfo, n);
}

function priorityOf(p: Pod): number {
  return p.spec?.priority ?? 0;
}

export function preempt(pod: PodInfo, outcome: CycleOutcome, fw: Framework, store: Store, state: CycleState, active: readonly FilterPlugin[]): PreemptionResult {
  if (pod.spec.preemptNever) return { message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const counts = new Map<string, number>();
  const bump = (r: string, n = 1) => counts.set(r, (counts.get(r) ?? 0) + n);
  if (outcome.preFilterMsg) {
    bump(NOT_HELPFUL, outcome.nodesTotal);
    return { message: `preemption: ${fitErrorMessage(outcome.nodesTotal, counts)}` };
  }
  const unresolvable = outcome.nodesTotal - outcome.resolvable.length;
  if (unresolvable > 0) bump(NOT_HELPFUL, unresolvable);
  const candidates: Array<Candidate & { top: number; sum: number }> = [];
  for (const { node } of outcome.resolvable) {
    const lower = store.podsOn<Pod>(node.name).filter((p) => isCountedPod(p) && priorityOf(p) < pod.spec.priority);
    if (!lower.length) {
      bump(NO_VICTIMS);
      continue;
    }
    const trial = clone(node);
    for (const v of lower) trial.add(specInfo(v), -1);
    const still = fw.runFilters(pod, trial, state, active);
    if (still) {
      for (const r of still.status.reasons) bump(r);
      continue;
    }
    // reprieve: put back the most important pods first while the preemptor still fits
    const victims: Pod[] = [];
    const byImportance = [...lower].sort((a, b) => priorityOf(b) - priorityOf(a));
    for (const v of byImportance) {
      trial.add(specInfo(v), 1);
      if (fw.runFilters(pod, trial, state, active)) {
        trial.add(specInfo(v), -1);
        victims.push(v);
      }
    }
    const top = Math.max(...victims.map(priorityOf));
    const sum = victims.reduce((s, v) => s + priorityOf(v), 0);
    candidates.push({ node: node.name, victims, top, sum });
  }
  if (!candidates.length) return { message: `preemption: ${fitErrorMessage(outcome.nodesTotal, counts)}` };
  candidates.sort((a, b) => a.top - b.top || a.sum - b.sum || a.victims.length - b.victims.length);
  const best = candidates[0];
  return { message: '', candidate: { node: best.node, victims: best.victims } };
}
