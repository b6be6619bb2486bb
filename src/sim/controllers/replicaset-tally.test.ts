import { describe, expect, it } from 'vitest';
import type { Pod, ReplicaSet } from '../api/types';
import { Cluster } from '../cluster';
import { replicaSet } from '../testing/builders';
import { ReplicaSetTallies } from './replicaset-tally';
import { markReady } from './testing/fakeNodes';

const counts = (t: { active: number; fullyLabeled: number; ready: number; mismatched: number }) => [t.active, t.fullyLabeled, t.ready, t.mismatched];

describe('ReplicaSet tallies', () => {
  it('stay equal to a fresh count through creations, readiness, relabels, deletions and adoption', () => {
    const c = Cluster.create({ machines: [], seed: 7 });
    const tallies = new ReplicaSetTallies(c.store);
    c.store.subscribe('pods', (e) => tallies.onPod(e.rv, e.old, e.type === 'DELETED' ? undefined : e.object));
    c.api.create('replicasets', 'default', replicaSet('web', { replicas: 6 }));
    c.settle();
    const rs = () => c.store.get<ReplicaSet>('replicasets', 'default', 'web')!;
    tallies.get(rs()); // built now; later events must keep it right
    const check = () => {
      c.settle();
      expect(counts(tallies.get(rs()))).toEqual(counts(new ReplicaSetTallies(c.store).get(rs())));
    };
    const pods = () => c.store.list<Pod>('pods', 'default').filter((p) => !p.metadata?.deletionTimestamp);
    for (const p of pods().slice(0, 4)) markReady(c, p);
    check();
    c.api.patch('pods', 'default', pods()[0].metadata!.name!, { metadata: { labels: { app: 'web', extra: 'x' } } });
    check();
    c.api.patch('pods', 'default', pods()[1].metadata!.name!, { metadata: { labels: { app: 'other' } } });
    check();
    c.api.delete('pods', 'default', pods()[2].metadata!.name!);
    check();
    c.api.patch('replicasets', 'default', 'web', { spec: { replicas: 2 } });
    check();
    const p = pods()[0];
    c.api.update('pods', 'default', { ...p, status: { ...p.status, phase: 'Failed' } }, { subresource: 'status' });
    check();
    expect(tallies.get(rs()).active).toBe(2);
  });
});
