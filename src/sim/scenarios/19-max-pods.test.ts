/**
 * Scenario 19: the 111th pod on a node whose kubelet allows 110 (maxPods default) is not
 * scheduled there: the node is reported as `Too many pods`.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';

describe('scenario 19: 111th pod on a node with maxPods 110', () => {
  it('does not schedule it there: Too many pods', () => {
    const c = Cluster.create({
      machines: [
        { name: 'control-plane', role: 'control-plane', cpu: 2, memoryGiB: 4 },
        { name: 'node-1', cpu: 64, memoryGiB: 256 },
      ],
    });
    c.runFor(5_000);
    expect(c.store.get('nodes', '', 'node-1')?.status).toMatchObject({ allocatable: { pods: '110' } });
    const already = c.store.podsOn('node-1').length;
    for (let i = 0; i < 111 - already; i++) c.api.create('pods', 'default', pod(`p-${i}`));
    c.runFor(5_000);
    expect(c.store.podsOn('node-1')).toHaveLength(110);
    const pending = c.store.list<Pod>('pods', 'default').filter((p) => !p.spec?.nodeName);
    expect(pending).toHaveLength(1);
    const msg = c.store.list<Event>('events', 'default').find((e) => e.involvedObject.name === pending[0].metadata?.name && e.reason === 'FailedScheduling')?.message;
    expect(msg).toBe(
      '0/2 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. ' +
        'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );

    // one pod goes away: the waiting pod takes its place
    c.api.delete('pods', 'default', 'p-0', { gracePeriodSeconds: 0 });
    c.runFor(5_000);
    expect(c.store.get<Pod>('pods', 'default', pending[0].metadata!.name!)?.spec?.nodeName).toBe('node-1');
  });
});
