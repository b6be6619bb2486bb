/**
 * Scenario 7: scaling a Deployment in the middle of a stuck rollout (replicas 10, maxSurge 3,
 * maxUnavailable 2; old 8 + new 5 that cannot start) to 15 spreads the 5 extra replicas in
 * proportion: old 11, new 7 (the documented example of proportional scaling).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { deployColumns, getDeploy, recordScaling, rolloutStatusLine, rsByRevision, rsColumns, setImage } from '../controllers/testing/workloads';

describe('scenario 7: scale during a stuck rollout', () => {
  it('adds replicas to old and new ReplicaSets in proportion', () => {
    const c = Cluster.create();
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
    c.api.create('deployments', 'default', deployment('web', { replicas: 10, image: 'nginx:1.27', strategy }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    setImage(c, 'nginx:doesnotexist');
    c.runFor(60_000);
    const o = rsByRevision(c, 1)!;
    const n = rsByRevision(c, 2)!;
    expect([o.spec?.replicas, n.spec?.replicas]).toEqual([8, 5]);

    const scaling = recordScaling(c);
    c.api.patch('deployments', 'default', 'web', { spec: { replicas: 15 } });
    c.runFor(30_000);
    expect(scaling).toEqual([`Scaled up replica set ${o.metadata?.name} from 8 to 11`, `Scaled up replica set ${n.metadata?.name} from 5 to 7`]);
    expect(rsColumns(rsByRevision(c, 1)!)).toEqual([11, 11, 11]);
    expect(rsColumns(rsByRevision(c, 2)!)).toEqual([7, 7, 0]);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '11/15', upToDate: 7, available: 11 });
    for (const rs of [rsByRevision(c, 1)!, rsByRevision(c, 2)!]) {
      expect(rs.metadata?.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '15', 'deployment.kubernetes.io/max-replicas': '18' });
    }
    expect(c.faults).toEqual([]);
  });
});
