/**
 * Facts about pods that many components need (`pkg/api/v1/pod`, `controller_utils`): readiness,
 * availability, activeness, the controller owner, resource requests.
 */
import { bytes, cpuMillis } from './quantity';
import type { OwnerReference, Pod, PodCondition } from './types';
import { parseTime } from '../util/time';

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds at `nowMs`. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const c = podCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const since = parseTime(c.lastTransitionTime);
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
}

export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Counted by controllers: not finished and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

export function controllerOf(obj: { metadata?: { ownerReferences?: readonly OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller);
}

export interface PodRequests {
  cpu: number; // millicores
  memory: number; // bytes
}

const requestCache = new WeakMap<object, PodRequests>();

/**
 * What the scheduler counts for a pod: the sum over app containers, or the largest init
 * container if that is more, plus overhead. Cached per (immutable) spec object.
 */
export function podRequests(pod: Pod): PodRequests {
  const spec = pod.spec;
  if (!spec) return { cpu: 0, memory: 0 };
  const cached = requestCache.get(spec);
  if (cached) return cached;
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    const r = c.resources?.requests ?? c.resources?.limits;
    cpu += cpuMillis(r?.cpu ?? (c.resources?.limits?.cpu as string | undefined));
    memory += bytes(r?.memory ?? (c.resources?.limits?.memory as string | undefined));
  }
  for (const c of spec.initContainers ?? []) {
    const r = c.resources?.requests ?? c.resources?.limits;
    cpu = Math.max(cpu, cpuMillis(r?.cpu));
    memory = Math.max(memory, bytes(r?.memory));
  }
  if (spec.overhead) {
    cpu += cpuMillis(spec.overhead.cpu);
    memory += bytes(spec.overhead.memory);
  }
  const out = { cpu, memory };
  requestCache.set(spec, out);
  return out;
}
