import { describe, expect, it } from 'vitest';
import type { KObject } from '../../sim/api/types';
import type { PatchMessage, SnapshotMessage } from '../../worker/protocol';
import { applyPatch, fromSnapshot, mergePatch, type Mirror } from './mirror';

const pod = (name: string, node?: string, cpu = '100m'): KObject => ({ metadata: { name, namespace: 'default' }, spec: { nodeName: node, containers: [{ name: 'c', resources: { requests: { cpu, memory: '64Mi' } } }] }, status: { phase: node ? 'Running' : 'Pending' } });
const snap = (objects: Record<string, KObject>): SnapshotMessage => ({ type: 'snapshot', seq: 1, objects, machines: [], clock: { now: 0, epochMs: 0, speed: 1, paused: false } });
const patch = (p: Partial<PatchMessage>): PatchMessage => ({ type: 'patch', seq: 2, upserts: {}, removed: [], ...p });
const apply = (m: Mirror, ...ps: PatchMessage[]): Mirror => {
  let merged = null;
  for (const p of ps) merged = mergePatch(merged, p);
  return { ...m, ...applyPatch(m, merged!) };
};

describe('the mirror', () => {
  it('keeps pods in stable slots: a neighbour leaving leaves a hole, a newcomer fills it', () => {
    let m = fromSnapshot(snap({ 'pods/default/a': pod('a', 'n1'), 'pods/default/b': pod('b', 'n1'), 'pods/default/c': pod('c', 'n1') }));
    expect(m.slots.n1).toEqual(['default/a', 'default/b', 'default/c']);
    m = apply(m, patch({ removed: ['pods/default/b'] }));
    expect(m.slots.n1).toEqual(['default/a', null, 'default/c']);
    m = apply(m, patch({ upserts: { 'pods/default/d': pod('d', 'n1') } }));
    expect(m.slots.n1).toEqual(['default/a', 'default/d', 'default/c']);
  });

  it('moves a pod from the unscheduled tray to its node when it is bound', () => {
    let m = fromSnapshot(snap({ 'pods/default/p': pod('p'), 'pods/default/q': pod('q') }));
    expect(m.slots['']).toEqual(['default/p', 'default/q']);
    m = apply(m, patch({ upserts: { 'pods/default/p': pod('p', 'n2') } }));
    expect(m.slots['']).toEqual(['default/q']);
    expect(m.slots.n2).toEqual(['default/p']);
    expect(m.usage.n2).toEqual({ cpuMillis: 100, memoryBytes: 64 * 2 ** 20, pods: 1 });
  });

  it('keeps identity of everything a patch does not touch', () => {
    const m = fromSnapshot(snap({ 'pods/default/a': pod('a', 'n1'), 'pods/default/b': pod('b', 'n2'), 'deployments/default/web': { metadata: { name: 'web' } } }));
    const next = apply(m, patch({ upserts: { 'pods/default/a': { ...pod('a', 'n1', '200m') } } }));
    expect(next.objects.deployments).toBe(m.objects.deployments);
    expect(next.objects.pods['default/b']).toBe(m.objects.pods['default/b']);
    expect(next.slots.n2).toBe(m.slots.n2);
    expect(next.usage.n2).toBe(m.usage.n2);
    expect(next.usage.n1.cpuMillis).toBe(200);
  });

  it('squashes patches: a later removal cancels an earlier upsert, a later upsert wins', () => {
    const m = fromSnapshot(snap({}));
    const next = apply(m, patch({ upserts: { 'pods/default/x': pod('x', 'n1') } }), patch({ removed: ['pods/default/x'] }), patch({ upserts: { 'pods/default/y': pod('y', 'n1', '1') } }), patch({ upserts: { 'pods/default/y': pod('y', 'n1', '2') } }));
    expect(Object.keys(next.objects.pods)).toEqual(['default/y']);
    expect(next.podCount).toBe(1);
    expect(next.slots.n1).toEqual(['default/y']);
    expect(next.usage.n1.cpuMillis).toBe(2000);
  });

  it('counts pods per node by status family, and keeps the counts of untouched nodes', () => {
    let m = fromSnapshot(snap({ 'pods/default/a': pod('a', 'n1'), 'pods/default/b': pod('b', 'n1'), 'pods/default/c': pod('c', 'n2'), 'pods/default/p': pod('p') }));
    // Running, 0/1 ready (no container statuses): a warning, as on a chip
    expect(m.tones).toEqual({ n1: { warning: 2 }, n2: { warning: 1 }, '': { progress: 1 } });
    const n2 = m.tones.n2;
    const terminating = { ...pod('a', 'n1'), metadata: { name: 'a', namespace: 'default', deletionTimestamp: '2026-01-01T00:00:00Z' } };
    m = apply(m, patch({ upserts: { 'pods/default/a': terminating, 'pods/default/p': pod('p', 'n1') } }));
    expect(m.tones.n1).toEqual({ warning: 2, terminating: 1 });
    expect(m.tones['']).toBeUndefined();
    expect(m.tones.n2).toBe(n2);
    m = apply(m, patch({ removed: ['pods/default/a', 'pods/default/b', 'pods/default/p'] }));
    expect(m.tones.n1).toBeUndefined();
  });

  it('lets its owner update the pods table in place, with the same result', () => {
    const objects = { 'pods/default/a': pod('a', 'n1'), 'pods/default/b': pod('b', 'n1') };
    const p = mergePatch(null, patch({ removed: ['pods/default/a'], upserts: { 'pods/default/c': pod('c', 'n1', '300m') } }));
    const copied = fromSnapshot(snap(objects));
    const owned = fromSnapshot(snap(objects));
    const table = owned.objects.pods;
    const a = { ...copied, ...applyPatch(copied, p) };
    const b = { ...owned, ...applyPatch(owned, p, true) };
    expect(b.objects.pods).toBe(table);
    expect(b.objects.pods).toEqual(a.objects.pods);
    expect(a.objects.pods).not.toBe(copied.objects.pods);
    expect(b.slots).toEqual(a.slots);
    expect(b.usage).toEqual(a.usage);
    expect(b.tones).toEqual(a.tones);
    expect([a.podCount, b.podCount]).toEqual([2, 2]);
  });

  it('nodes are cluster-scoped: keyed /name', () => {
    const m = fromSnapshot(snap({ 'nodes//node-1': { metadata: { name: 'node-1' } } }));
    expect(m.objects.nodes['/node-1']).toBeDefined();
  });
});
