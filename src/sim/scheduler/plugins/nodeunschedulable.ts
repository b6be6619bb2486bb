/**
 * NodeUnschedulable (`plugins/nodeunschedulable`): a cordoned node (`spec.unschedulable`) takes
 * no new pods unless the pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`.
 * Runs before TaintToleration, so a cordoned node is counted as "were unschedulable", not as
 * having the unschedulable taint.
 */
import type { NodeInfo } from '../nodeinfo';
import { tolerates, type PodInfo } from '../podinfo';
import { status, type FilterPlugin, type Status } from '../types';

export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE = status('UnschedulableAndUnresolvable', REASON_UNSCHEDULABLE);
const TAINT_KEY = 'node.kubernetes.io/unschedulable';

export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';

  filter(pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    for (const t of pod.spec.tolerations) if (tolerates(t, TAINT_KEY, '', 'NoSchedule')) return null;
    return UNSCHEDULABLE;
  }
}
