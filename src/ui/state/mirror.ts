/**
 * The mirror of the cluster, as pure functions: a snapshot builds it, a (merged) patch updates
 * it. Unchanged objects, slot lists and usage records keep their identity, so components that
 * select them do not re-render. Pods sit in stable slots per node: a pod keeps its place when a
 * neighbour leaves; a newcomer takes the first free slot.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/api/types';
import { MIRRORED_RESOURCES, splitObjectKey, type ClockView, type MachineView, type MirroredResource, type PatchMessage, type SnapshotMessage } from '../../worker/protocol';
import { podColumns } from './podstatus';
import { holdsResources, podRequests, podTone, type Tone } from './views';

/** Objects of one resource keyed `namespace/name` (cluster-scoped: `/name`). */
export type Table = Record<string, KObject>;

export interface Usage {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

/** How many pods of a node are in each status family (absent = none). */
export type ToneCounts = Readonly<Partial<Record<Tone, number>>>;

export interface Mirror {
  live: boolean;
  seq: number;
  objects: Record<MirroredResource, Table>;
  machines: Record<string, MachineView>;
  clock: ClockView;
  /** node name ('' = not scheduled yet) → pod ids (`ns/name`) by slot; null = free slot */
  slots: Record<string, readonly (string | null)[]>;
  /** node name → requests of the pods bound to it */
  usage: Record<string, Usage>;
  /** node name → its pods by status family (kept incrementally: O(changed pods) per patch) */
  tones: Record<string, ToneCounts>;
  /** how many pods are mirrored (Object.keys of 150,000 pods per store update would not do) */
  podCount: number;
}

/** Several patches squashed into one: later versions win, a removal cancels an earlier upsert. */
export interface MergedPatch {
  seq: number;
  upserts: Record<string, KObject>;
  removed: Set<string>;
  machines: Record<string, MachineView>;
  removedMachines: Set<string>;
  clock?: ClockView;
}

/** Mirrored events kept at most (the newest). */
export const MAX_EVENTS = 300;

export function emptyMirror(): Mirror {
  const objects = {} as Record<MirroredResource, Table>;
  for (const r of MIRRORED_RESOURCES) objects[r] = {};
  return { live: false, seq: 0, objects, machines: {}, clock: { now: 0, epochMs: 0, speed: 1, paused: false }, slots: {}, usage: {}, tones: {}, podCount: 0 };
}

export function mergePatch(into: MergedPatch | null, p: PatchMessage): MergedPatch {
  const m: MergedPatch = into ?? { seq: 0, upserts: {}, removed: new Set(), machines: {}, removedMachines: new Set() };
  m.seq = p.seq;
  for (const key of p.removed) {
    delete m.upserts[key];
    m.removed.add(key);
  }
  for (const key in p.upserts) {
    m.removed.delete(key);
    m.upserts[key] = p.upserts[key];
  }
  for (const mv of p.machines ?? []) {
    m.machines[mv.name] = mv;
    m.removedMachines.delete(mv.name);
  }
  for (const name of p.removedMachines ?? []) {
    delete m.machines[name];
    m.removedMachines.add(name);
  }
  if (p.clock) m.clock = p.clock;
  return m;
}

/**
 * Moves the keys of one resource (`events`) out of a merged patch into `held`, so they can be
 * applied later in a batch of their own; returns the patch it was given.
 */
export function holdBack(p: MergedPatch, prefix: string, held: MergedPatch | null): MergedPatch | null {
  let out = held;
  const take = () => (out ??= { seq: p.seq, upserts: {}, removed: new Set(), machines: {}, removedMachines: new Set() });
  for (const key of p.removed) {
    if (!key.startsWith(prefix)) continue;
    p.removed.delete(key);
    const h = take();
    delete h.upserts[key];
    h.removed.add(key);
  }
  for (const key in p.upserts) {
    if (!key.startsWith(prefix)) continue;
    const h = take();
    h.removed.delete(key);
    h.upserts[key] = p.upserts[key];
    delete p.upserts[key];
  }
  return out;
}

/** Puts held-back keys into a (newer) merged patch that holds none of them; `seq` = the mirror's. */
export function release(held: MergedPatch, into: MergedPatch | null, seq: number): MergedPatch {
  if (!into) return { ...held, seq: Math.max(held.seq, seq) };
  for (const key of held.removed) into.removed.add(key);
  Object.assign(into.upserts, held.upserts);
  return into;
}

const podNode = (pod: KObject | undefined): string => ((pod as Pod | undefined)?.spec?.nodeName ?? '') as string;

function place(slots: (string | null)[], id: string, compact: boolean): void {
  if (slots.includes(id)) return;
  const free = compact ? -1 : slots.indexOf(null);
  if (free >= 0) slots[free] = id;
  else slots.push(id);
}

function vacate(slots: (string | null)[], id: string, compact: boolean): void {
  const i = slots.indexOf(id);
  if (i < 0) return;
  if (compact) slots.splice(i, 1);
  else slots[i] = null;
  while (slots.length && slots[slots.length - 1] === null) slots.pop();
}

function usageOf(ids: readonly (string | null)[], pods: Table): Usage {
  const u: Usage = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
  for (const id of ids) {
    const pod = id ? (pods[id] as Pod | undefined) : undefined;
    if (!pod || !holdsResources(pod)) continue;
    const r = podRequests(pod);
    u.cpuMillis += r.cpuMillis;
    u.memoryBytes += r.memoryBytes;
    u.pods++;
  }
  return u;
}

function toneOf(pod: KObject): Tone {
  const c = podColumns(pod as Pod);
  return podTone(c.status, c.ready, c.total);
}

function sameTones(a: ToneCounts | undefined, b: ToneCounts): boolean {
  if (!a) return Object.keys(b).length === 0;
  for (const k in a) if (a[k as Tone] !== b[k as Tone]) return false;
  for (const k in b) if (a[k as Tone] !== b[k as Tone]) return false;
  return true;
}

function sameUsage(a: Usage | undefined, b: Usage): boolean {
  return !!a && a.cpuMillis === b.cpuMillis && a.memoryBytes === b.memoryBytes && a.pods === b.pods;
}

export function fromSnapshot(s: SnapshotMessage): Mirror {
  const mirror = emptyMirror();
  const merged: MergedPatch = { seq: s.seq, upserts: s.objects, removed: new Set(), machines: {}, removedMachines: new Set(), clock: s.clock };
  for (const m of s.machines) merged.machines[m.name] = m;
  return { ...mirror, ...applyPatch(mirror, merged), live: true };
}

/**
 * The part of the mirror a merged patch changes; everything untouched keeps its identity.
 * `ownPods`: the caller owns `state` (nobody compares it with its successor), so the pods table
 * is updated in place instead of copied — at 1,000 pods a copy per frame is the single most
 * expensive thing a frame did, at 150,000 it would take longer than the frame. Components
 * select single pods (`objects.pods[id]`: new object, new identity) or `slots`/`usage`/`tones`
 * (new identity per change); nothing may rely on the pods table's own identity.
 */
export function applyPatch(state: Mirror, p: MergedPatch, ownPods = false): Partial<Mirror> {
  const out: Partial<Mirror> = { seq: p.seq };
  if (p.clock) out.clock = p.clock;

  if (Object.keys(p.machines).length || p.removedMachines.size) {
    const machines = { ...state.machines, ...p.machines };
    for (const name of p.removedMachines) delete machines[name];
    out.machines = machines;
  }

  const tables: Partial<Record<MirroredResource, Table>> = {};
  const table = (r: MirroredResource): Table => (tables[r] ??= ownPods && r === 'pods' ? state.objects[r] : { ...state.objects[r] });
  const toneEdits: Record<string, Partial<Record<Tone, number>>> = {};
  const count = (node: string, pod: KObject, by: 1 | -1) => {
    const c = (toneEdits[node] ??= { ...state.tones[node] });
    const t = toneOf(pod);
    const n = (c[t] ?? 0) + by;
    if (n > 0) c[t] = n;
    else delete c[t];
  };
  const slotEdits: Record<string, (string | null)[]> = {};
  const slotsOf = (node: string): (string | null)[] => (slotEdits[node] ??= [...(state.slots[node] ?? [])]);
  const touchedNodes = new Set<string>();
  let podCount = state.podCount;

  for (const key of p.removed) {
    const { resource, namespace, name } = splitObjectKey(key);
    const r = resource as MirroredResource;
    const id = `${namespace}/${name}`;
    if (!(r in state.objects) || !(id in (tables[r] ?? state.objects[r]))) continue;
    const t = table(r);
    if (r === 'pods') {
      const node = podNode(t[id]);
      vacate(slotsOf(node), id, node === '');
      touchedNodes.add(node);
      count(node, t[id], -1);
      podCount--;
    }
    delete t[id];
  }
  for (const key in p.upserts) {
    const { resource, namespace, name } = splitObjectKey(key);
    const r = resource as MirroredResource;
    if (!(r in state.objects)) continue;
    const id = `${namespace}/${name}`;
    const t = table(r);
    const obj = p.upserts[key];
    if (r === 'pods') {
      const before = t[id];
      const from = before ? podNode(before) : undefined;
      const to = podNode(obj);
      if (from !== to) {
        if (from !== undefined) {
          vacate(slotsOf(from), id, from === '');
          touchedNodes.add(from);
        }
        place(slotsOf(to), id, to === '');
      }
      touchedNodes.add(to);
      if (before) count(from!, before, -1);
      else podCount++;
      count(to, obj, 1);
    }
    t[id] = obj;
  }

  // keep only the newest events (insertion order is arrival order)
  if (tables.events) {
    const keys = Object.keys(tables.events);
    for (let i = 0; i < keys.length - MAX_EVENTS; i++) delete tables.events[keys[i]];
  }

  if (Object.keys(tables).length) out.objects = { ...state.objects, ...tables };
  if (Object.keys(slotEdits).length) {
    const slots = { ...state.slots };
    for (const node in slotEdits) {
      if (slotEdits[node].length) slots[node] = slotEdits[node];
      else delete slots[node];
    }
    out.slots = slots;
  }
  if (touchedNodes.size) {
    const pods = out.objects?.pods ?? state.objects.pods;
    const slots = out.slots ?? state.slots;
    let usage: Record<string, Usage> | undefined;
    for (const node of touchedNodes) {
      if (node === '') continue;
      const u = usageOf(slots[node] ?? [], pods);
      if (sameUsage(state.usage[node], u)) continue;
      usage ??= { ...state.usage };
      usage[node] = u;
    }
    if (usage) out.usage = usage;
  }
  let tones: Record<string, ToneCounts> | undefined;
  for (const node in toneEdits) {
    const c = toneEdits[node];
    if (sameTones(state.tones[node], c)) continue;
    tones ??= { ...state.tones };
    if (Object.keys(c).length) tones[node] = c;
    else delete tones[node];
  }
  if (tones) out.tones = tones;
  if (podCount !== state.podCount) out.podCount = podCount;
  return out;
}
