/**
 * Scenario 9: scaling 5 → 2. The ReplicaSet picks its victims: not-yet-running pods first,
 * then pods on the nodes most crowded with this Deployment's pods, then the most recently
 * Ready; the Deployment says `Scaled down replica set … from 5 to 2`.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { activePods, deployColumns, eventMessages, getDeploy, recordScaling, replicaSets, rolloutStatusLine } from '../controllers/testing/workloads';

const nodeCounts = (ps: Pod[]) => {
  const m = new Map<string, number>();
  for (const p of ps) m.set(p.spec?.nodeName ?? '', (m.get(p.spec?.nodeName ?? '') ?? 0) + 1);
  return m;
};

describe('scenario 9: scale 5 → 2', () => {
  it('deletes pods on the most crowded nodes first', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 5, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const before = activePods(c);
    const counts = nodeCounts(before);
    const rs = replicaSets(c)[0].metadata!.name!;
    const scaling = recordScaling(c);

    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 2 } });
    c.settle();
    expect(scaling).toEqual([`Scaled down replica set ${rs} from 5 to 2`]);
    const deleted = eventMessages(c, 'SuccessfulDelete').map((m) => m.replace('Deleted pod: ', ''));
    expect(deleted).toHaveLength(3);
    // every victim sat on a node holding the most pods of the Deployment at that moment
    const most = Math.max(...counts.values());
    const victims = before.filter((p) => deleted.includes(p.metadata!.name!));
    const survivors = activePods(c);
    expect(survivors).toHaveLength(2);
    // ranks are fixed before deleting: no survivor was on a more crowded node than any victim
    const minVictimRank = Math.min(...victims.map((p) => counts.get(p.spec!.nodeName!)!));
    for (const s of survivors) expect(counts.get(s.spec!.nodeName!)!).toBeLessThanOrEqual(minVictimRank);
    expect(victims.some((p) => counts.get(p.spec!.nodeName!) === most)).toBe(true);

    expect(c.runUntilTrue(() => c.store.list('pods', 'default').length === 2, 120_000)).toBe(true);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '2/2', upToDate: 2, available: 2 });
    expect(c.faults).toEqual([]);
  });

  it('deletes pods that are not running yet before Ready ones', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 2, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const ready = activePods(c).map((p) => p.metadata!.name!);
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 5 } });
    c.settle();
    const fresh = activePods(c)
      .map((p) => p.metadata!.name!)
      .filter((n) => !ready.includes(n));
    expect(fresh).toHaveLength(3);
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 2 } });
    c.settle();
    expect(eventMessages(c, 'SuccessfulDelete').map((m) => m.replace('Deleted pod: ', '')).sort()).toEqual([...fresh].sort());
    expect(activePods(c).map((p) => p.metadata!.name!).sort()).toEqual([...ready].sort());
    expect(c.faults).toEqual([]);
  });
});
