/**
 * Test helpers: Node objects as a kubelet would register them, so the scheduler's tests do not
 * depend on the kubelet. Used only by tests.
 */
import type { Node, Taint } from '../api/types';
import type { Cluster } from '../cluster';

export interface TestNodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: Array<{ names: string[]; sizeBytes: number }>;
}

export function testNode(name: string, o: TestNodeOptions = {}): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...o.labels } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { capacity: allocatable, allocatable, ...(o.images ? { images: o.images } : {}) },
  };
}

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

export function addNodes(c: Cluster, nodes: Node[]): void {
  for (const n of nodes) c.api.create('nodes', undefined, n);
  c.settle();
}
