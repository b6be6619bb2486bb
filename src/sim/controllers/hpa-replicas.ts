/**
 * The HPA's replica calculator for resource utilization (`podautoscaler/replica_calculator.go`
 * `GetResourceReplicas`): the average of usage / request over the target's pods, a 10 %
 * tolerance, and the careful treatment of pods without metrics (assumed at 100 % of request
 * when scaling down, 0 % when scaling up) and of pods not yet ready (0 % when scaling up).
 */
import { cpuMillis } from '../api/quantity';
import { podCondition } from '../api/podutil';
import type { Pod } from '../api/types';
import { parseTime } from '../util/time';

export const TOLERANCE = 0.1;
const CPU_INITIALIZATION_MS = 5 * 60_000;
const INITIAL_READINESS_DELAY_MS = 30_000;

export interface PodMetric {
  /** millicores */
  value: number;
  /** absolute ms of the sample */
  timestamp: number;
  windowMs: number;
}

export interface ReplicaResult {
  replicas: number;
  /** average utilization in percent of request (integer, as the real one truncates) */
  utilization: number;
  /** average usage in millicores */
  rawAverage: number;
}

export class MetricError extends Error {}

/** `calculatePodRequests`: millicores per pod; every container must have a request. */
export function podCpuRequests(pods: Pod[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of pods) {
    let sum = 0;
    for (const c of p.spec?.containers ?? []) {
      const req = c.resources?.requests?.cpu;
      if (req === undefined || req === null) throw new MetricError(`missing request for cpu in container ${c.name} of Pod ${p.metadata?.name}`);
      sum += cpuMillis(req as string);
    }
    out.set(p.metadata?.name ?? '', sum);
  }
  return out;
}

function utilizationRatio(metrics: Map<string, PodMetric>, requests: Map<string, number>, target: number): { ratio: number; utilization: number; raw: number } {
  let total = 0;
  let reqTotal = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const r = requests.get(name);
    if (r === undefined) continue;
    total += m.value;
    reqTotal += r;
    n++;
  }
  if (n === 0) throw new MetricError('no metrics returned matched known pods');
  if (reqTotal === 0) throw new MetricError('no metrics returned matched known pods');
  const utilization = Math.trunc((total * 100) / reqTotal);
  return { ratio: utilization / target, utilization, raw: total / n };
}

/** `groupPods`: ready pods with metrics, unready pods (CPU only), pods missing metrics, ignored. */
function groupPods(pods: Pod[], metrics: Map<string, PodMetric>, nowMs: number) {
  let ready = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const p of pods) {
    const name = p.metadata?.name ?? '';
    if (p.metadata?.deletionTimestamp || p.status?.phase === 'Failed') {
      ignored.add(name);
      continue;
    }
    if (p.status?.phase === 'Pending') {
      unready.add(name);
      continue;
    }
    const m = metrics.get(name);
    if (!m) {
      missing.add(name);
      continue;
    }
    const cond = podCondition(p, 'Ready');
    const start = parseTime(p.status?.startTime);
    let isUnready: boolean;
    if (!cond || Number.isNaN(start)) isUnready = true;
    else if (start + CPU_INITIALIZATION_MS > nowMs) {
      // still starting up: one full window must have passed since it turned ready
      isUnready = cond.status === 'False' || m.timestamp < parseTime(cond.lastTransitionTime) + m.windowMs;
    } else {
      isUnready = cond.status === 'False' && start + INITIAL_READINESS_DELAY_MS > parseTime(cond.lastTransitionTime);
    }
    if (isUnready) unready.add(name);
    else ready++;
  }
  return { ready, unready, missing, ignored };
}

/** `GetResourceReplicas` for CPU with a target average utilization (percent). */
export function cpuReplicas(currentReplicas: number, target: number, pods: Pod[], metrics: Map<string, PodMetric>, nowMs: number): ReplicaResult {
  if (!pods.length) throw new MetricError('No pods found');
  const { ready, unready, missing, ignored } = groupPods(pods, metrics, nowMs);
  const m = new Map(metrics);
  for (const name of [...ignored, ...unready]) m.delete(name);
  const requests = podCpuRequests(pods);
  if (m.size === 0) throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  const first = utilizationRatio(m, requests, target);
  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) return { replicas: currentReplicas, utilization: first.utilization, rawAverage: first.raw };
    return { replicas: Math.ceil(first.ratio * ready), utilization: first.utilization, rawAverage: first.raw };
  }
  if (missing.size) {
    for (const name of missing) m.set(name, { value: first.ratio < 1 ? (requests.get(name) ?? 0) : 0, timestamp: nowMs, windowMs: 0 });
  }
  if (scaleUpWithUnready) for (const name of unready) m.set(name, { value: 0, timestamp: nowMs, windowMs: 0 });
  const next = utilizationRatio(m, requests, target);
  const keep = { replicas: currentReplicas, utilization: first.utilization, rawAverage: first.raw };
  if (Math.abs(1 - next.ratio) <= TOLERANCE || (first.ratio < 1 && next.ratio > 1) || (first.ratio > 1 && next.ratio < 1)) return keep;
  const replicas = Math.ceil(next.ratio * m.size);
  if ((next.ratio < 1 && replicas > currentReplicas) || (next.ratio > 1 && replicas < currentReplicas)) return keep;
  return { replicas, utilization: first.utilization, rawAverage: first.raw };
}
