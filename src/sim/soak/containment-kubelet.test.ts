/**
 * Fault containment in the kubelet: a pod sync that throws is shown as Warning `FailedSync` on
 * the pod and synced again after the pod worker's 10 s back-off period; the node's other pods
 * run on. The pod worker is replaced by a wrapper that throws for pods named `bad` while told to.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import type { Host } from '../kubelet/host';
import type { PodState } from '../kubelet/state';
import { pod } from '../testing/builders';

const trap = vi.hoisted(() => ({ broken: false, attempts: [] as number[] }));

vi.mock('../kubelet/podworker', async (load) => {
  const real = await load<typeof import('../kubelet/podworker')>();
  return {
    ...real,
    syncPod(h: Host, p: PodState) {
      if (trap.broken && h.store.byUID(p.uid)?.metadata?.name === 'bad') {
        trap.attempts.push(h.now());
        throw new RangeError('Invalid array length');
      }
      real.syncPod(h, p);
    },
  };
});

describe('fault containment in the kubelet', () => {
  it('a pod whose sync throws: Warning FailedSync on the pod, retried every 10 s, the other pods run', () => {
    const c = Cluster.create({ seed: 6 });
    trap.broken = true;
    c.api.create('pods', 'default', pod('bad', { spec: { nodeName: 'node-1' } }));
    c.api.create('pods', 'default', pod('good', { spec: { nodeName: 'node-1' } }));
    c.runFor(45_000);
    const get = (n: string) => c.store.get<Pod>('pods', 'default', n)!;
    expect(get('good').status?.phase).toBe('Running');
    expect(get('bad').status?.phase ?? 'Pending').toBe('Pending');
    const gaps = trap.attempts.slice(1).map((t, i) => t - trap.attempts[i]);
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    for (const g of gaps) expect(g).toBe(10_000);
    const ev = c.store.list<Event>('events', 'default').filter((e) => e.reason === 'FailedSync');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      type: 'Warning',
      involvedObject: { kind: 'Pod', name: 'bad' },
      message: `Internal error in kubelet while syncing "${get('bad').metadata!.uid}": Invalid array length (retrying with back-off)`,
      count: trap.attempts.length,
    });
    trap.broken = false;
    expect(c.runUntilTrue(() => get('bad').status?.phase === 'Running', 30_000, 500)).toBe(true);
  });
});
