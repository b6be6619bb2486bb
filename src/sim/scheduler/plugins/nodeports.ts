/**
 * NodePorts (`plugins/nodeports`): a pod asking for a hostPort fits only where no pod already
 * holds the same protocol and port on an overlapping host IP (`0.0.0.0` overlaps every IP).
 * Unschedulable (not unresolvable): evicting the pod holding the port would help.
 */
import type { NodeInfo } from '../nodeinfo';
import type { HostPort, PodInfo } from '../podinfo';
import { status, type FilterPlugin, type Status } from '../types';

export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const CONFLICT = status('Unschedulable', REASON_NODE_PORTS);

export function portsConflict(want: readonly HostPort[], used: readonly HostPort[] | null): boolean {
  if (!used) return false;
  for (const w of want) {
    for (const u of used) {
      if (u.port === w.port && u.protocol === w.protocol && (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0')) return true;
    }
  }
  return false;
}

export class NodePorts implements FilterPlugin {
  readonly name = 'NodePorts';

  preFilter(pod: PodInfo): 'skip' | void {
    if (!pod.spec.hostPorts) return 'skip';
  }

  filter(pod: PodInfo, node: NodeInfo): Status | null {
    return portsConflict(pod.spec.hostPorts!, node.usedPorts) ? CONFLICT : null;
  }
}
