/**
 * NodeResourcesFit (`plugins/noderesources/fit.go`).
 * Filter: the pod's requests (not actual usage) must fit in allocatable minus what the pods on
 * the node request, and one more pod must fit under `allocatable.pods` (kubelet maxPods, 110 by
 * default) — reasons `Too many pods`, `Insufficient cpu`, `Insufficient memory`, all that apply.
 * Score (weight 1), strategy LeastAllocated with cpu and memory weighted 1: the average of
 * `(allocatable − requested) × 100 / allocatable`, where requested counts containers without
 * requests as 100m / 200Mi so that empty pods still spread.
 */
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type FilterPlugin, type ScorePlugin, type Status } from '../types';

// a module-local copy: imported bindings cost a getter call per use under some loaders (tsx)
const MAX_SCORE = 100;

export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_CPU = 'Insufficient cpu';
export const REASON_MEMORY = 'Insufficient memory';

// every combination, built once: bit 1 = pods, 2 = cpu, 4 = memory
const COMBOS: Status[] = [];
for (let bits = 1; bits < 8; bits++) {
  const reasons: string[] = [];
  if (bits & 1) reasons.push(REASON_TOO_MANY_PODS);
  if (bits & 2) reasons.push(REASON_CPU);
  if (bits & 4) reasons.push(REASON_MEMORY);
  COMBOS[bits] = status('Unschedulable', ...reasons);
}

/** Which resources are short on this node for this pod (0 = it fits); bits as above. */
export function insufficient(pod: PodInfo, node: NodeInfo): number {
  let bits = 0;
  if (node.podCount + 1 > node.allocPods) bits |= 1;
  const s = pod.spec;
  if (s.cpu > 0 && s.cpu > node.allocCpu - node.reqCpu) bits |= 2;
  if (s.memory > 0 && s.memory > node.allocMemory - node.reqMemory) bits |= 4;
  return bits;
}

export function fitStatus(bits: number): Status | null {
  return bits ? COMBOS[bits] : null;
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_SCORE) / capacity);
}

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';
  readonly weight = 1;

  filter(pod: PodInfo, node: NodeInfo): Status | null {
    const bits = insufficient(pod, node);
    return bits ? COMBOS[bits] : null;
  }

  score(pod: PodInfo, node: NodeInfo): number {
    let sum = 0;
    let weights = 0;
    if (node.allocCpu > 0) {
      sum += leastRequested(node.nonZeroCpu + pod.spec.nonZeroCpu, node.allocCpu);
      weights++;
    }
    if (node.allocMemory > 0) {
      sum += leastRequested(node.nonZeroMemory + pod.spec.nonZeroMemory, node.allocMemory);
      weights++;
    }
    return weights ? Math.trunc(sum / weights) : 0;
  }
}
