/**
 * The scheduler's cache (`pkg/scheduler/backend/cache`): one NodeInfo per node with what the pods
 * bound to it request, kept incrementally from watch events — never recomputed by scanning.
 *
 * "Assumed" pods: after a successful bind the pod is counted on its node at once, because the
 * next pod may be scheduled before the watch event of the bind is delivered. The cache remembers
 * for every counted pod the NodeInfo it was counted on (`counted`), so applying the later event —
 * or any event twice — is idempotent: an event only moves the pod between "counted on node X"
 * and "not counted".
 *
 * Terminal pods (Succeeded/Failed) no longer hold resources and are not counted; terminating
 * ones (deletionTimestamp set) still are until their object is gone.
 */
import type { Node, Pod } from '../api/types';
import { bytes, cpuMillis } from '../api/quantity';
import { specInfo, type HostPort, type SpecInfo } from './podinfo';

export interface ParsedTaint {
  key: string;
  value: string;
  effect: string;
}

export class NodeInfo {
  node: Node | null = null;
  name: string;
  labels: Readonly<Record<string, string>> = {};
  unschedulable = false;
  /** NoSchedule and NoExecute taints: the ones the filter checks */
  hardTaints: ParsedTaint[] = [];
  preferNoSchedule: ParsedTaint[] = [];
  allocCpu = 0;
  allocMemory = 0;
  allocPods = 0;
  reqCpu = 0;
  reqMemory = 0;
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  podCount = 0;
  usedPorts: HostPort[] | null = null;
  /** image name (as pods name it) → size in bytes, from status.images */
  images: Map<string, number> | null = null;
  /** position in the cache's node list, -1 when the Node object is gone */
  index = -1;

  constructor(name: string) {
    this.name = name;
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata?.labels ?? {};
    this.unschedulable = !!node.spec?.unschedulable;
    this.hardTaints = [];
    this.preferNoSchedule = [];
    for (const t of node.spec?.taints ?? []) {
      const p = { key: t.key, value: t.value ?? '', effect: t.effect };
      if (t.effect === 'PreferNoSchedule') this.preferNoSchedule.push(p);
      else this.hardTaints.push(p);
    }
    const a = node.status?.allocatable ?? {};
    this.allocCpu = cpuMillis(a.cpu);
    this.allocMemory = bytes(a.memory);
    this.allocPods = bytes(a.pods);
    const imgs = node.status?.images;
    let next: Map<string, number> | null = null;
    if (imgs?.length) {
      next = new Map();
      for (const img of imgs) for (const n of img.names ?? []) next.set(normalizeImage(n), img.sizeBytes ?? 0);
    }
    if (!sameImages(this.images, next)) imageStates.version++;
    this.images = next;
  }

  add(s: SpecInfo, sign: 1 | -1): void {
    this.reqCpu += sign * s.cpu;
    this.reqMemory += sign * s.memory;
    this.nonZeroCpu += sign * s.nonZeroCpu;
    this.nonZeroMemory += sign * s.nonZeroMemory;
    this.podCount += sign;
    if (s.hostPorts) {
      if (sign > 0) this.usedPorts = [...(this.usedPorts ?? []), ...s.hostPorts];
      else if (this.usedPorts) {
        const left = [...this.usedPorts];
        for (const p of s.hostPorts) {
          const i = left.findIndex((u) => u.ip === p.ip && u.protocol === p.protocol && u.port === p.port);
          if (i >= 0) left.splice(i, 1);
        }
        this.usedPorts = left.length ? left : null;
      }
    }
  }
}

/** `nginx` and `docker.io/library/nginx:latest` are the same image for ImageLocality. */
export function normalizeImage(name: string): string {
  let n = name.split('@')[0];
  const lastSlash = n.lastIndexOf('/');
  if (n.lastIndexOf(':') <= lastSlash) n += ':latest';
  if (n.startsWith('docker.io/library/')) n = n.slice('docker.io/library/'.length);
  else if (n.startsWith('docker.io/')) n = n.slice('docker.io/'.length);
  return n;
}

export function isCountedPod(pod: Pod | undefined): pod is Pod {
  if (!pod?.spec?.nodeName) return false;
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export class SchedulerCache {
  /** nodes that exist, in the order they were added (the order the scheduler scans them) */
  readonly list: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  /** pod uid → the NodeInfo it is counted on */
  private readonly counted = new Map<string, NodeInfo>();

  get nodeCount(): number {
    return this.list.length;
  }

  node(name: string): NodeInfo | undefined {
    const ni = this.byName.get(name);
    return ni && ni.index >= 0 ? ni : undefined;
  }

  clear(): void {
    this.list.length = 0;
    this.byName.clear();
    this.counted.clear();
  }

  upsertNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? '';
    let ni = this.byName.get(name);
    if (!ni) this.byName.set(name, (ni = new NodeInfo(name)));
    ni.setNode(node);
    if (ni.index < 0) {
      ni.index = this.list.length;
      this.list.push(ni);
    }
    return ni;
  }

  removeNode(name: string): void {
    const ni = this.byName.get(name);
    if (!ni || ni.index < 0) return;
    this.list.splice(ni.index, 1);
    for (let i = ni.index; i < this.list.length; i++) this.list[i].index = i;
    ni.index = -1;
    ni.node = null;
    // pods still bound to it stay counted on the ghost entry, as the real cache keeps them, so
    // a node that re-registers under the same name comes back with its pods
    if (ni.podCount === 0) this.byName.delete(name);
  }

  /** Brings the pod's accounting in line with `pod` (undefined = deleted). Idempotent. */
  updatePod(uid: string, pod: Pod | undefined, last?: Pod): void {
    const was = this.counted.get(uid);
    const node = isCountedPod(pod) ? pod.spec!.nodeName! : undefined;
    if (was && was.name === node) return;
    if (was) {
      was.add(specInfo((last ?? pod)!), -1);
      this.counted.delete(uid);
      if (was.index < 0 && was.podCount === 0) this.byName.delete(was.name);
    }
    if (node && pod) {
      let ni = this.byName.get(node);
      if (!ni) this.byName.set(node, (ni = new NodeInfo(node)));
      ni.add(specInfo(pod), 1);
      this.counted.set(uid, ni);
    }
  }

  /** Counts a pod the scheduler just bound, before its watch event arrives. */
  assume(uid: string, spec: SpecInfo, nodeName: string): void {
    if (this.counted.has(uid)) return;
    let ni = this.byName.get(nodeName);
    if (!ni) this.byName.set(nodeName, (ni = new NodeInfo(nodeName)));
    ni.add(spec, 1);
    this.counted.set(uid, ni);
  }

  /** Takes back an assumption (the bind failed). */
  forget(uid: string, spec: SpecInfo): void {
    const ni = this.counted.get(uid);
    if (!ni) return;
    ni.add(spec, -1);
    this.counted.delete(uid);
  }

  isCounted(uid: string): boolean {
    return this.counted.has(uid);
  }
}

/**
 * Bumped whenever any node's image list changes, so ImageLocality can keep its per-image node
 * counts (the real cache's ImageStates.NumNodes) instead of recounting every node for every pod.
 */
export const imageStates = { version: 0 };

function sameImages(a: Map<string, number> | null, b: Map<string, number> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
