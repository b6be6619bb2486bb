/** `printNode`: STATUS from the Ready condition (+ `SchedulingDisabled`), ROLES from labels. */
import type { Node } from '../../sim/api/types';
import { since } from './duration';
import { AGE_DESCRIPTION } from './pods';
import { col, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

export const NODE_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Status', 'string', 0, 'The status of the node'),
  col('Roles', 'string', 0, 'The roles of the node'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  col('Version', 'string', 0, 'Kubelet Version reported by the node.'),
  col('Internal-IP', 'string', 1, 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses'),
  col('External-IP', 'string', 1, 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses'),
  col('OS-Image', 'string', 1, 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
  col('Kernel-Version', 'string', 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
  col('Container-Runtime', 'string', 1, 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
];

export function nodeStatus(n: Node): string {
  const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (n.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

/** `findNodeRoles`: `node-role.kubernetes.io/<role>` labels and `kubernetes.io/role`, sorted. */
export function nodeRoles(n: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(n.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

function address(n: Node, type: string): string {
  return (n.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export function nodeRow(n: Node, o: PrintOptions): TableRow {
  const roles = nodeRoles(n).join(',') || '<none>';
  const info = n.status?.nodeInfo;
  const cells: (string | number)[] = [n.metadata?.name ?? '', nodeStatus(n), roles, since(n.metadata?.creationTimestamp, o.nowMs), info?.kubeletVersion ?? ''];
  if (o.wide) cells.push(address(n, 'InternalIP'), address(n, 'ExternalIP'), info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>', info?.containerRuntimeVersion || '<unknown>');
  return { cells, object: n };
}
