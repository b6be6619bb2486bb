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
import type { LessonStatus } from './lessons';
import type { LessonView } from './lessonview';
import type { Comparison, FieldChange, ObjectChange } from './timeline/compare';
import type { Marker, MarkerKind } from './timeline/markers';
import type { SaveEntry } from './timeline/storage';
import type { BranchInfo } from './timeline/timeline';

export type { BranchInfo, Comparison, FieldChange, Marker, MarkerKind, ObjectChange, SaveEntry };

/** The resources the UI mirrors. */
export const MIRRORED_RESOURCES = [
  'namespaces',
  'nodes',
  'pods',
  'deployments',
  'replicasets',
  'events',
  // the canvas draws these as entry points, endpoints and disks
  'services',
  'endpointslices',
  'ingresses',
  'persistentvolumeclaims',
  'persistentvolumes',
] as const;
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
  /** the rewindable timeline (absent in a host without one) */
  timeline?: TimelineView;
}

/** The scrubber's view of the timeline (worker/timeline): its extent, branches, markers. */
export interface TimelineView {
  /** false during a lesson: the lesson's cluster is not rewindable */
  enabled: boolean;
  /** virtual ms: the furthest the current branch was played to (the scrubber's right end) */
  end: number;
  /** the current branch */
  branch: number;
  /** every branch (one until the learner acts in the past) */
  branches: BranchInfo[];
  /** notable moments of the current branch, in time order; sent when they changed */
  markers?: Marker[];
}

/** What `autosave` answers: the save text it stored (the page keeps it for crash recovery). */
export interface AutosaveResult {
  /**
   * present only when the autosave could not be stored (no IndexedDB, quota): the page keeps it
   * to restart a dead worker; a stored autosave is read back from IndexedDB instead
   */
  text?: string;
  savedAt: string;
  /** whether it reached IndexedDB (false: no storage, or the quota refused it) */
  stored: boolean;
  /** why not, when it did not */
  error?: string;
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
  /** API requests since the previous patch (the canvas pulses the API server and etcd) */
  stats?: RequestDelta;
  /** a sample of requests that travelled Services/Ingress since the previous patch */
  traffic?: TrafficSample[];
  /** present when the timeline's extent, branches or markers changed */
  timeline?: TimelineView;
}

/** API requests made since the previous patch, by process (user agent up to the first `/`). */
export interface RequestDelta {
  byAgent: Record<string, number>;
  /** writes, i.e. changes persisted to etcd */
  writes: number;
}

/** One request the traffic component sampled: the client, the path it took, how it ended. */
export interface TrafficSample {
  client: string;
  /** what the client targets: `ingress <host><path>`, `service <ns>/<name>`, `nodeport <node>:<port>` */
  via: string;
  /** entry → node → pod, as names (the traffic component's hops) */
  hops: string[];
  /** an HTTP status, or how the connection failed */
  status: number | 'refused' | 'timeout' | 'nxdomain';
}

/** Machine sizes the canvas offers when adding a node. */
export const MACHINE_SIZES = { small: { cpu: 2, memoryGiB: 4 }, medium: { cpu: 4, memoryGiB: 8 }, large: { cpu: 8, memoryGiB: 16 } } as const;
export type MachineSize = keyof typeof MACHINE_SIZES;

/** A failure: the API server's Status object, or a plain error for non-API failures. */
export type ReplyError = StatusBody | { kind: 'Error'; message: string };

export type ReplyMessage = { type: 'reply'; id: number; ok: true; result: unknown } | { type: 'reply'; id: number; ok: false; error: ReplyError };

/** Something the worker wants the page to know but that is not an answer (bad input, faults). */
export interface NoticeMessage {
  type: 'notice';
  level: 'warning' | 'error';
  message: string;
}

// ---- the terminal's kubectl (worker/kubectl.ts) ----
/** One chunk of a terminal run's output, in order; `exitCode` set means the run has ended. */
export interface KubectlOutputMessage {
  type: 'kubectlOutput';
  run: number;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

/** `kubectl edit` opens (or reopens, after a failed save) the editor; the run waits for `kubectlEdit`. */
export interface KubectlEditorMessage {
  type: 'kubectlEditor';
  run: number;
  /** `deployment.apps/web` */
  title: string;
  /** the YAML with kubectl edit's comment header */
  text: string;
  /** why the editor was reopened (the header's reasons), when it was */
  error?: string;
}

// ---- a guided lesson (worker/lessons.ts) ----
/**
 * The lesson's state after a change: progress (steps done, the open one, guesses, hints), the
 * open step's goal lines, its reference solution. The first one (after the snapshot) also
 * carries the lesson's text (`view`); later ones come when something changed, after the patch
 * that shows why.
 */
export interface LessonMessage {
  type: 'lesson';
  status: LessonStatus;
  view?: LessonView;
}

export type FromWorker = SnapshotMessage | PatchMessage | ReplyMessage | NoticeMessage | KubectlOutputMessage | KubectlEditorMessage | LessonMessage;

// ---- page → worker -------------------------------------------------------------------------

export interface InitMessage {
  type: 'init';
  seed?: number;
  /** create the demo Deployment `web` so a learner sees pods at once */
  demo?: boolean;
  speed?: number;
  paused?: boolean;
  /** this many medium worker machines instead of the default three (big-cluster views, benchmarks) */
  workers?: number;
  /** start a guided lesson: its own cluster; `replay` finished steps are replayed (a reload resumes) */
  lesson?: { id: string; replay?: number };
  /** a share link's fragment (`s1.…`): the worker replays it (a bad one: a notice, a fresh cluster) */
  share?: string;
  /** a save file's text to open (crash recovery passes the latest checkpoint) */
  saveText?: string;
  /** open the autosave from IndexedDB when there is one (a reload comes back where it was) */
  resume?: boolean;
}

/** Longest save text a call or `init` may carry (the save format's own limit). */
export const MAX_SAVE_TEXT = 64 * 1024 * 1024;
/** Latest virtual time a seek or comparison may name (a year). */
export const MAX_TIME_MS = 366 * 24 * 3600_000;

/** Most workers `init` may ask for. */
export const MAX_WORKERS = 5000;
/** Most finished steps a lesson `init` may replay (a lesson has far fewer). */
export const MAX_REPLAY = 50;

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
  | { op: 'api'; verb: ApiVerb; resource: string; namespace?: string; name?: string; body?: unknown; patchType?: PatchKind }
  // ---- canvas actions (the infrastructure layer, kubectl's pipeline, explanations) ----
  /** one kubectl line run to completion (drain, set image, rollout undo, describe, get -o yaml) */
  | { op: 'kubectlRun'; line: string; files?: Record<string, string> }
  | { op: 'setProcess'; machine: string; process: string; running: boolean }
  | { op: 'setNetwork'; name: string; up: boolean }
  | { op: 'addMachine'; size: MachineSize }
  /** the machine is deleted and its Node object with it (as a cloud's node lifecycle does) */
  | { op: 'removeMachine'; name: string }
  /** the container's process dies (exit 137); the kubelet restarts it with back-off */
  | { op: 'crashContainer'; namespace: string; name: string; container?: string }
  /** outside users sending requests to an Ingress host or a Service (rps 0 stops them) */
  | { op: 'traffic'; name: string; target: { kind: 'ingress'; host: string; path: string } | { kind: 'service'; namespace: string; name: string; port: number }; rps: number }
  /** the scheduler's record for a pod: per node the plugin that filtered it, the scores */
  | { op: 'schedulingDecision'; namespace: string; name: string }
  // ---- the terminal and the editor: a kubectl session (current namespace, streaming runs) ----
  /** starts a run (the page picks its number); replies at once, output follows as `kubectlOutput` */
  | { op: 'kubectlStart'; run: number; line: string; files?: Record<string, string> }
  /** Ctrl-C */
  | { op: 'kubectlStop'; run: number }
  /** the editor of a `kubectl edit` run was saved (text) or closed (null) */
  | { op: 'kubectlEdit'; run: number; text: string | null }
  /** tab completion of the line before the cursor; replies `KubectlCompletion` */
  | { op: 'kubectlComplete'; line: string }
  // ---- lessons ----
  /** `kubectl cordon` (on) or `uncordon` a node, through kubectl's pipeline; replies `KubectlRunResult` */
  | { op: 'cordon'; name: string; on: boolean }
  /** the 14 lessons (`LessonSummary[]`), answered with or without a lesson running */
  | { op: 'lessonCatalog' }
  /** reveals the step's next hint (nudge → concept → command); replies the `LessonStatus` */
  | { op: 'lessonHint'; step: string }
  /** records the learner's guess before the step's outcome; replies the `LessonStatus` */
  | { op: 'lessonPredict'; step: string; guess: string }
  /** plays the open step's reference solution; replies `{output}` (what kubectl printed) */
  | { op: 'lessonShowMe' }
  // ---- the timeline (rewind, branches, compare) and saves ----
  /** answers at once: the page's heartbeat (a worker that stops answering is restarted) */
  | { op: 'ping' }
  /** moves to virtual time t of the current branch (the past is replayed exactly); replies `TimelineView` */
  | { op: 'seek'; t: number }
  /** replies `BranchInfo[]` */
  | { op: 'branches' }
  /** goes to another branch at t (default: the same instant); replies `TimelineView` */
  | { op: 'switchBranch'; id: number; t?: number }
  /** replies `Marker[]` */
  | { op: 'markers' }
  /** objects added, removed and changed between two moments; replies `Comparison` */
  | { op: 'compare'; t1: number; t2: number; ignoreNoise?: boolean }
  /** the save file's text */
  | { op: 'exportSave' }
  /** opens a save file's text (checked strictly); replies `{warnings}` */
  | { op: 'importSave'; text: string }
  /** the share link's fragment (without `#`) */
  | { op: 'shareLink' }
  /** the learner's objects as YAML for a real cluster */
  | { op: 'exportYaml' }
  /** the named saves (and the autosave) in IndexedDB; replies `SaveEntry[]` */
  | { op: 'saves' }
  | { op: 'saveAs'; name: string }
  | { op: 'openSave'; name: string }
  | { op: 'deleteSave'; name: string }
  /** a fresh cluster (the autosave is forgotten) */
  | { op: 'reset' }
  /** writes the autosave; replies `AutosaveResult` */
  | { op: 'autosave' };

/** What `kubectlComplete` answers: replace `line.slice(start)` with one of `candidates`. */
export interface KubectlCompletion {
  start: number;
  candidates: string[];
}

/** Longest command line, and the most text `-f` files may carry in one run. */
export const MAX_LINE = 10_000;
export const MAX_FILES_BYTES = 2_000_000;

/** What `kubectlRun` answers. */
export interface KubectlRunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

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
const isRun = (v: unknown): v is number => isNum(v) && Number.isInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => isNum(v) && v >= 0 && v <= MAX_TIME_MS;
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
    case 'kubectlRun':
      if (!isStr(c.line, 4000)) return fail('kubectlRun needs a line');
      if (c.files !== undefined && (!isObj(c.files) || !Object.values(c.files).every((v) => typeof v === 'string' && v.length <= 1_000_000))) return fail('files must map names to text');
      return { ok: true, value: { op: 'kubectlRun', line: c.line, files: c.files as Record<string, string> | undefined } };
    case 'setProcess':
      if (!isStr(c.machine) || !isStr(c.process, 100) || typeof c.running !== 'boolean') return fail('setProcess needs machine, process and running (boolean)');
      return { ok: true, value: { op: 'setProcess', machine: c.machine, process: c.process, running: c.running } };
    case 'setNetwork':
      if (!isStr(c.name) || typeof c.up !== 'boolean') return fail('setNetwork needs name and up (boolean)');
      return { ok: true, value: { op: 'setNetwork', name: c.name, up: c.up } };
    case 'addMachine':
      if (typeof c.size !== 'string' || !(c.size in MACHINE_SIZES)) return fail(`size must be one of ${Object.keys(MACHINE_SIZES).join(', ')}`);
      return { ok: true, value: { op: 'addMachine', size: c.size as MachineSize } };
    case 'removeMachine':
      if (!isStr(c.name)) return fail('removeMachine needs a name');
      return { ok: true, value: { op: 'removeMachine', name: c.name } };
    case 'crashContainer':
      if (!isStr(c.namespace) || !isStr(c.name)) return fail('crashContainer needs namespace and name');
      if (c.container !== undefined && !isStr(c.container)) return fail('container must be a non-empty string');
      return { ok: true, value: { op: 'crashContainer', namespace: c.namespace, name: c.name, container: c.container as string | undefined } };
    case 'traffic': {
      const t = c.target as Record<string, unknown> | undefined;
      if (!isStr(c.name, 63) || !isNum(c.rps) || c.rps < 0 || c.rps > 10_000 || !isObj(t)) return fail('traffic needs name, target and rps in [0, 10000]');
      if (t.kind === 'ingress' && typeof t.host === 'string' && typeof t.path === 'string') return { ok: true, value: { op: 'traffic', name: c.name, rps: c.rps, target: { kind: 'ingress', host: t.host, path: t.path } } };
      if (t.kind === 'service' && isStr(t.namespace) && isStr(t.name) && isNum(t.port)) return { ok: true, value: { op: 'traffic', name: c.name, rps: c.rps, target: { kind: 'service', namespace: t.namespace, name: t.name, port: t.port } } };
      return fail('traffic target must be {kind: ingress, host, path} or {kind: service, namespace, name, port}');
    }
    case 'schedulingDecision':
      if (!isStr(c.namespace) || !isStr(c.name)) return fail('schedulingDecision needs namespace and name');
      return { ok: true, value: { op: 'schedulingDecision', namespace: c.namespace, name: c.name } };
    case 'kubectlStart': {
      if (!isRun(c.run)) return fail('kubectlStart needs a run number');
      if (typeof c.line !== 'string' || c.line.length > MAX_LINE) return fail(`line must be a string of at most ${MAX_LINE} characters`);
      if (c.files !== undefined) {
        if (!isObj(c.files)) return fail('files must map names to text');
        let size = 0;
        for (const [k, v] of Object.entries(c.files)) {
          if (!isStr(k, 253) || typeof v !== 'string') return fail('files must map names to text');
          size += v.length;
        }
        if (size > MAX_FILES_BYTES) return fail(`files may hold at most ${MAX_FILES_BYTES} characters`);
      }
      return { ok: true, value: { op: 'kubectlStart', run: c.run, line: c.line, files: c.files as Record<string, string> | undefined } };
    }
    case 'kubectlStop':
      if (!isRun(c.run)) return fail('kubectlStop needs a run number');
      return { ok: true, value: { op: 'kubectlStop', run: c.run } };
    case 'kubectlEdit':
      if (!isRun(c.run)) return fail('kubectlEdit needs a run number');
      if (c.text !== null && (typeof c.text !== 'string' || c.text.length > MAX_FILES_BYTES)) return fail('text must be a string or null');
      return { ok: true, value: { op: 'kubectlEdit', run: c.run, text: c.text } };
    case 'kubectlComplete':
      if (typeof c.line !== 'string' || c.line.length > MAX_LINE) return fail('kubectlComplete needs a line');
      return { ok: true, value: { op: 'kubectlComplete', line: c.line } };
    case 'cordon':
      // the name goes into a kubectl line: only what a node name can hold
      if (!isStr(c.name) || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(c.name) || typeof c.on !== 'boolean') return fail('cordon needs a node name and on (boolean)');
      return { ok: true, value: { op: 'cordon', name: c.name, on: c.on } };
    case 'lessonCatalog':
    case 'lessonShowMe':
      return { ok: true, value: { op: c.op } };
    case 'lessonHint':
      if (!isStr(c.step, 100)) return fail('lessonHint needs a step');
      return { ok: true, value: { op: 'lessonHint', step: c.step } };
    case 'ping':
    case 'branches':
    case 'markers':
    case 'exportSave':
    case 'shareLink':
    case 'exportYaml':
    case 'saves':
    case 'reset':
    case 'autosave':
      return { ok: true, value: { op: c.op } };
    case 'seek':
      if (!isTime(c.t)) return fail(`seek needs t in [0, ${MAX_TIME_MS}] (virtual ms)`);
      return { ok: true, value: { op: 'seek', t: c.t } };
    case 'switchBranch':
      if (!isRun(c.id) || (c.t !== undefined && !isTime(c.t))) return fail('switchBranch needs a branch id (and t, if given, a virtual time)');
      return { ok: true, value: c.t === undefined ? { op: 'switchBranch', id: c.id } : { op: 'switchBranch', id: c.id, t: c.t as number } };
    case 'compare':
      if (!isTime(c.t1) || !isTime(c.t2)) return fail('compare needs t1 and t2 (virtual ms)');
      if (c.ignoreNoise !== undefined && typeof c.ignoreNoise !== 'boolean') return fail('ignoreNoise must be a boolean');
      return { ok: true, value: { op: 'compare', t1: c.t1, t2: c.t2, ...(c.ignoreNoise === undefined ? {} : { ignoreNoise: c.ignoreNoise }) } };
    case 'importSave':
      if (typeof c.text !== 'string' || c.text.length > MAX_SAVE_TEXT) return fail(`importSave needs the save's text (at most ${MAX_SAVE_TEXT} characters)`);
      return { ok: true, value: { op: 'importSave', text: c.text } };
    case 'saveAs':
    case 'openSave':
    case 'deleteSave':
      if (!isStr(c.name, 100)) return fail(`${c.op} needs a name of 1 to 100 characters`);
      return { ok: true, value: { op: c.op, name: c.name } };
    case 'lessonPredict':
      if (!isStr(c.step, 100) || !isStr(c.guess, 200)) return fail('lessonPredict needs a step and a guess');
      return { ok: true, value: { op: 'lessonPredict', step: c.step, guess: c.guess } };
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
    if (data.workers !== undefined && (!isNum(data.workers) || !Number.isInteger(data.workers) || data.workers < 0 || data.workers > MAX_WORKERS)) return fail(`workers must be an integer in [0, ${MAX_WORKERS}]`);
    const lesson = data.lesson as Record<string, unknown> | undefined;
    if (lesson !== undefined && (!isObj(lesson) || !isStr(lesson.id, 100) || (lesson.replay !== undefined && (!isRun(lesson.replay) || lesson.replay > MAX_REPLAY)))) return fail(`lesson must be {id, replay?} with replay an integer in [0, ${MAX_REPLAY}]`);
    return {
      ok: true,
      value: {
        type: 'init',
        seed: data.seed as number | undefined,
        demo: data.demo === true,
        speed: data.speed as number | undefined,
        paused: data.paused === true,
        ...(data.workers !== undefined ? { workers: data.workers as number } : {}),
        ...(lesson ? { lesson: { id: lesson.id as string, replay: (lesson.replay as number | undefined) ?? 0 } } : {}),
        // a bad link or save must not stop the worker from starting: it is checked (and
        // explained) later; here only its size is bounded (too long still says "too long")
        ...(typeof data.share === 'string' && data.share ? { share: data.share.slice(0, 64 * 1024) } : {}),
        ...(typeof data.saveText === 'string' && data.saveText.length <= MAX_SAVE_TEXT ? { saveText: data.saveText } : {}),
        ...(data.resume === true ? { resume: true } : {}),
      },
    };
  }
  if (data.type === 'request') {
    if (!isNum(data.id) || !Number.isInteger(data.id)) return fail('request needs an integer id');
    const call = checkCall(data.call);
    if (!call.ok) return call;
    return { ok: true, value: { type: 'request', id: data.id, call: call.value } };
  }
  // `type` may be any structured-cloneable value (an object whose toString is not callable too)
  const type = typeof data.type === 'string' ? data.type.slice(0, 40) : typeof data.type;
  return fail(`unknown message type "${type}"`);
}

/** The id of a malformed request, if it has one, so the sender still gets its reply. */
export function requestIdOf(data: unknown): number | undefined {
  return isObj(data) && isNum(data.id) && Number.isInteger(data.id) ? data.id : undefined;
}
