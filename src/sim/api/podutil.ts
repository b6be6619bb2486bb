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

/** One container's requests, remembered per (frozen, template-shared) resources object. */
const resourceCache = new WeakMap<object, PodRequests>();
function containerRequests(c: { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }): PodRequests {
  const res = c.resources;
  if (!res) return ZERO;
  const known = resourceCache.get(res);
  if (known) return known;
  const r = res.requests ?? res.limits;
  const out = { cpu: cpuMillis((r?.cpu ?? res.limits?.cpu) as string | undefined), memory: bytes((r?.memory ?? res.limits?.memory) as string | undefined) };
  if (Object.isFrozen(res)) resourceCache.set(res, out);
  return out;
}
const ZERO: PodRequests = Object.freeze({ cpu: 0, memory: 0 });

/**
 * What the scheduler counts for a pod: the sum over app containers, or the largest init
 * container if that is more, plus overhead.
 */
export function podRequests(pod: Pod): PodRequests {
  const spec = pod.spec;
  if (!spec) return { cpu: 0, memory: 0 };
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    const r = containerRequests(c);
    cpu += r.cpu;
    memory += r.memory;
  }
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    cpu = Math.max(cpu, r.cpu);
    memory = Math.max(memory, r.memory);
  }
  if (spec.overhead) {
    cpu += cpuMillis(spec.overhead.cpu);
    memory += bytes(spec.overhead.memory);
  }
  return { cpu, memory };
}
