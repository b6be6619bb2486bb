/**
 * NodeResourcesBalancedAllocation (`plugins/noderesources/balanced_allocation.go`), weight 1:
 * prefers nodes whose cpu and memory would be used in equal fractions after placing the pod —
 * `(1 − |cpuFraction − memFraction| / 2) × 100`, fractions of allocatable from actual requests,
 * capped at 1. Skipped for pods that request nothing (BestEffort).
 */
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { type ScorePlugin } from '../types';

// a module-local copy: imported bindings cost a getter call per use under some loaders (tsx)
const MAX_SCORE = 100;

export class NodeResourcesBalancedAllocation implements ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  readonly weight = 1;

  preScore(pod: PodInfo): 'skip' | void {
    if (pod.spec.cpu === 0 && pod.spec.memory === 0) return 'skip';
  }

  score(pod: PodInfo, node: NodeInfo): number {
    if (node.allocCpu <= 0 || node.allocMemory <= 0) return MAX_SCORE; // one fraction or none: std 0
    const c = Math.min(1, (node.reqCpu + pod.spec.cpu) / node.allocCpu);
    const m = Math.min(1, (node.reqMemory + pod.spec.memory) / node.allocMemory);
    const std = Math.abs((c - m) / 2);
    return Math.trunc((1 - std) * MAX_SCORE);
  }
}
