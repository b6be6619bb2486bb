/**
 * Scenario 4: a rolling update of 4 replicas (maxSurge 1, maxUnavailable 1) to a bad image
 * ends stuck with the old RS at 3 (available) and the new RS at 2 (not available):
 * READY 3/4, UP-TO-DATE 2, AVAILABLE 3, five pods in all.
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { deployment } from '../testing/builders';
import { activePods, deployColumns, getDeploy, pods, recordScaling, rolloutStatusLine, rsByRevision, rsColumns, setImage } from '../controllers/testing/workloads';

describe('scenario 4: bad image, replicas 4', () => {
  it('stops at old 3 + new 2', () => {
    const c = Cluster.create();
    c.api.create('deployments', 'default', deployment('web', { replicas: 4, image: 'nginx:1.27' }));
    expect(c.runUntilTrue(() => rolloutStatusLine(getDeploy(c)) === 'deployment "web" successfully rolled out', 60_000)).toBe(true);
    const scaling = recordScaling(c);
    setImage(c, 'nginx:doesnotexist');
    c.runFor(120_000);

    const o = rsByRevision(c, 1)!;
    const n = rsByRevision(c, 2)!;
    expect(scaling).toEqual([
      `Scaled up replica set ${n.metadata?.name} from 0 to 1`,
      `Scaled down replica set ${o.metadata?.name} from 4 to 3`,
      `Scaled up replica set ${n.metadata?.name} from 1 to 2`,
    ]);
    expect(rsColumns(o)).toEqual([3, 3, 3]);
    expect(rsColumns(n)).toEqual([2, 2, 0]);
    expect(deployColumns(getDeploy(c))).toEqual({ ready: '3/4', upToDate: 2, available: 3 });
    expect(activePods(c)).toHaveLength(5);
    expect(pods(c)).toHaveLength(5);
    expect(getDeploy(c).status?.unavailableReplicas).toBe(2);
    expect(c.faults).toEqual([]);
  });
});
