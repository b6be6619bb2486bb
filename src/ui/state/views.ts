/**
 * Pure views of mirrored objects for the canvas: a node's STATUS as kubectl prints it, a pod's
 * resource requests, the colour family of a status word. No React, no store.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis } from './quantity';

/** kubectl `get nodes` STATUS: Ready / NotReady / Unknown, plus ",SchedulingDisabled" when cordoned. */
export function nodeStatusWord(node: Node | undefined): string {
  if (!node) return 'Unknown';
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  let word = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  if (node.spec?.unschedulable) word += ',SchedulingDisabled';
  return word;
}

export interface Requests {
  cpuMillis: number;
  memoryBytes: number;
}

// mirrored pods are immutable: parse each version's quantities once (node usage is recomputed
// for every node a frame touches, and a node holds up to 110 pods)
const requestsCache = new WeakMap<Pod, Requests>();

/** What the scheduler counts for a pod: max(sum of containers, largest init container) + overhead. */
export function podRequests(pod: Pod): Requests {
  let r = requestsCache.get(pod);
  if (!r) requestsCache.set(pod, (r = computeRequests(pod)));
  return r;
}

function computeRequests(pod: Pod): Requests {
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += cpuMillis(c.resources?.requests?.cpu);
    mem += bytes(c.resources?.requests?.memory);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy === 'Always') {
      cpu += cpuMillis(c.resources?.requests?.cpu);
      mem += bytes(c.resources?.requests?.memory);
      continue;
    }
    cpu = Math.max(cpu, cpuMillis(c.resources?.requests?.cpu));
    mem = Math.max(mem, bytes(c.resources?.requests?.memory));
  }
  cpu += cpuMillis(pod.spec?.overhead?.cpu);
  mem += bytes(pod.spec?.overhead?.memory);
  return { cpuMillis: cpu, memoryBytes: mem };
}

/** Pods that still hold their node's resources (not Succeeded/Failed). */
export function holdsResources(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export type Tone = 'ok' | 'progress' | 'warning' | 'failed' | 'terminating' | 'unknown';

const FAILED = new Set(['Error', 'ErrImagePull', 'OOMKilled', 'Failed', 'Evicted', 'InvalidImageName', 'CreateContainerError', 'CreateContainerConfigError', 'RunContainerError', 'ContainerCannotRun', 'DeadlineExceeded', 'StartError']);
const WARNING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'NotReady', 'Unschedulable', 'SchedulingGated']);
const PROGRESS = new Set(['Pending', 'ContainerCreating', 'PodInitializing']);

/** The colour family of a pod STATUS word (plus readiness: Running but not ready is a warning). */
export function podTone(status: string, ready: number, total: number): Tone {
  if (status === 'Terminating') return 'terminating';
  if (status === 'Unknown') return 'unknown';
  if (status === 'Running') return ready < total ? 'warning' : 'ok';
  if (status === 'Completed' || status === 'Succeeded') return 'ok';
  if (PROGRESS.has(status) || /^Init:\d+\/\d+$/.test(status)) return 'progress';
  if (FAILED.has(status) || status.startsWith('ExitCode:') || status.startsWith('Signal:')) return 'failed';
  if (WARNING.has(status) || status.startsWith('Init:')) return status.startsWith('Init:') && FAILED.has(status.slice(5)) ? 'failed' : 'warning';
  return 'unknown';
}

export function nodeTone(word: string, powered: boolean): Tone {
  if (!powered) return 'unknown';
  if (word.startsWith('Ready')) return 'ok';
  if (word.startsWith('NotReady')) return 'failed';
  return 'unknown';
}
