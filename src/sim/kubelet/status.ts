/**
 * The pod status the kubelet's status manager writes (`generateAPIPodStatus`, `getPhase`,
 * `pkg/kubelet/status/generate.go`): phase, the kubelet-owned conditions in their real order
 * (PodReadyToStartContainers, Initialized, Ready, ContainersReady; PodScheduled and other
 * conditions are kept), container statuses sorted by name (init containers in spec order),
 * host and pod IPs, start time and QoS class. lastTransitionTime changes only when a condition
 * flips.
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '../api/types';
import type { CtrState, PodState } from './state';

export type Stamp = (t: number) => string;

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);

/** `containerd://<id>` built once per container instance (kept on its state), not per status write. */
function runtimeID(c: CtrState): string {
  if (c.runtimeIDOf !== c.id || !c.runtimeID) {
    c.runtimeID = `containerd://${c.id}`;
    c.runtimeIDOf = c.id;
  }
  return c.runtimeID;
}

function ctrStatus(c: CtrState, spec: Container | undefined, ts: Stamp): ContainerStatus {
  const s: Record<string, unknown> = {};
  if (c.id) s.containerID = runtimeID(c);
  s.image = c.imageID ? c.image : (spec?.image ?? c.image);
  s.imageID = c.imageID;
  s.lastState = c.last
    ? { terminated: { containerID: `containerd://${c.last.id}`, exitCode: c.last.exitCode, finishedAt: ts(c.last.finishedAt), reason: c.last.reason, startedAt: ts(c.last.startedAt) } }
    : EMPTY;
  s.name = c.name;
  s.ready = c.state === 'running' && c.ready;
  s.restartCount = c.restartCount;
  s.started = c.state === 'running' && c.started;
  if (c.state === 'running') {
    const startedAt = ts(c.startedAt);
    s.state = intern(`r\u0000${startedAt}`, () => ({ running: { startedAt } }));
  }
  else if (c.state === 'terminated')
    s.state = { terminated: { containerID: runtimeID(c), exitCode: c.exitCode, finishedAt: ts(c.finishedAt), reason: c.termReason, startedAt: ts(c.startedAt) } };
  else s.state = { waiting: c.message ? { message: c.message, reason: c.reason } : { reason: c.reason } };
  if (c.id && spec?.volumeMounts?.length) {
    s.volumeMounts = spec.volumeMounts.map((m) => (m.readOnly ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: 'Disabled' } : { mountPath: m.mountPath, name: m.name }));
  }
  return s as unknown as ContainerStatus;
}

/** `getPhase` of kubelet_pods.go (no sidecars). */
export function podPhase(pod: Pod, p: PodState, podIsTerminal: boolean): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of p.ctrs) {
    if (c.init) {
      if (c.state === 'running') pendingInit++;
      else if (c.state === 'terminated') {
        if (c.exitCode !== 0) failedInit++;
      } else if (c.last) {
        if (c.last.exitCode !== 0) failedInit++;
      } else pendingInit++;
      continue;
    }
    if (c.state === 'running') running++;
    else if (c.state === 'terminated') {
      stopped++;
      if (c.exitCode === 0) succeeded++;
    } else if (c.last) stopped++;
    else if (!c.id && !c.reason) unknown++;
    else waiting++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if ((pendingInit > 0 && running + stopped === 0) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Status parts are immutable once written, so equal ones are shared: pods that became Ready in
 * the same second hold the very same condition objects. At 150,000 pods this is most of a pod's
 * status. The table is dropped when it grows past a bound; sharing is an optimisation only.
 */
const shared = new Map<string, object>();
function intern<T extends object>(key: string, make: () => T): T {
  let v = shared.get(key) as T | undefined;
  if (!v) {
    if (shared.size > 50_000) shared.clear();
    v = Object.freeze(make());
    shared.set(key, v);
  }
  return v;
}

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

function cond(type: string, ok: boolean, reason: string | undefined, message: string | undefined, lastTransitionTime: string): PodCondition {
  const withReason = !ok && !!reason;
  return intern(`c\u0000${type}\u0000${ok}\u0000${withReason ? reason : ''}\u0000${withReason ? (message ?? '') : ''}\u0000${lastTransitionTime}`, () => {
    const c: Record<string, unknown> = { type, status: ok ? 'True' : 'False', lastProbeTime: null };
    if (withReason) {
      c.reason = reason;
      if (message) c.message = message;
    }
    c.lastTransitionTime = lastTransitionTime;
    return c as unknown as PodCondition;
  });
}

export interface StatusInput {
  hostIP: string;
  podIP: string | null;
  now: number;
  /** the pod is being finalised: its containers will not run again */
  terminal: boolean;
}

export function buildStatus(pod: Pod, p: PodState, input: StatusInput, ts: Stamp): PodStatus {
  const old = pod.status ?? {};
  const specs = new Map<string, Container>();
  for (const c of pod.spec?.initContainers ?? []) specs.set(`i/${c.name}`, c);
  for (const c of pod.spec?.containers ?? []) specs.set(`c/${c.name}`, c);
  const phase = podPhase(pod, p, input.terminal);

  const incompleteInit: string[] = [];
  const unready: string[] = [];
  for (const c of p.ctrs) {
    if (c.init) {
      if (!(c.state === 'terminated' && c.exitCode === 0)) incompleteInit.push(c.name);
    } else if (!(c.state === 'running' && c.ready)) unready.push(c.name);
  }
  // after initialisation finished once, a restarted init container does not un-initialise the pod
  const initialized = incompleteInit.length === 0 || phase === 'Running' || phase === 'Succeeded';
  const containersReady = unready.length === 0;
  const gates = pod.spec?.readinessGates ?? [];
  const gatesOk = gates.every((g) => old.conditions?.find((c) => c.type === g.conditionType)?.status === 'True');
  const unreadyMsg = `containers with unready status: [${unready.join(' ')}]`;
  const completed = phase === 'Succeeded';
  const stamp = ts(input.now);
  // lastTransitionTime moves only when the status flips
  const since = (type: string, ok: boolean): string => {
    const prev = old.conditions?.find((o) => o.type === type);
    return prev && prev.status === (ok ? 'True' : 'False') && prev.lastTransitionTime ? prev.lastTransitionTime : stamp;
  };
  const c4 = (type: string, ok: boolean, reason?: string, message?: string) => cond(type, ok, reason, message, since(type, ok));
  const conditions: PodCondition[] = [
    c4('PodReadyToStartContainers', !!input.podIP && !input.terminal),
    c4('Initialized', initialized, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`),
    completed ? c4('Ready', false, 'PodCompleted') : c4('Ready', containersReady && gatesOk, 'ContainersNotReady', containersReady ? `the status of pod readiness gate(s) is not "True"` : unreadyMsg),
    completed ? c4('ContainersReady', false, 'PodCompleted') : c4('ContainersReady', containersReady, 'ContainersNotReady', unreadyMsg),
  ];
  for (const c of old.conditions ?? []) if (!KUBELET_CONDITIONS.has(c.type)) conditions.push(c);
  // generateAPIPodStatus always reports PodScheduled (pods created with spec.nodeName too)
  if (!conditions.some((c) => c.type === 'PodScheduled')) conditions.push(cond('PodScheduled', true, undefined, undefined, stamp));

  const appStatuses: ContainerStatus[] = [];
  const initStatuses: ContainerStatus[] = [];
  for (const c of p.ctrs) {
    const s = ctrStatus(c, specs.get(`${c.init ? 'i' : 'c'}/${c.name}`), ts);
    (c.init ? initStatuses : appStatuses).push(s);
  }
  appStatuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const status: Record<string, unknown> = {
    conditions,
    containerStatuses: appStatuses,
    hostIP: input.hostIP,
    hostIPs: intern(`h\u0000${input.hostIP}`, () => [{ ip: input.hostIP }]),
  };
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  if (old.nominatedNodeName) status.nominatedNodeName = old.nominatedNodeName;
  if (old.message) status.message = old.message;
  if (old.reason) status.reason = old.reason;
  status.phase = phase;
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  } else if (old.podIP && input.terminal) {
    // a finished pod keeps reporting the IP it had
    status.podIP = old.podIP;
    status.podIPs = old.podIPs;
  }
  status.qosClass = qosClass(pod);
  status.startTime = old.startTime ?? ts(p.startTime);
  return status as PodStatus;
}
