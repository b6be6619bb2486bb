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
  const image = c.imageID ? c.image : (spec?.image ?? c.image);
  const lastState = c.last
    ? { terminated: { containerID: `containerd://${c.last.id}`, exitCode: c.last.exitCode, finishedAt: ts(c.last.finishedAt), reason: c.last.reason, startedAt: ts(c.last.startedAt) } }
    : EMPTY;
  const ready = c.state === 'running' && c.ready;
  const started = c.state === 'running' && c.started;
  let state: object;
  if (c.state === 'running') {
    const startedAt = ts(c.startedAt);
    state = intern(`r\u0000${startedAt}`, () => ({ running: { startedAt } }));
  } else if (c.state === 'terminated')
    state = { terminated: { containerID: runtimeID(c), exitCode: c.exitCode, finishedAt: ts(c.finishedAt), reason: c.termReason, startedAt: ts(c.startedAt) } };
  else state = { waiting: c.message ? { message: c.message, reason: c.reason } : { reason: c.reason } };
  const { imageID, name, restartCount } = c;
  // one literal per layout (fields added one by one would spill out of the object)
  if (!c.id) return { image, imageID, lastState, name, ready, restartCount, started, state } as unknown as ContainerStatus;
  const containerID = runtimeID(c);
  if (!spec?.volumeMounts?.length) return { containerID, image, imageID, lastState, name, ready, restartCount, started, state } as unknown as ContainerStatus;
  const volumeMounts = spec.volumeMounts.map((m) => (m.readOnly ? { mountPath: m.mountPath, name: m.name, readOnly: true, recursiveReadOnly: 'Disabled' } : { mountPath: m.mountPath, name: m.name }));
  return { containerID, image, imageID, lastState, name, ready, restartCount, started, state, volumeMounts } as unknown as ContainerStatus;
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

const QOS_RESOURCES = ['cpu', 'memory'] as const;

function hasKeys(o: object | undefined): boolean {
  if (o) for (const _ in o) return true;
  return false;
}

/** QoS from one container list; `acc` carries [any requests or limits, still guaranteed]. */
function qosOf(containers: readonly Container[] | undefined, acc: [boolean, boolean]): void {
  if (!containers) return;
  for (const c of containers) {
    const req = c.resources?.requests;
    const lim = c.resources?.limits;
    if (hasKeys(req) || hasKeys(lim)) acc[0] = true;
    for (const r of QOS_RESOURCES) {
      const l = lim?.[r];
      const q = req?.[r] ?? l;
      if (l === undefined || String(q) !== String(l)) acc[1] = false;
    }
  }
}

export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const acc: [boolean, boolean] = [false, true];
  qosOf(pod.spec?.initContainers, acc);
  qosOf(pod.spec?.containers, acc);
  if (!acc[0]) return 'BestEffort';
  return acc[1] ? 'Guaranteed' : 'Burstable';
}

function specNamed(list: readonly Container[] | undefined, name: string): Container | undefined {
  if (list) for (const c of list) if (c.name === name) return c;
  return undefined;
}

/** lastTransitionTime moves only when the status flips. */
function since(old: PodStatus, type: string, ok: boolean, stamp: string): string {
  const conditions = old.conditions;
  if (conditions) {
    for (let i = 0; i < conditions.length; i++) {
      const prev = conditions[i];
      if (prev.type === type) return prev.status === (ok ? 'True' : 'False') && prev.lastTransitionTime ? prev.lastTransitionTime : stamp;
    }
  }
  return stamp;
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

/** Conditions without a reason (the common case), by type, status and lastTransitionTime: no key strings to build. */
const plain = [new Map<string, Map<string, PodCondition>>(), new Map<string, Map<string, PodCondition>>()];

function cond(type: string, ok: boolean, reason: string | undefined, message: string | undefined, lastTransitionTime: string): PodCondition {
  const withReason = !ok && !!reason;
  if (!withReason) {
    const byType = plain[ok ? 1 : 0];
    let byTime = byType.get(type);
    if (!byTime) byType.set(type, (byTime = new Map()));
    let c = byTime.get(lastTransitionTime);
    if (!c) {
      if (byTime.size > 10_000) byTime.clear();
      c = Object.freeze({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime }) as unknown as PodCondition;
      byTime.set(lastTransitionTime, c);
    }
    return c;
  }
  return intern(`c\u0000${type}\u0000${reason}\u0000${message ?? ''}\u0000${lastTransitionTime}`, () => {
    const c: Record<string, unknown> = { type, status: 'False', lastProbeTime: null, reason };
    if (message) c.message = message;
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
  const phase = podPhase(pod, p, input.terminal);

  let incompleteInit: string[] | null = null;
  let unready: string[] | null = null;
  const ctrs = p.ctrs;
  for (let i = 0; i < ctrs.length; i++) {
    const c = ctrs[i];
    if (c.init) {
      if (!(c.state === 'terminated' && c.exitCode === 0)) (incompleteInit ??= []).push(c.name);
    } else if (!(c.state === 'running' && c.ready)) (unready ??= []).push(c.name);
  }
  // after initialisation finished once, a restarted init container does not un-initialise the pod
  const initialized = !incompleteInit || phase === 'Running' || phase === 'Succeeded';
  const containersReady = !unready;
  const gates = pod.spec?.readinessGates;
  const gatesOk = !gates || gates.every((g) => old.conditions?.find((c) => c.type === g.conditionType)?.status === 'True');
  const unreadyMsg = unready ? `containers with unready status: [${unready.join(' ')}]` : 'containers with unready status: []';
  const initMsg = incompleteInit ? `containers with incomplete status: [${incompleteInit.join(' ')}]` : 'containers with incomplete status: []';
  const completed = phase === 'Succeeded';
  const stamp = ts(input.now);
  const toStart = !!input.podIP && !input.terminal;
  const ready = containersReady && gatesOk;
  const conditions: PodCondition[] = [
    cond('PodReadyToStartContainers', toStart, undefined, undefined, since(old, 'PodReadyToStartContainers', toStart, stamp)),
    cond('Initialized', initialized, 'ContainersNotInitialized', initMsg, since(old, 'Initialized', initialized, stamp)),
    completed
      ? cond('Ready', false, 'PodCompleted', undefined, since(old, 'Ready', false, stamp))
      : cond('Ready', ready, 'ContainersNotReady', containersReady ? `the status of pod readiness gate(s) is not "True"` : unreadyMsg, since(old, 'Ready', ready, stamp)),
    completed
      ? cond('ContainersReady', false, 'PodCompleted', undefined, since(old, 'ContainersReady', false, stamp))
      : cond('ContainersReady', containersReady, 'ContainersNotReady', unreadyMsg, since(old, 'ContainersReady', containersReady, stamp)),
  ];
  let scheduled = false;
  const oldConditions = old.conditions ?? [];
  for (let i = 0; i < oldConditions.length; i++) {
    const c = oldConditions[i];
    if (KUBELET_CONDITIONS.has(c.type)) continue;
    conditions.push(c);
    if (c.type === 'PodScheduled') scheduled = true;
  }
  // generateAPIPodStatus always reports PodScheduled (pods created with spec.nodeName too)
  if (!scheduled) conditions.push(cond('PodScheduled', true, undefined, undefined, stamp));

  const appStatuses: ContainerStatus[] = [];
  let initStatuses: ContainerStatus[] | null = null;
  for (let i = 0; i < ctrs.length; i++) {
    const c = ctrs[i];
    if (c.init) (initStatuses ??= []).push(ctrStatus(c, specNamed(pod.spec?.initContainers, c.name), ts));
    else appStatuses.push(ctrStatus(c, specNamed(pod.spec?.containers, c.name), ts));
  }
  if (appStatuses.length > 1) appStatuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const hostIP = input.hostIP;
  const hostIPs = intern(`h\u0000${hostIP}`, () => [{ ip: hostIP }]);
  const qos = qosClass(pod);
  const startTime = old.startTime ?? ts(p.startTime);
  const sharedConditions = shareConditions(conditions);
  // the usual layouts as one literal each (fields added one by one would spill out of the object)
  if (!initStatuses && !old.nominatedNodeName && !old.message && !old.reason) {
    if (input.podIP) {
      return { conditions: sharedConditions, containerStatuses: appStatuses, hostIP, hostIPs, phase, podIP: input.podIP, podIPs: [{ ip: input.podIP }], qosClass: qos, startTime } as PodStatus;
    }
    if (!(old.podIP && input.terminal)) return { conditions: sharedConditions, containerStatuses: appStatuses, hostIP, hostIPs, phase, qosClass: qos, startTime } as PodStatus;
  }
  const status: Record<string, unknown> = { conditions: sharedConditions, containerStatuses: appStatuses, hostIP, hostIPs };
  if (initStatuses) status.initContainerStatuses = initStatuses;
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
  status.qosClass = qos;
  status.startTime = startTime;
  return status as PodStatus;
}

/**
 * Pods written in the same second hold the same condition objects; their arrays are shared too
 * (a few recent arrays are remembered and compared by element identity).
 */
const recentConditions: PodCondition[][] = [];
let recentNext = 0;
function shareConditions(list: PodCondition[]): PodCondition[] {
  outer: for (const known of recentConditions) {
    if (known.length !== list.length) continue;
    for (let i = 0; i < list.length; i++) if (known[i] !== list[i]) continue outer;
    return known;
  }
  Object.freeze(list);
  recentConditions[recentNext] = list;
  recentNext = (recentNext + 1) % 16;
  return list;
}
