/**
 * `printPod` (pkg/printers/internalversion/printers.go): READY, the STATUS word, RESTARTS with
 * `(… ago)`, and the wide cells. The STATUS algorithm is K8S-REFERENCE §5, line by line.
 */
import type { Container, ContainerStatus, Pod } from '../../sim/api/types';
import { since } from './duration';
import { col, NAME_COLUMN, type ColumnDefinition, type PrintOptions, type TableRow } from './table';

export const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const POD_COLUMNS: ColumnDefinition[] = [
  NAME_COLUMN(),
  col('Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 0, 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'string', 0, 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  col('Age', 'string', 0, AGE_DESCRIPTION),
  col('IP', 'string', 1, 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
  col('Node', 'string', 1, "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements."),
  col('Nominated Node', 'string', 1, 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.'),
  col('Readiness Gates', 'string', 1, 'If specified, all readiness gates will be evaluated for pod readiness.'),
];

function isRestartable(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: number;
  /** finishedAt of the most recent restart, if any */
  lastRestart?: string;
}

export function podSummary(pod: Pod): PodSummary {
  const spec = pod.spec ?? ({ containers: [] } as NonNullable<Pod['spec']>);
  const st = pod.status ?? {};
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = (spec.containers ?? []).length;
  let ready = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  const phase = st.phase ?? '';
  let reason: string = st.reason || phase;
  for (const c of st.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';

  const inits = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  for (const c of spec.initContainers ?? []) if (isRestartable(c)) total++;

  let initializing = false;
  const initStatuses = st.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const lt = c.lastState?.terminated;
    if (lt) lastRestart = later(lastRestart, lt.finishedAt);
    const sidecar = isRestartable(inits.get(c.name));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      if (lt) lastSidecarRestart = later(lastSidecarRestart, lt.finishedAt);
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }
  const initialized = (st.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: ContainerStatus[] = st.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      const lt = c.lastState?.terminated;
      if (lt) lastRestart = later(lastRestart, lt.finishedAt);
      const w = c.state?.waiting;
      const t = c.state?.terminated;
      if (w && w.reason) reason = w.reason;
      else if (t && t.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata?.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  return { ready: `${ready}/${total}`, status: reason, restarts, lastRestart };
}

export function restartsCell(s: PodSummary, nowMs: number): string {
  return s.restarts !== 0 && s.lastRestart ? `${s.restarts} (${since(s.lastRestart, nowMs)} ago)` : String(s.restarts);
}

export function podRow(pod: Pod, o: PrintOptions): TableRow {
  const s = podSummary(pod);
  const cells: (string | number)[] = [pod.metadata?.name ?? '', s.ready, s.status, restartsCell(s, o.nowMs), since(pod.metadata?.creationTimestamp, o.nowMs)];
  if (o.wide) {
    const gates = pod.spec?.readinessGates ?? [];
    let gatesCell = '<none>';
    if (gates.length) {
      const trueConds = gates.filter((g) => (pod.status?.conditions ?? []).some((c) => c.type === g.conditionType && c.status === 'True')).length;
      gatesCell = `${trueConds}/${gates.length}`;
    }
    cells.push(pod.status?.podIPs?.[0]?.ip || '<none>', pod.spec?.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', gatesCell);
  }
  return { cells, object: pod };
}
