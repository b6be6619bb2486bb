/**
 * NodeName (`plugins/nodename`): a pod that names a node fits only there. Pods created with
 * `spec.nodeName` never reach the scheduler at all; the filter is here for completeness and
 * for the decision record.
 */
import type { NodeInfo } from '../nodeinfo';
import type { PodInfo } from '../podinfo';
import { status, type FilterPlugin, type Status } from '../types';

export const REASON_NODE_NAME = "node(s) didn't match the requested node name";
const MISMATCH = status('UnschedulableAndUnresolvable', REASON_NODE_NAME);

export class NodeName implements FilterPlugin {
  readonly name = 'NodeName';

  preFilter(pod: PodInfo): 'skip' | void {
    if (!pod.pod.spec?.nodeName) return 'skip';
  }

  filter(pod: PodInfo, node: NodeInfo): Status | null {
    return pod.pod.spec?.nodeName === node.name ? null : MISMATCH;
  }
}
