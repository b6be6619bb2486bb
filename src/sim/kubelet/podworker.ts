/**
 * The pod worker: one `syncPod` per pod, run whenever something about the pod is due. It plays
 * the kubelet's SyncPod (sandbox, image pulls, init containers in order, container starts,
 * restart back-off, probes), the runtime's side (containers ending by themselves) and the
 * termination path (SIGTERM/SIGKILL, terminal phase, delete with grace 0). Each run works out
 * when it next has something to do, so a pod costs one timer at a time.
 */
import type { Container, Pod, Probe } from '../api/types';
import { ApiError } from '../api/errors';
import { parseTime } from '../util/time';
import { deepEqual } from '../util/immutable';
import { goDuration, inBackOffSince, inBackOffSinceUpdate, next } from './backoff';
import type { PullResult } from './images';
import { programFor, type Program } from './program';
import { runProbe } from './probes';
import type { CtrState, NodeState, PodState, ProbeState } from './state';
import { buildStatus } from './status';
import type { Host } from './host';
import { mountVolumes } from './volumes';
import { bytes } from '../api/quantity';

/** sandbox + CNI set-up */
const SANDBOX_MS = 1000;
/** PLEG notices a container exit at its next relist */
const PLEG_MS = 1000;
/** the pod worker re-syncs a backing-off pod this often (BackOff events repeat) */
const RESYNC_MS = 10_000;
/** `ipIndex` of a hostNetwork pod: its sandbox shares the node's network, its IP is the node's */
export const HOST_NETWORK = -1;

export function newCtr(c: Container, init: boolean, reason: string): CtrState {
  return {
    name: c.name,
    init,
    state: 'waiting',
    reason,
    id: '',
    image: c.image ?? '',
    imageID: '',
    restartCount: 0,
    startedAt: 0,
    finishedAt: 0,
    exitCode: 0,
    termReason: '',
    last: null,
    ready: false,
    started: false,
    endAt: null,
    endCode: 0,
    endReason: '',
    killing: '',
    pullDoneAt: null,
    pullStartedAt: 0,
    pullRequestedAt: 0,
    pullError: '',
    retryAt: null,
    // set later; declared here so that they live inside the object instead of a spill array
    message: undefined,
    runtimeID: undefined,
    runtimeIDOf: undefined,
  };
}

export function specOf(pod: Pod, c: CtrState): Container | undefined {
  return (c.init ? pod.spec?.initContainers : pod.spec?.containers)?.find((x) => x.name === c.name);
}

export function memCap(h: Host, pod: Pod, spec: Container, node: string): number {
  const lim = spec.resources?.limits?.memory;
  return lim !== undefined ? bytes(lim as string) : (h.machine(node)?.memoryBytes ?? 8 * 2 ** 30);
}

export function programOf(h: Host, pod: Pod, c: CtrState, spec: Container): Program | null {
  const r = h.resolve(spec.image ?? '');
  if (!r.ok) return null;
  return programFor(r.info, spec, memCap(h, pod, spec, pod.spec?.nodeName ?? ''));
}

/** The runtime's own clock: containers whose programs ended did so, kubelet or not. */
export function advanceRuntime(p: PodState, now: number): void {
  for (const c of p.ctrs) {
    if (c.state === 'running' && c.endAt !== null && c.endAt <= now) {
      c.state = 'terminated';
      c.finishedAt = c.endAt;
      c.exitCode = c.endCode;
      c.termReason = c.endReason;
      c.endAt = null;
      c.ready = false;
      c.started = false;
      c.killing = '';
      c.liveness = c.readiness = c.startup = undefined;
    }
  }
}

interface Sync {
  h: Host;
  pod: Pod;
  p: PodState;
  node: NodeState;
  now: number;
  wake: number;
  /** the worker is inside SyncPod (sandbox, pulls): status is written when it is done */
  busy: boolean;
}

const ref = (c: CtrState) => `spec.${c.init ? 'initContainers' : 'containers'}{${c.name}}`;

function ev(s: Sync, type: 'Normal' | 'Warning', reason: string, message: string, c?: CtrState): void {
  s.h.event(s.p.node, s.pod, type, reason, message, c ? ref(c) : undefined);
}

function wakeAt(s: Sync, t: number): void {
  if (t < s.wake) s.wake = Math.max(t, s.now);
}

function podRef(pod: Pod): string {
  return `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
}

export function syncPod(h: Host, p: PodState): void {
  const now = h.now();
  advanceRuntime(p, now);
  const node = h.node(p.node);
  const pod = p.gone ? undefined : h.store.byUID<Pod>(p.uid);
  if (!node || !h.kubeletUp(p.node)) {
    // containerd still runs the containers; nobody acts on them until the kubelet is back
    let t = Infinity;
    for (const c of p.ctrs) if (c.state === 'running' && c.endAt !== null) t = Math.min(t, c.endAt);
    h.schedule(p, t);
    return;
  }
  if (!pod || pod.spec?.nodeName !== p.node) {
    h.dropPod(p);
    return;
  }
  const s: Sync = { h, pod, p, node, now, wake: Infinity, busy: false };
  if (pod.metadata?.deletionTimestamp) {
    terminate(s);
    return;
  }
  // volumes.ts: WaitForAttachAndMount comes before the sandbox
  const mounted = p.terminal ? true : mountVolumes(h, pod, p, now);
  if (mounted !== true) {
    s.busy = true;
    wakeAt(s, mounted);
  } else if (!p.terminal) {
    if (!p.ipIndex) {
      p.ipIndex = pod.spec?.hostNetwork ? HOST_NETWORK : h.allocIP(node);
      p.sandboxReadyAt = now + SANDBOX_MS;
      if (p.ctrs.some((c) => c.id)) ev(s, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
    }
    if (now < p.sandboxReadyAt) {
      s.busy = true;
      wakeAt(s, p.sandboxReadyAt);
    } else {
      let initDone = true;
      for (const c of p.ctrs) {
        if (!c.init) continue;
        if (c.state === 'terminated' && c.exitCode === 0) continue;
        initDone = false;
        step(s, c);
        break;
      }
      if (initDone) {
        for (const c of p.ctrs) {
          if (c.init) continue;
          if (s.busy) break; // SyncPod starts containers one after another
          step(s, c);
        }
      }
    }
  }
  for (const c of p.ctrs) if (c.state === 'running' && c.endAt !== null) wakeAt(s, c.endAt);
  writeStatus(s, false);
  p.terminal = p.terminal || isTerminal(s);
  h.schedule(p, s.wake);
}

function isTerminal(s: Sync): boolean {
  const phase = s.pod.status?.phase;
  return (phase === 'Succeeded' || phase === 'Failed') && !s.p.ctrs.some((c) => c.state === 'running');
}

function shouldRestart(pod: Pod, c: CtrState): boolean {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' || c.init) return c.exitCode !== 0;
  return true;
}

/** One container's next move: probes while running, restart or back-off after an exit, start. */
function step(s: Sync, c: CtrState): void {
  const { pod, p, now } = s;
  if (c.state === 'running') {
    probes(s, c);
    return;
  }
  if (c.pullDoneAt !== null) {
    start(s, c); // a pull under way for the next instance
    return;
  }
  if (c.state === 'terminated') {
    if (!shouldRestart(pod, c)) return;
    if (now < c.finishedAt + PLEG_MS) {
      wakeAt(s, c.finishedAt + PLEG_MS);
      return;
    }
    const b = p.backoff?.[c.name];
    if (inBackOffSince(b, c.finishedAt, now)) {
      c.last = { id: c.id, exitCode: c.exitCode, reason: c.termReason, startedAt: c.startedAt, finishedAt: c.finishedAt };
      c.state = 'waiting';
      c.reason = 'CrashLoopBackOff';
      c.message = `back-off ${goDuration(b!.backoffMs)} restarting failed container=${c.name} pod=${podRef(pod)}`;
      c.retryAt = c.finishedAt + b!.backoffMs;
      backOffEvent(s, c);
      wakeAt(s, c.retryAt);
      return;
    }
    (p.backoff ??= {})[c.name] = next(b, c.finishedAt, now);
    start(s, c);
    return;
  }
  // waiting
  if (c.reason === 'CrashLoopBackOff') {
    if (c.retryAt !== null && now < c.retryAt) {
      backOffEvent(s, c);
      wakeAt(s, Math.min(c.retryAt, (p.lastBackOffEvent?.[c.name] ?? now) + RESYNC_MS));
      return;
    }
    (p.backoff ??= {})[c.name] = next(p.backoff[c.name], c.last?.finishedAt ?? now, now);
  }
  start(s, c);
}

function backOffEvent(s: Sync, c: CtrState): void {
  const last = s.p.lastBackOffEvent?.[c.name];
  if (last !== undefined && s.now - last < RESYNC_MS) return;
  (s.p.lastBackOffEvent ??= {})[c.name] = s.now;
  ev(s, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef(s.pod)}`, c);
}

function pullPolicy(spec: Container, r: PullResult): string {
  if (spec.imagePullPolicy) return spec.imagePullPolicy;
  if (r.ok && (r.ref.digest || r.ref.tag !== 'latest')) return 'IfNotPresent';
  return /[:@][^/]+$/.test(spec.image ?? '') && !(spec.image ?? '').endsWith(':latest') ? 'IfNotPresent' : 'Always';
}

function waiting(c: CtrState, reason: string, message?: string): void {
  if (c.state !== 'waiting' && c.id) c.last = { id: c.id, exitCode: c.exitCode, reason: c.termReason, startedAt: c.startedAt, finishedAt: c.finishedAt };
  c.state = 'waiting';
  c.reason = reason;
  c.message = message;
}

/** EnsureImageExists, then create and start. */
function start(s: Sync, c: CtrState): void {
  const { h, pod, p, node, now } = s;
  const spec = specOf(pod, c);
  if (!spec) return;
  const image = spec.image ?? '';
  const r = h.resolve(image);
  if (c.pullDoneAt !== null) {
    if (now < c.pullDoneAt) {
      s.busy = true;
      wakeAt(s, c.pullDoneAt);
      return;
    }
    c.pullDoneAt = null;
    if (!r.ok) {
      ev(s, 'Warning', 'Failed', `Failed to pull image "${image}": ${r.error}`, c);
      ev(s, 'Warning', 'Failed', `Error: ${r.reason}`, c);
      (p.pullBackoff ??= {})[image] = next(p.pullBackoff[image], now, now);
      waiting(c, r.reason, r.error);
      wakeAt(s, now + PLEG_MS); // the next sync shows ImagePullBackOff
      return;
    }
    node.images[r.ref.full] = r.info.sizeBytes;
    delete node.pulling[r.ref.full];
    h.nodeChanged(node);
    const took = goDuration(now - c.pullStartedAt);
    const total = goDuration(now - c.pullRequestedAt);
    ev(s, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${total} including waiting). Image size: ${r.info.sizeBytes} bytes.`, c);
    run(s, c, spec, r);
    return;
  }
  if (!r.ok && r.reason === 'InvalidImageName') {
    if (c.reason !== 'InvalidImageName') {
      ev(s, 'Warning', 'InspectFailed', r.error, c);
      ev(s, 'Warning', 'Failed', 'Error: InvalidImageName', c);
    }
    waiting(c, 'InvalidImageName', r.error);
    return;
  }
  const policy = pullPolicy(spec, r);
  const present = r.ok && node.images[r.ref.full] !== undefined;
  if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
    if (present && r.ok) {
      ev(s, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c);
      run(s, c, spec, r);
      return;
    }
    const msg = `Container image "${image}" is not present with pull policy of Never`;
    if (c.reason !== 'ErrImageNeverPull') {
      ev(s, 'Warning', 'ErrImageNeverPull', msg, c);
      ev(s, 'Warning', 'Failed', 'Error: ErrImageNeverPull', c);
    }
    waiting(c, 'ErrImageNeverPull', msg);
    return;
  }
  const b = p.pullBackoff?.[image];
  if (inBackOffSinceUpdate(b, now)) {
    const msg = `Back-off pulling image "${image}"`;
    const last = p.lastBackOffEvent?.[`pull/${c.name}`];
    if (last === undefined || now - last >= RESYNC_MS || c.reason !== 'ImagePullBackOff') {
      (p.lastBackOffEvent ??= {})[`pull/${c.name}`] = now;
      ev(s, 'Normal', 'BackOff', msg, c);
      ev(s, 'Warning', 'Failed', 'Error: ImagePullBackOff', c);
    }
    waiting(c, 'ImagePullBackOff', msg);
    wakeAt(s, Math.min(b!.lastUpdate + b!.backoffMs, now + RESYNC_MS));
    return;
  }
  ev(s, 'Normal', 'Pulling', `Pulling image "${image}"`, c);
  let begin = now;
  let done: number;
  if (!r.ok) done = now + 400 + h.random.int(800);
  else if (present) done = now + 300 + h.random.int(700); // manifest check only
  else if (node.pulling[r.ref.full] !== undefined && node.pulling[r.ref.full] > now) {
    done = node.pulling[r.ref.full];
  } else {
    // serialised image pulls (serializeImagePulls: true): one at a time per node
    begin = Math.max(now, node.pullBusyUntil);
    done = begin + 400 + Math.round((r.info.sizeBytes / 30e6) * 1000 * (0.8 + h.random.float() * 0.4));
    node.pullBusyUntil = done;
    node.pulling[r.ref.full] = done;
  }
  c.pullRequestedAt = now;
  c.pullStartedAt = begin;
  c.pullDoneAt = done;
  s.busy = true;
  wakeAt(s, done);
}

/** CreateContainer + StartContainer: a new instance begins. */
function run(s: Sync, c: CtrState, spec: Container, r: PullResult & { ok: true }): void {
  const { h, pod, now } = s;
  if (c.id) {
    if (c.state === 'terminated') c.last = { id: c.id, exitCode: c.exitCode, reason: c.termReason, startedAt: c.startedAt, finishedAt: c.finishedAt };
    c.restartCount++;
  }
  ev(s, 'Normal', 'Created', `Created container: ${c.name}`, c);
  ev(s, 'Normal', 'Started', `Started container ${c.name}`, c);
  c.id = h.containerID();
  c.image = r.ref.full;
  c.imageID = r.imageID;
  c.state = 'running';
  c.reason = '';
  c.message = undefined;
  c.retryAt = null;
  c.startedAt = now;
  c.killing = '';
  const prog = programFor(r.info, spec, memCap(h, pod, spec, s.p.node));
  c.endAt = prog.exit ? now + prog.exit.afterMs : null;
  c.endCode = prog.exit?.code ?? 0;
  c.endReason = prog.exit?.reason ?? 'Completed';
  if (r.info.hostProcess && h.machine(s.p.node)?.processes[r.info.hostProcess] === false) {
    // the machine's process is held stopped (kubelets.ts stopHostProcess): this instance dies at once
    c.endAt = now;
    c.endCode = 137;
    c.endReason = 'Error';
  }
  c.started = !spec.startupProbe;
  c.ready = !spec.readinessProbe && c.started;
  c.startup = spec.startupProbe ? probeState(spec.startupProbe, now) : undefined;
  c.liveness = spec.livenessProbe && c.started ? probeState(spec.livenessProbe, now) : undefined;
  c.readiness = spec.readinessProbe && c.started ? probeState(spec.readinessProbe, now) : undefined;
  if (c.init) c.ready = false;
  nextProbeWake(s, c);
}

function probeState(pr: Probe, now: number) {
  // the prober worker starts when the kubelet sees the container running (~1 s)
  return { nextAt: now + Math.max((pr.initialDelaySeconds ?? 0) * 1000, 1000), successes: 0, failures: 0 };
}

function nextProbeWake(s: Sync, c: CtrState): void {
  for (const st of [c.startup, c.liveness, c.readiness]) if (st) wakeAt(s, st.nextAt);
}


/**
 * A failed startup or liveness probe (they differ only in their words): Warning `Unhealthy`, and
 * at `failureThreshold` consecutive failures `Killing` and a kill with the probe's (or the pod's)
 * grace period. Returns true when the container is being killed.
 */
function failedKilling(s: Parameters<typeof kill>[0], c: CtrState, kind: 'startup' | 'liveness', state: ProbeState, pr: Probe, output: string, pod: Pod): boolean {
  state.failures++;
  const word = kind === 'startup' ? 'Startup' : 'Liveness';
  ev(s, 'Warning', 'Unhealthy', `${word} probe failed: ${output}`, c);
  if (state.failures < (pr.failureThreshold ?? 3)) return false;
  ev(s, 'Normal', 'Killing', `Container ${c.name} failed ${kind} probe, will be restarted`, c);
  kill(s, c, kind, pr.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30);
  return true;
}
function probes(s: Sync, c: CtrState): void {
  const { pod, p, now } = s;
  const spec = specOf(pod, c);
  if (!spec || c.killing) {
    nextProbeWake(s, c);
    return;
  }
  const prog = programOf(s.h, pod, c, spec);
  if (!prog) return;
  const ip = s.h.podIP(p);
  const elapsed = now - c.startedAt;
  const period = (pr: Probe) => (pr.periodSeconds ?? 10) * 1000;
  if (c.startup && spec.startupProbe && c.startup.nextAt <= now) {
    const pr = spec.startupProbe;
    const res = runProbe(pr, prog, spec, elapsed, ip);
    c.startup.nextAt = now + period(pr);
    if (res.ok) {
      c.started = true;
      c.startup = undefined;
      c.ready = !spec.readinessProbe;
      if (spec.livenessProbe) c.liveness = { nextAt: now + period(spec.livenessProbe), successes: 0, failures: 0 };
      if (spec.readinessProbe) c.readiness = { nextAt: now, successes: 0, failures: 0 };
    } else if (failedKilling(s, c, 'startup', c.startup, pr, res.output, pod)) return;
  }
  if (c.liveness && spec.livenessProbe && c.liveness.nextAt <= now) {
    const pr = spec.livenessProbe;
    const res = runProbe(pr, prog, spec, elapsed, ip);
    c.liveness.nextAt = now + period(pr);
    if (res.ok) c.liveness.failures = 0;
    else if (failedKilling(s, c, 'liveness', c.liveness, pr, res.output, pod)) return;
  }
  if (c.readiness && spec.readinessProbe && c.readiness.nextAt <= now) {
    const pr = spec.readinessProbe;
    const res = runProbe(pr, prog, spec, elapsed, ip);
    c.readiness.nextAt = now + period(pr);
    if (res.ok) {
      c.readiness.failures = 0;
      c.readiness.successes++;
      if (c.readiness.successes >= (pr.successThreshold ?? 1)) c.ready = true;
    } else {
      c.readiness.successes = 0;
      c.readiness.failures++;
      ev(s, 'Warning', 'Unhealthy', `Readiness probe failed: ${res.output}`, c);
      if (c.readiness.failures >= (pr.failureThreshold ?? 3)) c.ready = false;
    }
  }
  nextProbeWake(s, c);
}

/** preStop, then SIGTERM; SIGKILL (137) when the grace period runs out. */
function kill(s: Sync, c: CtrState, why: CtrState['killing'], graceSeconds: number): void {
  const { pod, now } = s;
  const spec = specOf(pod, c);
  const prog = spec ? programOf(s.h, pod, c, spec) : null;
  const deadline = now + graceSeconds * 1000;
  const preStop = spec ? preStopMs(spec) : 0;
  let end = deadline;
  let code = 137;
  if (prog?.sigterm && now + preStop + prog.sigterm.afterMs < deadline) {
    end = now + preStop + prog.sigterm.afterMs;
    code = prog.sigterm.code;
  }
  if (c.endAt !== null && c.endAt <= end) return; // it ends by itself first
  c.killing = why;
  c.endAt = end;
  c.endCode = code;
  c.endReason = code === 0 ? 'Completed' : 'Error';
  c.ready = why === 'delete' ? c.ready : false;
  wakeAt(s, end);
}

function preStopMs(spec: Container): number {
  const ps = spec.lifecycle?.preStop as { sleep?: { seconds?: number }; exec?: { command?: string[] } } | undefined;
  if (!ps) return 0;
  if (ps.sleep?.seconds) return ps.sleep.seconds * 1000;
  const cmd = (ps.exec?.command ?? []).join(' ');
  const m = /sleep\s+(\d+)/.exec(cmd);
  return m ? Number(m[1]) * 1000 : 100;
}

/** Graceful deletion: stop every container, report the terminal phase, remove the pod. */
function terminate(s: Sync): void {
  const { h, pod, p, now } = s;
  if (p.deleteDeadline === null) {
    const grace = pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    p.deleteDeadline = now + grace * 1000;
    for (const c of p.ctrs) {
      c.pullDoneAt = null;
      if (c.state !== 'running') continue;
      ev(s, 'Normal', 'Killing', `Stopping container ${c.name}`, c);
      kill(s, c, 'delete', Math.max(0, grace));
    }
  }
  let remaining = Infinity;
  for (const c of p.ctrs) if (c.state === 'running' && c.endAt !== null) remaining = Math.min(remaining, c.endAt);
  if (remaining !== Infinity) {
    h.schedule(p, remaining);
    return;
  }
  // every container has stopped: the terminal status, then the final delete
  if (!writeStatus(s, true)) {
    h.schedule(p, Infinity); // retried when the API is reachable again
    return;
  }
  try {
    h.client(p.node).delete('pods', p.ns, p.name, { gracePeriodSeconds: 0, preconditions: { uid: p.uid } });
  } catch (e) {
    if (!(e instanceof ApiError && (e.code === 404 || e.code === 409))) {
      p.statusOwed = true;
      h.schedule(p, Infinity);
      return;
    }
  }
  h.dropPod(p);
}

/** Writes the status if it changed. Returns false when the API could not be reached. */
function writeStatus(s: Sync, terminal: boolean): boolean {
  const { h, pod, p } = s;
  const first = !pod.status?.containerStatuses;
  if (s.busy && !first) return true;
  const status = buildStatus(pod, p, { hostIP: h.machine(p.node)?.internalIP ?? '', podIP: terminal || !p.ipIndex || s.now < p.sandboxReadyAt ? null : h.podIP(p), now: s.now, terminal }, h.ts);
  if (deepEqual(status, pod.status)) {
    p.statusOwed = false;
    return true;
  }
  if (!h.reachable(p.node)) {
    p.statusOwed = true;
    return false;
  }
  try {
    const written = h.client(p.node).updateStatus<Pod>('pods', p.ns, { ...pod, status });
    s.pod = written;
    p.statusOwed = false;
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return true;
    p.statusOwed = true;
    return false;
  }
}

/** The machine lost power: every container dies with it; the sandbox is gone. */
export function powerLoss(p: PodState, now: number): void {
  for (const c of p.ctrs) {
    c.pullDoneAt = null;
    if (c.state !== 'running') continue;
    c.state = 'terminated';
    c.finishedAt = now;
    c.exitCode = 255;
    c.termReason = 'Unknown';
    c.endAt = null;
    c.ready = false;
    c.started = false;
    c.killing = '';
    c.liveness = c.readiness = c.startup = undefined;
  }
  p.ipIndex = 0;
  p.sandboxReadyAt = 0;
}

export function deadlineOf(pod: Pod): number {
  return parseTime(pod.metadata?.deletionTimestamp);
}
