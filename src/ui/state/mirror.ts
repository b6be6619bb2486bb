/**
 * The mirror of the cluster, as pure functions: a snapshot builds it, a (merged) patch updates
 * it. Unchanged objects, slot lists and usage records keep their identity, so components that
 * select them do not re-render. Pods sit in stable slots per node: a pod keeps its place when a
 * neighbour leaves; a newcomer takes the first free slot.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KObject } from '../../sim/api/types';
import { MIRRORED_RESOURCES, splitObjectKey, type ClockView, type MachineView, type MirroredResource, type PatchMessage, type SnapshotMessage } from '../../worker/protocol';
import { holdsResources, podRequests } from './views';

/** Objects of one resource keyed `namespace/name` (cluster-scoped: `/name`). */
export type Table = Record<string, KObject>;

export interface Usage {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
}

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
  return { live: false, seq: 0, objects, machines: {}, clock: { now: 0, epochMs: 0, speed: 1, paused: false }, slots: {}, usage: {} };
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

function sameUsage(a: Usage | undefined, b: Usage): boolean {
  return !!a && a.cpuMillis === b.cpuMillis && a.memoryBytes === b.memoryBytes && a.pods === b.pods;
}

export function fromSnapshot(s: SnapshotMessage): Mirror {
  const mirror = emptyMirror();
  const merged: MergedPatch = { seq: s.seq, upserts: s.objects, removed: new Set(), machines: {}, removedMachines: new Set(), clock: s.clock };
  for (const m of s.machines) merged.machines[m.name] = m;
  return { ...mirror, ...applyPatch(mirror, merged), live: true };
}

/** The part of the mirror a merged patch changes; everything untouched keeps its identity. */
export function applyPatch(state: Mirror, p: MergedPatch): Partial<Mirror> {
  const out: Partial<Mirror> = { seq: p.seq };
  if (p.clock) out.clock = p.clock;

  if (Object.keys(p.machines).length || p.removedMachines.size) {
    const machines = { ...state.machines, ...p.machines };
    for (const name of p.removedMachines) delete machines[name];
    out.machines = machines;
  }

  const tables: Partial<Record<MirroredResource, Table>> = {};
  const table = (r: MirroredResource): Table => (tables[r] ??= { ...state.objects[r] });
  const slotEdits: Record<string, (string | null)[]> = {};
  const slotsOf = (node: string): (string | null)[] => (slotEdits[node] ??= [...(state.slots[node] ?? [])]);
  const touchedNodes = new Set<string>();

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
  return out;
}
