/**
 * The kubelet's Node: registration (labels, taints, pod CIDR, capacity, nodeInfo), the status
 * it computes every 10 s and posts on change or every 5 min (nodeStatusReportFrequency), and
 * the Lease `kube-node-lease/<node>` renewed every 10 s (`pkg/kubelet/nodestatus`,
 * `pkg/kubelet/nodelease`).
 */
import type { Lease, Node, NodeCondition, NodeStatus } from '../api/types';
import { ApiError } from '../api/errors';
import type { Machine } from '../infra/machines';
import { rfc3339Micro } from '../util/time';
import { deepEqual } from '../util/immutable';
import type { Host } from './host';
import type { NodeState } from './state';

export const LEASE_RENEW_MS = 10_000;
export const STATUS_REPORT_MS = 5 * 60_000;
export const KUBELET_VERSION = 'v1.32.2';
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';
/** kubeadm deploys kube-proxy at the cluster's version; like kind, every node has it preloaded */
export const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBELET_VERSION}`;

function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function nodeLabels(m: Machine): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': m.name,
    'kubernetes.io/os': 'linux',
  };
  if (m.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  if (m.zone) labels['topology.kubernetes.io/zone'] = m.zone;
  return { ...labels, ...m.labels };
}

export function nodeObject(m: Machine, ns: NodeState, h: Host): Node {
  const cidr = `${m.podNet}.0/24`;
  const spec: Record<string, unknown> = { podCIDR: cidr, podCIDRs: [cidr] };
  if (m.role === 'control-plane') spec.taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: m.name,
      labels: nodeLabels(m),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: nodeStatus(m, ns, h, undefined),
  } as Node;
}

function condition(type: string, status: string, reason: string, message: string, now: string, old?: NodeCondition[]): NodeCondition {
  const prev = old?.find((c) => c.type === type);
  return { type, status, lastHeartbeatTime: now, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, reason, message } as NodeCondition;
}

export function nodeStatus(m: Machine, ns: NodeState, h: Host, old: NodeStatus | undefined): NodeStatus {
  const now = h.ts(h.now());
  const memKi = Math.floor((m.memoryBytes * 0.975) / 1024);
  const cpu = cpuQuantity(m.cpuMillis);
  const images = Object.entries(ns.images)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 50)
    .map(([full, size]) => {
      const repo = full.replace(/[:@][^/]*$/, '');
      const r = h.resolve(full);
      return { names: [r.ok ? r.imageID : `${repo}@sha256:`, full], sizeBytes: size };
    });
  const c = old?.conditions;
  return {
    addresses: [
      { type: 'InternalIP', address: m.internalIP },
      { type: 'Hostname', address: m.name },
    ],
    allocatable: { cpu, 'ephemeral-storage': '94580335255', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi - 102400}Ki`, pods: String(m.maxPods) },
    capacity: { cpu, 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${memKi}Ki`, pods: String(m.maxPods) },
    conditions: [
      condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', now, c),
      condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', now, c),
      condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', now, c),
      condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now, c),
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    images,
    nodeInfo: {
      architecture: 'amd64',
      bootID: ns.bootID,
      containerRuntimeVersion: 'containerd://1.7.24',
      kernelVersion: '6.1.0-28-amd64',
      kubeProxyVersion: '',
      kubeletVersion: KUBELET_VERSION,
      machineID: ns.machineID,
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: ns.systemUUID,
    },
  } as NodeStatus;
}

/** The status without heartbeat times: what decides whether a post is needed. */
function essence(s: NodeStatus | undefined): unknown {
  if (!s) return undefined;
  return { ...s, conditions: s.conditions?.map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message })) };
}

/** Registers the Node (or, after a restart, refreshes it). Returns false if the API was unreachable. */
export function register(h: Host, m: Machine, ns: NodeState): boolean {
  if (!h.reachable(m.name)) return false;
  const client = h.client(m.name);
  try {
    const existing = h.store.get<Node>('nodes', '', m.name);
    if (!existing) client.create('nodes', undefined, nodeObject(m, ns, h));
    else client.updateStatus('nodes', undefined, { ...existing, status: nodeStatus(m, ns, h, existing.status) });
    ns.registered = true;
    ns.lastStatusPost = h.now();
    ns.statusDirty = false;
    renewLease(h, m, ns);
    return true;
  } catch {
    return false;
  }
}

/** Every 10 s: renew the lease; post the status if it changed or 5 min passed. */
export function heartbeat(h: Host, m: Machine, ns: NodeState): void {
  if (!h.reachable(m.name)) return;
  if (!ns.registered) {
    register(h, m, ns);
    return;
  }
  renewLease(h, m, ns);
  const node = h.store.get<Node>('nodes', '', m.name);
  if (!node) return; // deleted: the real kubelet only registers again when it restarts
  const now = h.now();
  if (!ns.statusDirty && now - ns.lastStatusPost < STATUS_REPORT_MS) return;
  const status = nodeStatus(m, ns, h, node.status);
  if (!deepEqual(essence(status), essence(node.status)) || now - ns.lastStatusPost >= STATUS_REPORT_MS) {
    try {
      h.client(m.name).updateStatus('nodes', undefined, { ...node, status });
      ns.lastStatusPost = now;
    } catch {
      return;
    }
  }
  ns.statusDirty = false;
}

export function renewLease(h: Host, m: Machine, ns: NodeState): void {
  const client = h.client(m.name);
  const renewTime = rfc3339Micro(h.abs(h.now()));
  try {
    const lease = h.store.get<Lease>('leases', 'kube-node-lease', m.name);
    if (lease) {
      client.update('leases', 'kube-node-lease', { ...lease, spec: { ...lease.spec, holderIdentity: m.name, leaseDurationSeconds: 40, renewTime } });
      return;
    }
    const node = h.store.get<Node>('nodes', '', m.name);
    client.create('leases', 'kube-node-lease', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: m.name,
        namespace: 'kube-node-lease',
        ownerReferences: node ? [{ apiVersion: 'v1', kind: 'Node', name: m.name, uid: node.metadata?.uid ?? '' }] : undefined,
      },
      spec: { holderIdentity: m.name, leaseDurationSeconds: 40, renewTime },
    });
  } catch (e) {
    if (!(e instanceof ApiError)) return;
  }
  void ns;
}
