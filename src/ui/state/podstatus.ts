/**
 * What `kubectl get pods` prints for a pod — STATUS, READY, RESTARTS — computed with kubectl's
 * own algorithm (`printPod` in kubernetes `pkg/printers/internalversion/printers.go`), so the
 * word on a pod chip is exactly the word a learner will later see in a terminal.
 * Pure and dependency-free: the UI may not import the simulation.
 */
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';

export interface PodColumns {
  /** the STATUS column: Running, Pending, ContainerCreating, Terminating, CrashLoopBackOff, Init:0/1, ... */
  status: string;
  ready: number;
  total: number;
  restarts: number;
  /** absolute ms of the most recent container termination counted in restarts, if any */
  lastRestartMs?: number;
}

const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function isRestartableInit(pod: Pod, name: string): boolean {
  return pod.spec?.initContainers?.find((c) => c.name === name)?.restartPolicy === 'Always';
}

function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  return !!conditions?.some((c) => c.type === type && c.status === 'True');
}

function finishedAt(cs: ContainerStatus): number | undefined {
  const t = cs.lastState?.terminated?.finishedAt;
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

// mirrored objects are immutable: one computation per pod version, however many views ask
const cache = new WeakMap<Pod, PodColumns>();

export function podColumns(pod: Pod): PodColumns {
  let c = cache.get(pod);
  if (!c) cache.set(pod, (c = computePodColumns(pod)));
  return c;
}

function computePodColumns(pod: Pod): PodColumns {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = spec?.containers?.length ?? 0;
  let ready = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined) => (b !== undefined && (a === undefined || b > a) ? b : a);

  const phase = status.phase ?? '';
  let reason: string = phase;
  if (status.reason) reason = status.reason;
  for (const c of status.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';

  for (const c of spec?.initContainers ?? []) if (c.restartPolicy === 'Always') total++;

  let initializing = false;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, finishedAt(c));
    const restartable = isRestartableInit(pod, c.name);
    if (restartable) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, finishedAt(c));
    }
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const cs = status.containerStatuses ?? [];
    // last to first, as kubectl does: the first container's state wins
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, finishedAt(c));
      const wait = c.state?.waiting;
      const term = c.state?.terminated;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  return { status: reason, ready, total, restarts, lastRestartMs: restarts !== 0 ? lastRestart : undefined };
}

/** kubectl's `duration.HumanDuration`: 45s, 5m12s, 3h, 2d4h... */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** The RESTARTS column: `0`, or `3 (45s ago)` when the last termination time is known. */
export function restartsText(cols: PodColumns, nowMs: number): string {
  if (cols.restarts === 0 || cols.lastRestartMs === undefined) return String(cols.restarts);
  return `${cols.restarts} (${humanDuration(nowMs - cols.lastRestartMs)} ago)`;
}
