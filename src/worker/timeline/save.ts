/**
 * The save file: the whole playground as one versioned JSON document — how the cluster was made
 * (options, seed), every branch's input log and markers, and the latest keyframe, so opening it
 * needs no long replay. Opening checks it strictly by hand (no eval, no prototype keys, sizes,
 * version) and says in plain words what is wrong with a damaged file.
 */
import type { ClusterSnapshot } from '../../sim/cluster';
import type { MachineSpec } from '../../sim/infra/machines';
import { MAX_WORKERS, type Checked } from '../protocol';
import { checkInput, type LoggedInput } from './input';
import type { Marker, MarkerKind } from './markers';
import { isInt, isNum, isObj, parseUntrusted } from './safejson';
import { shellState, type Keyframe, type ShellState } from './snapshots';
import { Timeline, type Branch, type PlaygroundOptions, type TimelineOptions } from './timeline';

export const SAVE_FORMAT = 'kubernetes-playground-save';
export const SAVE_VERSION = 1;
/** The largest save file opened (a big cluster's snapshot is large; the browser's quota is larger). */
export const MAX_SAVE_CHARS = 64 * 1024 * 1024;
export const MAX_BRANCHES = 200;
export const MAX_INPUTS = 100_000;

export interface SavedBranch {
  id: number;
  parent?: number;
  forkT?: number;
  end: number;
  inputs: LoggedInput[];
  markers: Marker[];
}

export interface SaveDocument {
  format: typeof SAVE_FORMAT;
  version: typeof SAVE_VERSION;
  name?: string;
  /** ISO time of saving (wall clock of the page; never used by the simulation) */
  savedAt?: string;
  options: PlaygroundOptions;
  /** the branch being played and the virtual time it was at */
  current: number;
  now: number;
  branches: SavedBranch[];
  /** the current branch's state at `now` (absent while a streaming kubectl run was active) */
  snapshot?: { t: number; index: number; shell: ShellState; cluster: ClusterSnapshot };
}

/** The playground as a save document. */
export function toSave(tl: Timeline, meta: { name?: string; savedAt?: string } = {}, withCluster = true): SaveDocument {
  const branches: SavedBranch[] = tl.branches().map((info) => {
    const b = tl.branchData(info.id)!;
    const s: SavedBranch = { id: b.id, end: b.end, inputs: b.inputs, markers: b.markers };
    if (b.parent !== undefined) s.parent = b.parent;
    if (b.forkT !== undefined) s.forkT = b.forkT;
    return s;
  });
  const doc: SaveDocument = { format: SAVE_FORMAT, version: SAVE_VERSION, ...meta, options: tl.options, current: tl.branchId, now: tl.now, branches };
  if (!tl.shell.active.length) {
    doc.snapshot = { t: tl.now, index: tl.cursor, shell: shellState(tl.shell), cluster: withCluster ? tl.cluster.snapshot() : ({} as ClusterSnapshot) };
  }
  return doc;
}

export function serializeSave(doc: SaveDocument): string {
  return JSON.stringify(doc);
}

const CLUSTER_PLACEHOLDER = '\u0000cluster snapshot\u0000';

/**
 * `serializeSave(toSave(tl, meta))` in one pass over the cluster: its snapshot is serialised once
 * and spliced in, instead of copied into objects and serialised again (a 1,000-pod cluster with
 * its Events is ~20 MB of JSON; the autosave runs every few seconds). The snapshot is the last
 * field of the document, so the last occurrence of the placeholder is the one to replace,
 * whatever the inputs before it contain.
 */
export function saveDocumentText(tl: Timeline, meta: { name?: string; savedAt?: string } = {}): string {
  const doc = toSave(tl, meta, false);
  if (!doc.snapshot) return JSON.stringify(doc);
  const text = JSON.stringify({ ...doc, snapshot: { ...doc.snapshot, cluster: CLUSTER_PLACEHOLDER } });
  const quoted = JSON.stringify(CLUSTER_PLACEHOLDER);
  const at = text.lastIndexOf(quoted);
  return text.slice(0, at) + tl.cluster.snapshotJSON() + text.slice(at + quoted.length);
}

// ---- checking ---------------------------------------------------------------------------

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const MARKER_KINDS = new Set<MarkerKind>(['node-not-ready', 'node-ready', 'pod-evicted', 'rollout-started', 'rollout-finished', 'rollout-stuck', 'action']);

function checkMachines(v: unknown): Checked<MachineSpec[]> {
  if (!Array.isArray(v) || v.length > MAX_WORKERS + 1) return fail(`machines must be a list of at most ${MAX_WORKERS + 1}`);
  const out: MachineSpec[] = [];
  for (const [i, m] of v.entries()) {
    if (!isObj(m) || typeof m.name !== 'string' || !/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/.test(m.name)) return fail(`machines[${i}] needs a valid name`);
    if (m.role !== undefined && m.role !== 'control-plane' && m.role !== 'worker') return fail(`machines[${i}].role must be control-plane or worker`);
    for (const k of ['cpu', 'memoryGiB', 'maxPods'] as const) if (m[k] !== undefined && !(isNum(m[k]) && (m[k] as number) > 0 && (m[k] as number) <= 1024)) return fail(`machines[${i}].${k} must be a positive number`);
    if (m.zone !== undefined && typeof m.zone !== 'string') return fail(`machines[${i}].zone must be a string`);
    if (m.labels !== undefined && (!isObj(m.labels) || !Object.values(m.labels).every((x) => typeof x === 'string'))) return fail(`machines[${i}].labels must map strings to strings`);
    out.push(m as unknown as MachineSpec);
  }
  return { ok: true, value: out };
}

/** The options a playground was created with. */
export function checkOptions(v: unknown): Checked<PlaygroundOptions> {
  if (!isObj(v)) return fail('options are missing');
  if (!isInt(v.seed, -(2 ** 31), 2 ** 32)) return fail('options.seed must be an integer');
  if (!isInt(v.epochMs, 0, 8.64e15)) return fail('options.epochMs must be a time in milliseconds');
  const o: PlaygroundOptions = { seed: v.seed, epochMs: v.epochMs };
  if (v.workers !== undefined) {
    if (!isInt(v.workers, 0, MAX_WORKERS)) return fail(`options.workers must be an integer in [0, ${MAX_WORKERS}]`);
    o.workers = v.workers;
  }
  if (v.machines !== undefined) {
    const m = checkMachines(v.machines);
    if (!m.ok) return fail(`options.${m.error}`);
    o.machines = m.value;
  }
  if (v.historyCapacity !== undefined) {
    if (!isInt(v.historyCapacity, 1, 10_000_000)) return fail('options.historyCapacity must be a positive integer');
    o.historyCapacity = v.historyCapacity;
  }
  return { ok: true, value: o };
}

/** An input log: `{t, input}` in time order, every input one the wire would accept. */
export function checkLog(v: unknown, max = MAX_INPUTS, where = 'inputs'): Checked<LoggedInput[]> {
  if (!Array.isArray(v)) return fail(`${where} must be a list`);
  if (v.length > max) return fail(`${where} has ${v.length} entries (the limit is ${max})`);
  const out: LoggedInput[] = [];
  let last = 0;
  for (const [i, e] of v.entries()) {
    if (!isObj(e) || !isNum(e.t) || e.t < 0) return fail(`${where}[${i}] needs a time t ≥ 0`);
    if (e.t < last) return fail(`${where}[${i}] is out of time order`);
    last = e.t;
    const input = checkInput(e.input);
    if (!input.ok) return fail(`${where}[${i}]: ${input.error}`);
    out.push({ t: e.t, input: input.value });
  }
  return { ok: true, value: out };
}

function checkMarkers(v: unknown, where: string): Checked<Marker[]> {
  if (v === undefined) return { ok: true, value: [] };
  if (!Array.isArray(v) || v.length > MAX_INPUTS) return fail(`${where} must be a list`);
  const out: Marker[] = [];
  for (const [i, m] of v.entries()) {
    if (!isObj(m) || !isNum(m.t) || !MARKER_KINDS.has(m.kind as MarkerKind) || typeof m.text !== 'string' || m.text.length > 1000) return fail(`${where}[${i}] is not a marker`);
    if (m.object !== undefined && typeof m.object !== 'string') return fail(`${where}[${i}].object must be a string`);
    out.push(m as unknown as Marker);
  }
  return { ok: true, value: out };
}

/** The shape a cluster snapshot must have before `Cluster.restore` sees it. */
function checkClusterSnapshot(v: unknown, options: PlaygroundOptions): string | undefined {
  if (!isObj(v)) return 'snapshot.cluster is missing';
  if (v.version !== 1) return `snapshot.cluster has version ${String(v.version)}; this playground reads version 1`;
  const o = v.options;
  if (!isObj(o) || o.seed !== options.seed || o.epochMs !== options.epochMs) return 'snapshot.cluster was made with other options than the file says';
  const clock = v.clock;
  if (!isObj(clock) || !isNum(clock.now) || !isInt(clock.seq) || !Array.isArray(clock.timers)) return 'snapshot.cluster.clock is damaged';
  for (const t of clock.timers) if (!isObj(t) || !isNum(t.at) || !isInt(t.seq) || typeof t.owner !== 'string' || typeof t.kind !== 'string') return 'snapshot.cluster.clock has a damaged timer';
  const store = v.store;
  if (!isObj(store) || !isInt(store.revision) || !isInt(store.compactedRevision) || !isObj(store.tables)) return 'snapshot.cluster.store is damaged';
  for (const [r, objs] of Object.entries(store.tables)) {
    if (!Array.isArray(objs)) return `snapshot.cluster.store.tables.${r} is not a list`;
    for (const x of objs) if (!isObj(x) || !isObj(x.metadata) || typeof x.metadata.name !== 'string') return `snapshot.cluster.store.tables.${r} holds an object without metadata.name`;
  }
  if (!isObj(v.random) || !isObj(v.infra) || !isObj(v.events) || !isObj(v.components)) return 'snapshot.cluster is missing random, infra, events or components';
  const stats = v.stats;
  if (!isObj(stats) || !isObj(stats.byAgent) || !isInt(stats.total) || !isInt(stats.writes)) return 'snapshot.cluster.stats is damaged';
  return undefined;
}

/** Parses and checks a save file's text. */
export function parseSave(text: string): Checked<SaveDocument> {
  const parsed = parseUntrusted(text, 'The save file', MAX_SAVE_CHARS);
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (!isObj(v) || v.format !== SAVE_FORMAT) return fail('This is not a playground save file (its "format" is not kubernetes-playground-save).');
  if (v.version !== SAVE_VERSION) {
    return fail(isInt(v.version) && v.version > SAVE_VERSION ? `The save file was made by a newer playground (version ${v.version}); this one reads version ${SAVE_VERSION}.` : `The save file has an unknown version ${JSON.stringify(v.version)}.`);
  }
  const options = checkOptions(v.options);
  if (!options.ok) return fail(`The save file is damaged: ${options.error}`);
  if (!Array.isArray(v.branches) || !v.branches.length || v.branches.length > MAX_BRANCHES) return fail(`The save file is damaged: branches must be a list of 1 to ${MAX_BRANCHES}`);
  const branches: SavedBranch[] = [];
  const ids = new Set<number>();
  for (const [i, b] of v.branches.entries()) {
    const where = `branches[${i}]`;
    if (!isObj(b) || !isInt(b.id) || ids.has(b.id)) return fail(`The save file is damaged: ${where} needs a unique id`);
    ids.add(b.id);
    if (!isNum(b.end) || b.end < 0) return fail(`The save file is damaged: ${where}.end must be a time`);
    const inputs = checkLog(b.inputs, MAX_INPUTS, `${where}.inputs`);
    if (!inputs.ok) return fail(`The save file is damaged: ${inputs.error}`);
    const markers = checkMarkers(b.markers, `${where}.markers`);
    if (!markers.ok) return fail(`The save file is damaged: ${markers.error}`);
    const s: SavedBranch = { id: b.id, end: b.end, inputs: inputs.value, markers: markers.value };
    if (b.parent !== undefined) {
      if (!isInt(b.parent)) return fail(`The save file is damaged: ${where}.parent must be a branch id`);
      s.parent = b.parent;
    }
    if (b.forkT !== undefined) {
      if (!isNum(b.forkT)) return fail(`The save file is damaged: ${where}.forkT must be a time`);
      s.forkT = b.forkT;
    }
    branches.push(s);
  }
  for (const b of branches) if (b.parent !== undefined && !ids.has(b.parent)) return fail(`The save file is damaged: branch ${b.id} names a parent ${b.parent} that is not in the file`);
  if (!isInt(v.current) || !ids.has(v.current)) return fail('The save file is damaged: "current" does not name one of its branches');
  if (!isNum(v.now) || v.now < 0) return fail('The save file is damaged: "now" must be a time');
  const doc: SaveDocument = { format: SAVE_FORMAT, version: SAVE_VERSION, options: options.value, current: v.current, now: v.now, branches };
  if (typeof v.name === 'string') doc.name = v.name.slice(0, 200);
  if (typeof v.savedAt === 'string') doc.savedAt = v.savedAt.slice(0, 40);
  if (v.snapshot !== undefined) {
    const s = v.snapshot;
    const cur = branches.find((b) => b.id === v.current)!;
    if (!isObj(s) || !isNum(s.t) || !isInt(s.index, 0, cur.inputs.length)) return fail('The save file is damaged: snapshot needs t and index');
    if (!isObj(s.shell) || typeof s.shell.namespace !== 'string' || !isInt(s.shell.nextTimer)) return fail('The save file is damaged: snapshot.shell is damaged');
    const problem = checkClusterSnapshot(s.cluster, options.value);
    if (problem) return fail(`The save file is damaged: ${problem}`);
    if ((s.cluster as unknown as ClusterSnapshot).clock.now !== s.t) return fail('The save file is damaged: the snapshot time does not match its clock');
    doc.snapshot = { t: s.t, index: s.index, shell: { namespace: s.shell.namespace, nextTimer: s.shell.nextTimer }, cluster: s.cluster as unknown as ClusterSnapshot };
  }
  return { ok: true, value: doc };
}

/**
 * Opens a checked save document as a timeline at the saved instant. A snapshot that does not
 * restore is not fatal: the input log is replayed from the seed instead (with a warning).
 */
export function openSave(doc: SaveDocument, opts: TimelineOptions = {}): { timeline: Timeline; warnings: string[] } {
  const warnings: string[] = [];
  const tl = new Timeline(doc.options, opts);
  const branches: Branch[] = doc.branches.map((b) => ({ id: b.id, parent: b.parent, forkT: b.forkT, inputs: b.inputs, end: b.end, markers: b.markers, keyframes: [] }));
  const cur = branches.find((b) => b.id === doc.current)!;
  if (doc.snapshot) {
    const frame: Keyframe = { t: doc.snapshot.t, index: doc.snapshot.index, json: JSON.stringify(doc.snapshot.cluster), shell: doc.snapshot.shell };
    cur.keyframes.push(frame);
  }
  try {
    tl.loadBranches(branches, doc.current, doc.now);
  } catch (e) {
    warnings.push(`The saved cluster state could not be restored (${e instanceof Error ? e.message : String(e)}); it was rebuilt by replaying the saved actions.`);
    cur.keyframes = [];
    tl.loadBranches(branches, doc.current, doc.now);
  }
  return { timeline: tl, warnings };
}
