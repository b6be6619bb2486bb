/**
 * metrics-server: CPU and memory of every pod, container and node at a 15 s resolution, in the
 * shapes of `metrics.k8s.io/v1beta1` (PodMetrics, NodeMetrics) — what `kubectl top` prints and
 * what the HorizontalPodAutoscaler reads.
 *
 * Usage of a pod = what its containers' programs use (the kubelet's `usage(uid)`) + the CPU the
 * traffic component's requests cost it (`podLoad(uid)`, zero when absent) — or, for lessons
 * and tests, a synthetic CPU figure set with `setSyntheticLoad(uid, millicores)`. Node usage =
 * the sum over its pods + the system's own overhead (kubelet, containerd, OS).
 *
 * Scrapes are lazy but aligned: a value is read at most once per 15 s window and stamped with
 * the window's start, so asking twice within a window gives the same answer and nobody pays
 * for 150,000 pods that no one looks at. The cache is plain JSON and part of the snapshot.
 */
import { cpuMillis as parseCpu } from '../api/quantity';
import type { Node, Pod } from '../api/types';
import { staticPodUsage } from '../kubelet/staticpods';
import type { Component } from '../component';
import type { ClusterContext } from '../context';
import { rfc3339 } from '../util/time';

export const RESOLUTION_MS = 15_000;
/** what the node's system daemons use besides the pods */
export const SYSTEM_OVERHEAD = { cpuMillis: 120, memoryBytes: 600 * 1024 * 1024 };

export interface ContainerMetrics {
  name: string;
  usage: { cpu: string; memory: string };
}
export interface PodMetrics {
  kind: 'PodMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  containers: ContainerMetrics[];
}
export interface NodeMetrics {
  kind: 'NodeMetrics';
  apiVersion: 'metrics.k8s.io/v1beta1';
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> };
  timestamp: string;
  window: string;
  usage: { cpu: string; memory: string };
}

/** One scraped sample of a pod: per container millicores and bytes. */
export interface PodSample {
  at: number;
  containers: { name: string; cpuMillis: number; memoryBytes: number }[];
}

interface UsageSource {
  usage?(uid: string): { name: string; cpuMillis: number; memoryBytes: number }[];
}
interface LoadSource {
  podLoad?(uid: string): { rps: number; cpuMillis: number } | undefined;
}

const cpuText = (m: number) => `${Math.round(m * 1e6)}n`;
const memText = (b: number) => `${Math.round(b / 1024)}Ki`;

export class MetricsServer implements Component {
  readonly name = 'metrics-server';
  readonly process = 'always';
  /** pod uid → millicores its first container burns (tests and lessons) */
  private synthetic = new Map<string, number>();
  /** pod uid → last sample (kept for the current window) */
  private samples = new Map<string, PodSample>();
  private window = -1;

  constructor(readonly ctx: ClusterContext) {}

  process_(): boolean {
    return false;
  }

  /** Makes the pod's first container use exactly `millicores` of CPU (undefined: back to normal). */
  setSyntheticLoad(podUid: string, millicores: number | undefined): void {
    if (millicores === undefined) this.synthetic.delete(podUid);
    else this.synthetic.set(podUid, millicores);
    // the next scrape sees it; the current window keeps what it already reported
  }

  /** The other components, found by name on the cluster (the context is the cluster). */
  private peer<T>(name: string): T | undefined {
    const comps = (this.ctx as unknown as { components?: Component[] }).components;
    return comps?.find((c) => c.name === name) as T | undefined;
  }

  private windowStart(): number {
    return Math.floor(this.ctx.clock.now / RESOLUTION_MS) * RESOLUTION_MS;
  }

  /** The sample of a running pod in the current window, or undefined (not running, no data yet). */
  sample(pod: Pod): PodSample | undefined {
    const start = this.windowStart();
    if (start !== this.window) {
      this.window = start;
      this.samples.clear();
    }
    const uid = pod.metadata?.uid ?? '';
    const cached = this.samples.get(uid);
    if (cached) return cached;
    if (pod.status?.phase !== 'Running' || !pod.spec?.nodeName) return undefined;
    const statics = staticPodUsage(pod);
    let containers = statics ?? this.peer<UsageSource>('kubelet')?.usage?.(uid) ?? [];
    if (!containers.length) return undefined;
    const load = this.peer<LoadSource>('traffic')?.podLoad?.(uid)?.cpuMillis ?? 0;
    const synthetic = this.synthetic.get(uid);
    if (load || synthetic !== undefined) {
      const first = containers[0];
      let cpu = synthetic ?? first.cpuMillis + load;
      const spec = pod.spec.containers?.find((c) => c.name === first.name);
      const limit = spec?.resources?.limits?.cpu;
      // CFS quota: a container never uses more than its limit
      if (limit !== undefined) cpu = Math.min(cpu, parseCpu(limit as string));
      containers = [{ ...first, cpuMillis: cpu }, ...containers.slice(1)];
    }
    const s: PodSample = { at: start, containers: containers.map((c) => ({ name: c.name, cpuMillis: c.cpuMillis, memoryBytes: c.memoryBytes })) };
    this.samples.set(uid, s);
    return s;
  }

  /** CPU millicores of the whole pod in the current window (undefined: no metrics). */
  podCpuMillis(pod: Pod): number | undefined {
    const s = this.sample(pod);
    return s ? s.containers.reduce((a, c) => a + c.cpuMillis, 0) : undefined;
  }

  /** `kubectl top pod`: PodMetrics of running pods, in one namespace or all. */
  podMetrics(namespace?: string): PodMetrics[] {
    const out: PodMetrics[] = [];
    for (const pod of this.ctx.store.iterate<Pod>('pods', namespace)) {
      const m = this.podMetricsOf(pod);
      if (m) out.push(m);
    }
    return out;
  }

  podMetricsOf(pod: Pod): PodMetrics | undefined {
    const s = this.sample(pod);
    if (!s) return undefined;
    return {
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', creationTimestamp: rfc3339(this.ctx.nowMs()), labels: pod.metadata?.labels as Record<string, string> | undefined },
      timestamp: rfc3339(this.ctx.nowMs() - (this.ctx.clock.now - s.at)),
      window: `${RESOLUTION_MS / 1000}s`,
      containers: s.containers.map((c) => ({ name: c.name, usage: { cpu: cpuText(c.cpuMillis), memory: memText(c.memoryBytes) } })),
    };
  }

  /** `kubectl top node`: NodeMetrics of every node whose machine runs (a dead node has none). */
  nodeMetrics(): NodeMetrics[] {
    const out: NodeMetrics[] = [];
    const start = this.windowStart();
    for (const node of this.ctx.store.iterate<Node>('nodes')) {
      const name = node.metadata?.name ?? '';
      const m = this.ctx.infra.get(name);
      if (m && (!m.powered || !m.processes.kubelet)) continue;
      let cpu = SYSTEM_OVERHEAD.cpuMillis;
      let mem = SYSTEM_OVERHEAD.memoryBytes;
      for (const pod of this.ctx.store.podsOn<Pod>(name)) {
        const s = this.sample(pod);
        if (!s) continue;
        for (const c of s.containers) {
          cpu += c.cpuMillis;
          mem += c.memoryBytes;
        }
      }
      out.push({
        kind: 'NodeMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name, creationTimestamp: rfc3339(this.ctx.nowMs()), labels: node.metadata?.labels as Record<string, string> | undefined },
        timestamp: rfc3339(this.ctx.nowMs() - (this.ctx.clock.now - start)),
        window: `${RESOLUTION_MS / 1000}s`,
        usage: { cpu: cpuText(cpu), memory: memText(mem) },
      });
    }
    return out;
  }

  snapshot(): unknown {
    return { synthetic: [...this.synthetic], samples: [...this.samples], window: this.window };
  }

  restore(state: unknown): void {
    const s = state as { synthetic: [string, number][]; samples: [string, PodSample][]; window: number };
    this.synthetic = new Map(s.synthetic);
    this.samples = new Map(s.samples);
    this.window = s.window;
  }
}

