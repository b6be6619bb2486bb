/**
 * The inputs of a playground: everything from outside that changes the cluster. They are the
 * protocol's own calls (so the host logs exactly what the page sent, and an imported log is
 * checked by the same `checkCall` the wire uses), plus one kind of our own: `requests`, the
 * read requests made outside the log (an inspector `get`), which only move the request counters
 * a snapshot holds.
 *
 * Why log calls and not their effects: the cluster is deterministic, so the same calls at the
 * same virtual instants give the same history, byte for byte — a log of a few hundred bytes
 * stands for megabytes of state.
 */
import type { KObject } from '../../sim/api/types';
import type { Cluster } from '../../sim/cluster';
import { runKubectl } from '../../kubectl/index';
import { canvasCall } from '../canvascalls';
import { machineView } from '../changes';
import type { KubectlShell } from '../kubectl';
import { checkCall, type Call, type Checked } from '../protocol';

/** The calls that change the cluster (time control and pure questions are not inputs). */
export const INPUT_OPS = [
  'deletePod',
  'powerMachine',
  'api',
  'kubectlRun',
  'setProcess',
  'setNetwork',
  'addMachine',
  'removeMachine',
  'crashContainer',
  'traffic',
  'kubectlStart',
  'kubectlStop',
  'kubectlEdit',
] as const;
export type InputOp = (typeof INPUT_OPS)[number];
export type CallInput = Extract<Call, { op: InputOp }>;

/** Read requests made outside the log, by user agent (they count in the cluster's statistics). */
export interface RequestsInput {
  op: 'requests';
  byAgent: Record<string, number>;
}

export type Input = CallInput | RequestsInput;

/** An input and the virtual time (ms) it was applied at. */
export interface LoggedInput {
  t: number;
  input: Input;
}

const OPS = new Set<string>(INPUT_OPS);

export function isInputCall(c: Call): c is CallInput {
  return OPS.has(c.op);
}

/** The user agent canvas actions and the terminal use (as the real binary names itself). */
const AGENT = 'kubectl';

/**
 * Applies one input to a cluster, as the host would answer the call, and lets the cluster settle.
 * Throws what the call throws (an ApiError, a missing machine); the caller logs it anyway: a
 * failed request still counts, and replaying it fails the same way.
 */
export function applyInput(cluster: Cluster, shell: KubectlShell, input: Input): unknown {
  try {
    return applyRaw(cluster, shell, input);
  } finally {
    cluster.settle();
  }
}

function applyRaw(cluster: Cluster, shell: KubectlShell, c: Input): unknown {
  switch (c.op) {
    case 'requests': {
      const s = cluster.stats;
      for (const [agent, n] of Object.entries(c.byAgent)) {
        s.byAgent[agent] = (s.byAgent[agent] ?? 0) + n;
        s.total += n;
      }
      return null;
    }
    case 'deletePod':
      return cluster.client(AGENT).delete('pods', c.namespace, c.name, c.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: c.gracePeriodSeconds });
    case 'powerMachine': {
      const m = cluster.infra.get(c.name);
      if (!m) throw new Error(`machine "${c.name}" not found`);
      cluster.infra.setPower(c.name, c.on);
      return machineView(m);
    }
    case 'api': {
      const client = cluster.client(AGENT);
      const body = c.body as KObject;
      switch (c.verb) {
        case 'get':
          return client.get(c.resource, c.namespace, c.name!);
        case 'list':
          return client.list(c.resource, c.namespace);
        case 'create':
          return client.create(c.resource, c.namespace, body);
        case 'update':
          return client.update(c.resource, c.namespace, body);
        case 'updateStatus':
          return client.updateStatus(c.resource, c.namespace, body);
        case 'patch':
          return client.patch(c.resource, c.namespace, c.name!, c.body, c.patchType ?? 'merge');
        case 'delete':
          return client.delete(c.resource, c.namespace, c.name!);
      }
      return undefined;
    }
    case 'kubectlRun':
      return runKubectl(c.line, { client: cluster.client(AGENT), nowMs: () => cluster.nowMs(), files: c.files });
    case 'kubectlStart':
      shell.start(c.run, c.line, c.files);
      return { run: c.run };
    case 'kubectlStop':
      shell.stop(c.run);
      return { run: c.run };
    case 'kubectlEdit':
      shell.finishEdit(c.run, c.text);
      return { run: c.run };
    default:
      return canvasCall(cluster, c);
  }
}

/** Whether an input can only read (a fork is not needed to ask the past a question). */
export function isReadOnly(input: Input): boolean {
  return input.op === 'api' && (input.verb === 'get' || input.verb === 'list');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks an input from an untrusted document (a save, a share link); never throws. */
export function checkInput(v: unknown): Checked<Input> {
  if (!isObj(v)) return { ok: false, error: 'an input must be an object' };
  if (v.op === 'requests') {
    if (!isObj(v.byAgent)) return { ok: false, error: 'requests needs byAgent' };
    const byAgent: Record<string, number> = {};
    for (const [k, n] of Object.entries(v.byAgent)) {
      if (k.length > 253 || typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1e9) return { ok: false, error: 'requests.byAgent must map agents to counts' };
      byAgent[k] = n;
    }
    return { ok: true, value: { op: 'requests', byAgent } };
  }
  if (typeof v.op !== 'string' || !OPS.has(v.op)) return { ok: false, error: `"${String(v.op).slice(0, 40)}" is not an input` };
  const c = checkCall(v);
  return c.ok ? { ok: true, value: c.value as CallInput } : c;
}

/** A short sentence for the timeline's action markers. */
export function describeInput(c: Input): string {
  switch (c.op) {
    case 'requests':
      return 'read requests';
    case 'deletePod':
      return `deleted pod ${c.namespace}/${c.name}`;
    case 'powerMachine':
      return `${c.name} powered ${c.on ? 'on' : 'off'}`;
    case 'api':
      return `${c.verb} ${c.resource}${c.name ? ` ${c.name}` : typeof (c.body as KObject | undefined)?.metadata?.name === 'string' ? ` ${(c.body as KObject).metadata!.name}` : ''}`;
    case 'kubectlRun':
    case 'kubectlStart':
      return c.line.length > 80 ? `${c.line.slice(0, 77)}...` : c.line;
    case 'kubectlStop':
      return 'Ctrl-C';
    case 'kubectlEdit':
      return c.text === null ? 'kubectl edit cancelled' : 'kubectl edit saved';
    case 'setProcess':
      return `${c.process} on ${c.machine} ${c.running ? 'started' : 'stopped'}`;
    case 'setNetwork':
      return `${c.name} network ${c.up ? 'up' : 'down'}`;
    case 'addMachine':
      return `added a ${c.size} machine`;
    case 'removeMachine':
      return `removed machine ${c.name}`;
    case 'crashContainer':
      return `crashed a container of ${c.namespace}/${c.name}`;
    case 'traffic':
      return c.rps === 0 ? `traffic ${c.name} stopped` : `traffic ${c.name}: ${c.rps} req/s`;
  }
}
