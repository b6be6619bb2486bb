/**
 * Scenario 18: a pod requests more CPU than any node has (3 nodes, control plane tainted).
 * It stays Pending forever; `describe` shows the FailedScheduling event with the exact message,
 * repeated (folded into one Event with a growing count) as the scheduler retries every ~5 min.
 */
import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../api/types';
import { Cluster } from '../cluster';
import { pod } from '../testing/builders';

const MESSAGE =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. ' +
  'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';

describe('scenario 18: pod requests more CPU than any node has', () => {
  it('stays Pending with the FailedScheduling message, forever', () => {
    const c = Cluster.create({
      machines: [
        { name: 'control-plane', role: 'control-plane', cpu: 2, memoryGiB: 4 },
        { name: 'node-1', cpu: 4, memoryGiB: 8 },
        { name: 'node-2', cpu: 4, memoryGiB: 8 },
      ],
    });
    c.runFor(5_000);
    c.api.create('pods', 'default', pod('hungry', { container: { resources: { requests: { cpu: '8' } } } }));
    c.runFor(1_000);

    const check = () => {
      const p = c.store.get<Pod>('pods', 'default', 'hungry')!;
      expect(p.status?.phase).toBe('Pending'); // STATUS Pending
      expect(p.spec?.nodeName).toBeUndefined(); // NODE <none>
      expect(p.status?.podIP).toBeUndefined(); // IP <none>
      expect(p.status?.conditions?.find((x) => x.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: MESSAGE });
      const evs = c.store.list<Event>('events', 'default').filter((e) => e.involvedObject.name === 'hungry');
      expect(evs.map((e) => [e.type, e.reason, e.message, e.source?.component])).toEqual([['Warning', 'FailedScheduling', MESSAGE, 'default-scheduler']]);
      return evs[0].count ?? 1;
    };
    expect(check()).toBe(1);
    c.runFor(30 * 60_000);
    // retried about every 5 minutes: still the same single, folded event
    expect(check()).toBeGreaterThanOrEqual(6);
  });
});
