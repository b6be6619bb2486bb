import { describe, expect, it } from 'vitest';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { daemonSet } from './testing/sts';

const agents = (c: Cluster) => c.store.list<Pod>('pods', 'default').filter((p) => p.metadata?.labels?.app === 'agent' && !p.metadata?.deletionTimestamp);
const ready = (p: Pod) => p.status?.phase === 'Running' && !!p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True');

describe('DaemonSet controller', () => {
  it('runs one pod per schedulable worker, placed by the scheduler via node affinity', () => {
    const c = Cluster.create({ seed: 1 });
    c.api.create('daemonsets', 'default', daemonSet('agent'));
    expect(c.runUntilTrue(() => agents(c).filter(ready).length === 3, 120_000, 1000)).toBe(true);
    expect(agents(c).map((p) => p.spec?.nodeName).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    const p = agents(c).find((x) => x.spec?.nodeName === 'node-2')!;
    expect(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }]);
    expect(p.spec?.tolerations?.map((t) => `${t.key}:${t.effect}:${t.tolerationSeconds ?? '-'}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute:-',
      'node.kubernetes.io/unreachable:NoExecute:-',
      'node.kubernetes.io/disk-pressure:NoSchedule:-',
      'node.kubernetes.io/memory-pressure:NoSchedule:-',
      'node.kubernetes.io/pid-pressure:NoSchedule:-',
      'node.kubernetes.io/unschedulable:NoSchedule:-',
    ]);
    expect(p.metadata?.labels?.['pod-template-generation']).toBe('1');
    const ds = c.store.get<DaemonSet>('daemonsets', 'default', 'agent')!;
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0 });
  });

  it('follows nodes joining and leaving, and tolerating the control-plane taint puts a pod there', () => {
    const c = Cluster.create({ seed: 2 });
    c.api.create('daemonsets', 'default', daemonSet('agent', { tolerateControlPlane: true }));
    expect(c.runUntilTrue(() => agents(c).filter(ready).length === 4, 120_000, 1000)).toBe(true);
    c.addMachine({ name: 'node-4', cpu: 4, memoryGiB: 8 });
    expect(c.runUntilTrue(() => agents(c).filter(ready).length === 5, 120_000, 1000)).toBe(true);
    c.api.delete('nodes', undefined, 'node-4');
    expect(c.runUntilTrue(() => agents(c).length === 4, 120_000, 1000)).toBe(true);
  });

  it('a nodeSelector limits the nodes; relabelling a node adds or removes its pod', () => {
    const c = Cluster.create({ seed: 3 });
    c.api.create('daemonsets', 'default', daemonSet('agent', { nodeSelector: { disk: 'ssd' } }));
    c.runFor(10_000);
    expect(agents(c)).toHaveLength(0);
    c.api.patch('nodes', undefined, 'node-1', { metadata: { labels: { disk: 'ssd' } } });
    expect(c.runUntilTrue(() => agents(c).filter(ready).length === 1, 60_000, 1000)).toBe(true);
    c.api.patch('nodes', undefined, 'node-1', { metadata: { labels: { disk: null } } });
    expect(c.runUntilTrue(() => agents(c).length === 0, 60_000, 1000)).toBe(true);
  });

  it('rolls an image change one node at a time (maxUnavailable 1)', () => {
    const c = Cluster.create({ seed: 4 });
    c.api.create('daemonsets', 'default', daemonSet('agent'));
    expect(c.runUntilTrue(() => agents(c).filter(ready).length === 3, 120_000, 1000)).toBe(true);
    c.api.patch('daemonsets', 'default', 'agent', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } }, 'strategic');
    let maxDown = 0;
    const done = c.runUntilTrue(() => {
      maxDown = Math.max(maxDown, 3 - agents(c).filter(ready).length);
      return agents(c).filter((p) => ready(p) && p.spec?.containers[0].image === 'nginx:1.28').length === 3;
    }, 300_000, 200);
    expect(done).toBe(true);
    expect(maxDown).toBe(1);
    expect(c.store.list('controllerrevisions', 'default').map((r) => r.revision)).toEqual([1, 2]);
  });
});
