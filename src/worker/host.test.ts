import { describe, expect, it } from 'vitest';
import { SimHost } from './host';
import type { FromWorker, PatchMessage, ReplyMessage, SnapshotMessage } from './protocol';

function makeHost(opts: { demo?: boolean; paused?: boolean; speed?: number } = {}) {
  const out: FromWorker[] = [];
  let real = 0;
  const host = new SimHost({ seed: 7, epochMs: Date.UTC(2026, 0, 1), post: (m) => out.push(structuredClone(m)), realNow: () => real, ...opts });
  return {
    host,
    out,
    advanceReal(ms: number) {
      real += ms;
    },
    take(): FromWorker[] {
      return out.splice(0, out.length);
    },
  };
}

const nginxPod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });

describe('SimHost', () => {
  it('sends the snapshot first: namespaces, the demo deployment, every machine, the clock', () => {
    const t = makeHost({ demo: true });
    t.host.start();
    const [first] = t.take();
    expect(first.type).toBe('snapshot');
    const snap = first as SnapshotMessage;
    expect(Object.keys(snap.objects)).toContain('namespaces//default');
    expect(snap.objects['deployments/default/web']?.spec).toMatchObject({ replicas: 3 });
    expect(snap.machines.map((m) => m.name)).toEqual(['control-plane', 'node-1', 'node-2', 'node-3']);
    expect(snap.machines[0]).toMatchObject({ role: 'control-plane', powered: true });
    expect(snap.clock).toEqual({ now: 0, epochMs: Date.UTC(2026, 0, 1), speed: 1, paused: false });
  });

  it('coalesces many writes into one patch with only the latest version of what changed', () => {
    const t = makeHost({ paused: true });
    t.host.start();
    t.take();
    const api = t.host.cluster.api;
    api.create('pods', 'default', nginxPod('a'));
    api.patch('pods', 'default', 'a', { metadata: { labels: { v: '1' } } }, 'merge');
    api.patch('pods', 'default', 'a', { metadata: { labels: { v: '2' } } }, 'merge');
    t.host.cluster.settle();
    // the scheduler and kubelet may have written it too: the patch carries whatever is newest
    const last = t.host.cluster.store.get('pods', 'default', 'a')!;
    t.host.tick();
    const msgs = t.take();
    expect(msgs).toHaveLength(1);
    const patch = msgs[0] as PatchMessage;
    expect(patch.type).toBe('patch');
    // the pod, and whatever the (possibly still placeholder) controllers wrote: never the untouched namespaces
    expect(patch.upserts['pods/default/a']?.metadata?.resourceVersion).toBe(last.metadata?.resourceVersion);
    expect(patch.upserts['pods/default/a']?.metadata?.labels).toEqual({ v: '2' });
    expect(Object.keys(patch.upserts).some((k) => k.startsWith('namespaces/'))).toBe(false);
    expect(patch.removed).toEqual([]);
  });

  it('reports removed keys, and forgets an upsert of an object deleted in the same frame', () => {
    const t = makeHost({ paused: true });
    t.host.start();
    t.take();
    const api = t.host.cluster.api;
    api.create('namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    t.host.cluster.settle();
    t.host.tick();
    expect((t.take()[0] as PatchMessage).upserts['namespaces//shop']).toBeDefined();
    api.create('pods', 'default', nginxPod('gone'));
    api.delete('pods', 'default', 'gone', { gracePeriodSeconds: 0 });
    t.host.cluster.settle();
    t.host.tick();
    const patch = t.take()[0] as PatchMessage;
    expect(patch.upserts['pods/default/gone']).toBeUndefined();
    expect(patch.removed).toContain('pods/default/gone');
  });

  it('sends nothing while nothing changes', () => {
    const t = makeHost({ paused: true });
    t.host.start();
    t.take();
    t.advanceReal(100);
    t.host.tick();
    t.host.tick();
    expect(t.take()).toEqual([]);
  });

  it('advances virtual time by real elapsed × speed and says so in the patch', () => {
    const t = makeHost({ speed: 10 });
    t.host.start();
    t.take();
    t.advanceReal(16);
    t.host.tick();
    const patch = t.take()[0] as PatchMessage;
    expect(patch.clock).toMatchObject({ now: 160, speed: 10, paused: false });
    expect(t.host.cluster.clock.now).toBe(160);
  });

  it('does not run up a huge backlog after a long real gap (a throttled tab)', () => {
    const t = makeHost({ speed: 60 });
    t.host.start();
    t.advanceReal(60_000);
    t.host.tick();
    expect(t.host.cluster.clock.now).toBeLessThanOrEqual(250 * 60);
  });

  it('answers requests after the patch that shows their effect', () => {
    const t = makeHost({ paused: true });
    t.host.start();
    t.take();
    t.host.handle({ type: 'request', id: 1, call: { op: 'powerMachine', name: 'node-2', on: false } });
    t.host.tick();
    const msgs = t.take();
    expect(msgs.map((m) => m.type)).toEqual(['patch', 'reply']);
    expect((msgs[0] as PatchMessage).machines).toEqual([expect.objectContaining({ name: 'node-2', powered: false })]);
    expect(msgs[1]).toMatchObject({ id: 1, ok: true, result: { name: 'node-2', powered: false } });
  });

  it('returns the API server Status for API errors', () => {
    const t = makeHost({ paused: true });
    t.host.start();
    t.take();
    t.host.handle({ type: 'request', id: 9, call: { op: 'deletePod', namespace: 'default', name: 'nope' } });
    t.host.flush();
    const reply = t.take().find((m) => m.type === 'reply') as ReplyMessage;
    expect(reply).toMatchObject({ id: 9, ok: false, error: { kind: 'Status', reason: 'NotFound', code: 404, message: 'pods "nope" not found' } });
  });

  it('deletes a pod gracefully through the API: it stays, Terminating, with a deletionTimestamp', () => {
    const t = makeHost({ paused: true });
    t.host.start();
    t.host.cluster.api.create('pods', 'default', nginxPod('p'));
    t.host.cluster.settle();
    t.host.tick();
    t.take();
    t.host.handle({ type: 'request', id: 2, call: { op: 'deletePod', namespace: 'default', name: 'p' } });
    t.host.tick();
    const [patch, reply] = t.take();
    expect(reply).toMatchObject({ id: 2, ok: true });
    const p = (patch as PatchMessage).upserts['pods/default/p'] ?? undefined;
    // with no kubelet bound yet the API server may remove an unscheduled pod at once; either way the UI learns of it
    if (p) expect(p.metadata?.deletionTimestamp).toBeTruthy();
    else expect((patch as PatchMessage).removed).toContain('pods/default/p');
  });

  it('never throws on bad input: bad requests get an error reply, junk gets a notice', () => {
    const t = makeHost({ paused: true });
    t.host.start();
    t.take();
    for (const junk of [null, 42, 'x', [], { type: 'nope' }, { type: 'request' }, { type: 'request', id: 3, call: { op: 'setSpeed', speed: -1 } }]) {
      expect(() => t.host.handle(junk)).not.toThrow();
    }
    t.host.handle({ type: 'request', id: 4, call: { op: 'api', verb: 'create', resource: 'widgets', namespace: 'default', body: { kind: 'Widget' } } });
    t.host.flush();
    const msgs = t.take();
    expect(msgs.filter((m) => m.type === 'notice')).toHaveLength(6);
    expect(msgs.find((m) => m.type === 'reply' && m.id === 3)).toMatchObject({ ok: false, error: { kind: 'Error' } });
    expect(msgs.find((m) => m.type === 'reply' && m.id === 4)).toMatchObject({ ok: false, error: { kind: 'Status', code: 404 } });
  });

  it('pauses, resumes, changes speed and steps', () => {
    const t = makeHost();
    t.host.start();
    t.host.handle({ type: 'request', id: 1, call: { op: 'pause' } });
    t.advanceReal(100);
    t.host.tick();
    expect(t.host.cluster.clock.now).toBe(0);
    t.host.handle({ type: 'request', id: 2, call: { op: 'step', ms: 5000 } });
    t.host.handle({ type: 'request', id: 3, call: { op: 'setSpeed', speed: 60 } });
    t.host.handle({ type: 'request', id: 4, call: { op: 'resume' } });
    t.advanceReal(10);
    t.host.tick();
    expect(t.host.cluster.clock.now).toBe(5600);
    const patches = t.take().filter((m): m is PatchMessage => m.type === 'patch');
    expect(patches.at(-1)?.clock).toMatchObject({ now: 5600, speed: 60, paused: false });
  });
});
