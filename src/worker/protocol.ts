/**
 * The one wire between the page and the simulation worker: every message type, and the checks
 * that turn an untrusted `MessageEvent.data` into a typed message (the worker never dies on
 * input). Types only, plus pure validation: the UI may import this file freely.
 *
 * Flow: page → `init` → worker answers `snapshot` (everything the UI mirrors), then at most one
 * `patch` per frame (only what changed: latest versions, removed keys, clock, machines).
 * Requests carry an `id`; each gets exactly one `reply` with the same id.
 */
import type { StatusBody } from '../sim/api/errors';
import type { KObject } from '../sim/api/types';

/** The resources the UI mirrors. */
export const MIRRORED_RESOURCES = ['namespaces', 'nodes', 'pods', 'deployments', 'replicasets', 'events'] as const;
export type MirroredResource = (typeof MIRRORED_RESOURCES)[number];

/** `resource/namespace/name`; cluster-scoped objects have an empty namespace: `nodes//node-1`. */
export type ObjectKey = string;

export function objectKey(resource: string, namespace: string | undefined, name: string | undefined): ObjectKey {
  return `${resource}/${namespace ?? ''}/${name ?? ''}`;
}

export function splitObjectKey(key: ObjectKey): { resource: string; namespace: string; name: string } {
  const a = key.indexOf('/');
  const b = key.indexOf('/', a + 1);
  return { resource: key.slice(0, a), namespace: key.slice(a + 1, b), name: key.slice(b + 1) };
}

/** A machine as the UI sees it (infrastructure layer: power, network, processes). */
export interface MachineView {
  name: string;
  role: 'control-plane' | 'worker';
  powered: boolean;
  network: boolean;
  processes: Record<string, boolean>;
  cpuMillis: number;
  memoryBytes: number;
  maxPods: number;
  internalIP: string;
}

export interface ClockView {
  /** virtual ms since the cluster started */
  now: number;
  /** absolute ms that virtual time 0 stands for */
  epochMs: number;
  /** virtual ms per real ms while running */
  speed: number;
  paused: boolean;
}

/** Speeds the UI offers (virtual seconds per real second). */
export const SPEEDS = [1, 10, 60, 300] as const;
export const MAX_SPEED = 1000;
/** Largest single `step` (one hour of virtual time). */
export const MAX_STEP_MS = 60 * 60 * 1000;

// ---- worker → page -------------------------------------------------------------------------

export interface SnapshotMessage {
  type: 'snapshot';
  seq: number;
  objects: Record<ObjectKey, KObject>;
  machines: MachineView[];
  clock: ClockView;
}

export interface PatchMessage {
  type: 'patch';
  seq: number;
  /** changed or added objects, latest version only */
  upserts: Record<ObjectKey, KObject>;
  removed: ObjectKey[];
  /** machines whose state changed (whole view), if any */
  machines?: MachineView[];
  removedMachines?: string[];
  /** present when time moved or speed/pause changed */
  clock?: ClockView;
}

/** A failure: the API server's Status object, or a plain error for non-API failures. */
export type ReplyError = StatusBody | { kind: 'Error'; message: string };

export type ReplyMessage = { type: 'reply'; id: number; ok: true; result: unknown } | { type: 'reply'; id: number; ok: false; error: ReplyError };

/** Something the worker wants the page to know but that is not an answer (bad input, faults). */
export interface NoticeMessage {
  type: 'notice';
  level: 'warning' | 'error';
  message: string;
}

export type FromWorker = SnapshotMessage | PatchMessage | ReplyMessage | NoticeMessage;

// ---- page → worker -------------------------------------------------------------------------

export interface InitMessage {
  type: 'init';
  seed?: number;
  /** create the demo Deployment `web` so a learner sees pods at once */
  demo?: boolean;
  speed?: number;
  paused?: boolean;
}

export type ApiVerb = 'get' | 'list' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete';
export const API_VERBS: readonly ApiVerb[] = ['get', 'list', 'create', 'update', 'updateStatus', 'patch', 'delete'];
export type PatchKind = 'merge' | 'strategic' | 'json';

/** Every call the page can make; each gets one reply. */
export type Call =
  | { op: 'deletePod'; namespace: string; name: string; gracePeriodSeconds?: number }
  | { op: 'powerMachine'; name: string; on: boolean }
  | { op: 'setSpeed'; speed: number }
  | { op: 'pause' }
  | { op: 'resume' }
  | { op: 'step'; ms: number }
  | { op: 'api'; verb: ApiVerb; resource: string; namespace?: string; name?: string; body?: unknown; patchType?: PatchKind };

export interface RequestMessage {
  type: 'request';
  id: number;
  call: Call;
}

export type ToWorker = InitMessage | RequestMessage;

// ---- validation ----------------------------------------------------------------------------

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 253): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Checks a call's shape; never throws. */
export function checkCall(c: unknown): Checked<Call> {
  if (!isObj(c) || typeof c.op !== 'string') return fail('call must be an object with an "op"');
  switch (c.op) {
    case 'deletePod':
      if (!isStr(c.namespace) || !isStr(c.name)) return fail('deletePod needs namespace and name');
      if (c.gracePeriodSeconds !== undefined && (!isNum(c.gracePeriodSeconds) || c.gracePeriodSeconds < 0)) return fail('gracePeriodSeconds must be a number ≥ 0');
      return { ok: true, value: { op: 'deletePod', namespace: c.namespace, name: c.name, gracePeriodSeconds: c.gracePeriodSeconds as number | undefined } };
    case 'powerMachine':
      if (!isStr(c.name) || typeof c.on !== 'boolean') return fail('powerMachine needs name and on (boolean)');
      return { ok: true, value: { op: 'powerMachine', name: c.name, on: c.on } };
    case 'setSpeed':
      if (!isNum(c.speed) || c.speed <= 0 || c.speed > MAX_SPEED) return fail(`speed must be a number in (0, ${MAX_SPEED}]`);
      return { ok: true, value: { op: 'setSpeed', speed: c.speed } };
    case 'pause':
    case 'resume':
      return { ok: true, value: { op: c.op } };
    case 'step':
      if (!isNum(c.ms) || c.ms <= 0 || c.ms > MAX_STEP_MS) return fail(`step needs ms in (0, ${MAX_STEP_MS}]`);
      return { ok: true, value: { op: 'step', ms: c.ms } };
    case 'api': {
      if (!API_VERBS.includes(c.verb as ApiVerb)) return fail(`verb must be one of ${API_VERBS.join(', ')}`);
      if (!isStr(c.resource, 100)) return fail('api needs a resource');
      if (c.namespace !== undefined && !isStr(c.namespace)) return fail('namespace must be a non-empty string');
      if (c.name !== undefined && !isStr(c.name)) return fail('name must be a non-empty string');
      const verb = c.verb as ApiVerb;
      if ((verb === 'get' || verb === 'delete' || verb === 'patch') && c.name === undefined) return fail(`${verb} needs a name`);
      if ((verb === 'create' || verb === 'update' || verb === 'updateStatus') && !isObj(c.body)) return fail(`${verb} needs an object body`);
      if (verb === 'patch' && c.body === undefined) return fail('patch needs a body');
      if (c.patchType !== undefined && c.patchType !== 'merge' && c.patchType !== 'strategic' && c.patchType !== 'json') return fail('patchType must be merge, strategic or json');
      return {
        ok: true,
        value: { op: 'api', verb, resource: c.resource, namespace: c.namespace as string | undefined, name: c.name as string | undefined, body: c.body, patchType: c.patchType as PatchKind | undefined },
      };
    }
    default:
      return fail(`unknown op "${String(c.op).slice(0, 40)}"`);
  }
}

/** Checks a message from the page; never throws. */
export function checkToWorker(data: unknown): Checked<ToWorker> {
  if (!isObj(data)) return fail('message must be an object');
  if (data.type === 'init') {
    if (data.seed !== undefined && !isNum(data.seed)) return fail('seed must be a number');
    if (data.speed !== undefined && (!isNum(data.speed) || data.speed <= 0 || data.speed > MAX_SPEED)) return fail('bad speed');
    return { ok: true, value: { type: 'init', seed: data.seed as number | undefined, demo: data.demo === true, speed: data.speed as number | undefined, paused: data.paused === true } };
  }
  if (data.type === 'request') {
    if (!isNum(data.id) || !Number.isInteger(data.id)) return fail('request needs an integer id');
    const call = checkCall(data.call);
    if (!call.ok) return call;
    return { ok: true, value: { type: 'request', id: data.id, call: call.value } };
  }
  return fail(`unknown message type "${String(data.type).slice(0, 40)}"`);
}

/** The id of a malformed request, if it has one, so the sender still gets its reply. */
export function requestIdOf(data: unknown): number | undefined {
  return isObj(data) && isNum(data.id) && Number.isInteger(data.id) ? data.id : undefined;
}
