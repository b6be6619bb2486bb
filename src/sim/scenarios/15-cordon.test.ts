/**
 * Scenario 15: cordon node-1. Running pods stay; new pods avoid it; a pod whose nodeSelector
 * matches only node-1 stays Pending with "were unschedulable" for node-1 and "didn't match Pod's
 * node affinity/selector" for the others. (`kubectl cordon` = PATCH spec.unschedulable=true.)
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import type { MachineSpec } from '../infra/machines';
import { deployment, pod } from '../testing/builders';

const cordon = (c: Cluster, node: string) => c.api.patch('nodes', undefined, node, { spec: { unschedulable: true } }, 'strategic');
const pods = (c: Cluster) => c.store.list<Pod>('pods', 'default');
const failedMessage = (c: Cluster, name: string) =>
  c.store.list<Event>('events', 'default').find((e) => e.involvedObject.name === name && e.reason === 'FailedScheduling')?.message;

describe('scenario 15: cordon node-1', () => {
  it('keeps running pods, places new pods elsewhere, and explains the pinned pod', () => {
    const c = Cluster.create();
    c.runFor(5_000);
    for (let i = 0; i < 6; i++) c.api.create('pods', 'default', pod(`before-${i}`));
    c.runFor(10_000);
    const onNode1 = pods(c).filter((p) => p.spec?.nodeName === 'node-1').map((p) => p.metadata?.name);
    expect(onNode1.length).toBeGreaterThan(0);

    cordon(c, 'node-1');
    c.runFor(1_000);
    expect(c.store.get('nodes', '', 'node-1')?.spec).toMatchObject({ unschedulable: true });
    // running pods stay where they are
    expect(pods(c).filter((p) => p.spec?.nodeName === 'node-1').map((p) => p.metadata?.name)).toEqual(onNode1);

    for (let i = 0; i < 9; i++) c.api.create('pods', 'default', pod(`after-${i}`));
    c.runFor(10_000);
    const after = pods(c).filter((p) => p.metadata?.name?.startsWith('after-'));
    expect(after.every((p) => p.spec?.nodeName && p.spec.nodeName !== 'node-1' && p.spec.nodeName !== 'control-plane')).toBe(true);

    c.api.create('pods', 'default', pod('pinned', { spec: { nodeSelector: { 'kubernetes.io/hostname': 'node-1' } } }));
    c.runFor(60_000);
    const pinned = c.store.get<Pod>('pods', 'default', 'pinned')!;
    expect(pinned.spec?.nodeName).toBeUndefined();
    // the default cluster also has the tainted control-plane node: 0/4
    expect(failedMessage(c, 'pinned')).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
    );

    // uncordon: the pending pod is retried and lands; the others do not move back
    c.api.patch('nodes', undefined, 'node-1', { spec: { unschedulable: false } }, 'strategic');
    c.runFor(15_000);
    expect(c.store.get<Pod>('pods', 'default', 'pinned')!.spec?.nodeName).toBe('node-1');
    expect(pods(c).filter((p) => p.metadata?.name?.startsWith('after-')).every((p) => p.spec?.nodeName !== 'node-1')).toBe(true);
  });

  it('scaling a Deployment up places no new pods on the cordoned node', () => {
    const c = Cluster.create();
    c.runFor(5_000);
    c.api.create('deployments', 'default', deployment('web', { replicas: 3 }));
    c.runFor(30_000);
    const before = new Set(pods(c).map((p) => p.metadata?.uid));
    cordon(c, 'node-1');
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 9 } }, 'merge');
    c.runFor(30_000);
    const added = pods(c).filter((p) => !before.has(p.metadata?.uid));
    expect(added).toHaveLength(6);
    expect(added.every((p) => p.spec?.nodeName === 'node-2' || p.spec?.nodeName === 'node-3')).toBe(true);
    expect(pods(c).filter((p) => before.has(p.metadata?.uid))).toHaveLength(3);
  });

  it('with three workers and no control-plane node the message reads 0/3', () => {
    const machines: MachineSpec[] = [1, 2, 3].map((i) => ({ name: `node-${i}`, cpu: 4, memoryGiB: 8 }));
    const c = Cluster.create({ machines });
    c.runFor(5_000);
    cordon(c, 'node-1');
    c.api.create('pods', 'default', pod('pinned', { spec: { nodeSelector: { 'kubernetes.io/hostname': 'node-1' } } }));
    c.runFor(5_000);
    expect(failedMessage(c, 'pinned')).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });
});
