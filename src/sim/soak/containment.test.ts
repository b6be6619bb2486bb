/**
 * Fault containment: an exception inside one controller, the scheduler, or a whole component is
 * caught, shown as a Warning Event, and retried with back-off, while the rest of the cluster
 * keeps working. (The kubelet's case is in containment-kubelet.test.ts: it needs a module mock.)
 */
import { describe, expect, it } from 'vitest';
import type { Deployment, Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { deployment, pod } from '../testing/builders';

const available = (c: Cluster, name: string) => c.store.get<Deployment>('deployments', 'default', name)?.status?.availableReplicas ?? 0;
const warnings = (c: Cluster, reason: string) => c.store.list<Event>('events').filter((e) => e.type === 'Warning' && e.reason === reason);

interface Patchable {
  reconcile(key: string): void;
}

describe('fault containment', () => {
  it('a controller that throws for one key: Warning FailedSync, retried with growing delay, the rest keeps working', () => {
    const c = Cluster.create({ seed: 3 });
    const dc = c.components.find((x) => x.name === 'deployment') as unknown as Patchable;
    const original = dc.reconcile.bind(dc);
    const attempts: number[] = [];
    let broken = true;
    dc.reconcile = (key: string) => {
      if (broken && key === 'default/bad') {
        attempts.push(c.clock.now);
        throw new TypeError("Cannot read properties of undefined (reading 'replicas')");
      }
      original(key);
    };
    c.api.create('deployments', 'default', deployment('bad', { replicas: 2 }));
    c.api.create('deployments', 'default', deployment('good', { replicas: 2 }));
    c.runFor(30_000);

    // the rest of the cluster works: `good` is fully available, `bad` has no ReplicaSet yet
    expect(available(c, 'good')).toBe(2);
    expect(c.store.list('replicasets', 'default').map((rs) => rs.metadata?.name?.split('-')[0])).toEqual(['good']);

    // retried with exponential back-off: 5 ms, 10 ms, 20 ms, … between attempts
    expect(attempts.length).toBeGreaterThan(8);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1]);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(1000);

    // visible: one folded Warning Event on the controller-manager's static pod, naming the key
    const ev = warnings(c, 'FailedSync');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      involvedObject: { kind: 'Pod', namespace: 'kube-system', name: 'kube-controller-manager-control-plane' },
      message: `Internal error in deployment while syncing "default/bad": Cannot read properties of undefined (reading 'replicas') (retrying with back-off)`,
      source: { component: 'deployment' },
      count: attempts.length,
    });
    expect(c.faults.at(-1)).toMatchObject({ component: 'deployment', key: 'default/bad' });

    // the bug goes away: the next retry reconciles the key and the Deployment rolls out
    broken = false;
    expect(c.runUntilTrue(() => available(c, 'bad') === 2, 5 * 60_000, 1000)).toBe(true);
  });

  it('the scheduler failing on one pod: Warning FailedScheduling with the error, back-off 1 s … 10 s, other pods scheduled', () => {
    const c = Cluster.create({ seed: 4 });
    const sched = c.components.find((x) => x.name === 'scheduler') as unknown as { scheduleOne(pod: Pod, attempt: number): void };
    const original = sched.scheduleOne.bind(sched);
    const attempts: number[] = [];
    sched.scheduleOne = (p: Pod, attempt: number) => {
      if (p.metadata?.name === 'bad') {
        attempts.push(c.clock.now);
        throw new Error('plugin exploded');
      }
      original(p, attempt);
    };
    c.api.create('pods', 'default', pod('bad'));
    c.api.create('pods', 'default', pod('good'));
    c.runFor(60_000);
    expect(c.store.get<Pod>('pods', 'default', 'good')?.status?.phase).toBe('Running');
    expect(c.store.get<Pod>('pods', 'default', 'bad')?.spec?.nodeName).toBeUndefined();
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]);
    expect(gaps.slice(0, 5)).toEqual([1000, 2000, 4000, 8000, 10000]);
    const ev = warnings(c, 'FailedScheduling');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ involvedObject: { name: 'bad' }, message: `Internal error in scheduler while syncing "${c.store.get<Pod>('pods', 'default', 'bad')!.metadata!.uid}": plugin exploded (retrying with back-off)` });
  });

  it('a whole component throwing out of process_ does not stop the others, nor the run loop', () => {
    const c = Cluster.create({ seed: 5 });
    const rs = c.components.find((x) => x.name === 'endpointslice')!;
    rs.process_ = () => {
      throw new Error('endpointslice controller crashed');
    };
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    c.runFor(60_000);
    expect(available(c, 'web')).toBe(3);
    // reported, but not in a tight loop: once per settle at most
    expect(c.faultTotal).toBeGreaterThan(0);
    expect(c.faults.every((f) => f.component === 'endpointslice')).toBe(true);
    const ev = warnings(c, 'FailedSync');
    expect(ev).toHaveLength(1);
    expect(ev[0].involvedObject.name).toBe('kube-controller-manager-control-plane');
    expect(ev[0].message).toBe('Internal error in endpointslice: endpointslice controller crashed (retrying with back-off)');
  });
});
